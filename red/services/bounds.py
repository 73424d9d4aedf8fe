"""Values that come from the outside (query strings, forms), kept inside what the database
and Python hold: a larger number overflows SQLite's INTEGER or PostgreSQL's int4, a year 1 or
9999 overflows date arithmetic (a 500 otherwise). The parsers raise OutOfBounds with the
reason in Spanish; red/query.py turns that into a 400 page."""

from __future__ import annotations

import re
from datetime import date

# Pages past this are empty anyway.
MAX_PAGE = 10_000
# The largest id an INTEGER primary key holds on PostgreSQL (int4).
MAX_ID = 2**31 - 1
# Any other whole number: what a BIGINT (and SQLite's INTEGER) holds.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Dates people type: births, programs, reports. Outside this range they are typos.
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)

_INTEGER = re.compile(r"[+-]?[0-9]{1,20}")


class OutOfBounds(ValueError):
    """A value of the wrong kind or out of range; str() is the reason, in Spanish."""


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def parse_int(text: str, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int:
    """A whole number written in ASCII digits, within [minimum, maximum]."""
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise OutOfBounds("debe ser un número entero")
    number = int(text)
    if not minimum <= number <= maximum:
        raise OutOfBounds(f"debe estar entre {_number(minimum)} y {_number(maximum)}")
    return number


def parse_date(text: str) -> date:
    """dd/mm/aaaa or aaaa-mm-dd (red.es_co.parse_date), between 1900 and 2100."""
    from red.es_co import parse_date as read_date

    try:
        day = read_date(text)
    except ValueError:
        raise OutOfBounds("debe ser una fecha válida, como 31/12/2025") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise OutOfBounds("debe ser una fecha entre 01/01/1900 y 31/12/2100")
    return day


def clamp_page(page: int) -> int:
    return min(max(page, 1), MAX_PAGE)


def as_id(value) -> int:
    """An id from a form: request.form.get("actor", type=as_id) gives None for anything that
    is not a positive integer within MAX_ID (ValueError)."""
    return parse_int(str(value), 1, MAX_ID)


def ids_in(values) -> list[int]:
    """The valid ids among many form values (check boxes); anything else is left out."""
    ids = []
    for value in values:
        try:
            ids.append(as_id(value))
        except ValueError:
            continue
    return ids
