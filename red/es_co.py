"""Numbers, dates and name order the way they are written in Colombia (es-CO).

One place for what people type and read: `1,5` is one and a half, `1.500.000` is a million and
a half pesos, `31/12/2025` is the last day of 2025, and «Ábrego» sorts with the A. Every form
field (red/forms.py), every Jinja filter (red/templating.py) and every sort-key column uses
these functions, so that what Red shows can be typed back in unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_decimal,
    parse_decimal,
    parse_pattern,
)

LOCALE = "es_CO"
_LOCALE = Locale.parse(LOCALE)
# dd/mm/aaaa first (what people type; d/m/aaaa and dd-mm-aaaa too), then what a date picker sends.
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")

# What people add around a number: a peso sign, "COP", spaces (also the no-break kinds).
_DECORATION = re.compile(r"(?i)^\s*\$?\s*|\s*(cop|\$)?\s*$")
_SPACES_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\u00a0\u202f]+(?=\d)")
# "2.5" or "0.75": a lone dot not followed by a group of three digits cannot be a thousands
# separator, so it is the decimal point of a phone keyboard that offers no comma.
_DOT_DECIMAL = re.compile(r"[+-]?\d+\.(\d{1,2}|\d{4,})")


class NumberError(ValueError):
    """Text that is not a number; str() is the reason, in Spanish."""


def parse_number(text: str) -> Decimal:
    """A number as Colombians write it: decimal comma, dots between thousands.

    Babel's strict parser (locale es_CO) rejects a misplaced separator instead of guessing,
    so "1.5" is not read as 15. The one guess made is the phone keyboard's dot ("2.5",
    "0.75"), which cannot be a thousands separator.
    """
    cleaned = _SPACES_BETWEEN_DIGITS.sub("", _DECORATION.sub("", text or ""))
    if not cleaned:
        raise NumberError("Escriba un número.")
    if _DOT_DECIMAL.fullmatch(cleaned):
        return Decimal(cleaned)
    try:
        return parse_decimal(cleaned, locale=LOCALE, strict=True)
    except NumberFormatError as error:
        raise NumberError(
            "Escriba un número como 1,5 o 1.500.000 (coma para decimales, punto para miles)."
        ) from error


def parse_whole_number(text: str) -> int:
    """A whole number: "1.500.000" -> 1500000; "1,5" is refused with a clear message."""
    number = parse_number(text)
    if number != number.to_integral_value():
        raise NumberError("Escriba un número entero, sin decimales.")
    return int(number)


def parse_date(text: str) -> date:
    """dd/mm/aaaa (what people type) or aaaa-mm-dd (what a date picker sends); ValueError
    otherwise. The range a field accepts (1900–2100) is checked by its caller."""
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


@lru_cache(maxsize=8)
def _number_pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """28.000.000 and 63,5: the decimals given, dots between thousands.

    Babel's own formatting with the locale and the pattern parsed once (parsing them on
    every call was two thirds of the cost; /nucleo formats ~170 numbers)."""
    if value is None:
        return ""
    return format_decimal(
        value, format=_number_pattern(decimals), locale=_LOCALE, decimal_quantization=True
    )


def format_input_number(value: int | float | Decimal | None) -> str:
    """A number put back into a form field: as many decimals as it has, none trailing
    (1,5 rather than 1,50), so it reads as typed and parses back to the same value."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.###", locale=LOCALE)


def sort_key(text: str | None) -> str:
    """A key that orders names the Spanish way under a byte-wise comparison.

    Accents fold into their letter (Ábrego with the A), case is ignored, and ñ becomes "n~":
    "~" sorts after every letter, so Ocaña comes after Ocana and before Ocao. Other signs
    are dropped. Stored in *_sort columns (bytewise collation on both databases) so that
    ORDER BY gives the same order on SQLite and PostgreSQL.
    """
    if not text:
        return ""
    text = text.lower().replace("ñ", "n~").replace("n\u0303", "n~")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch == "~" else " "
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return re.sub(r"\s+", " ", kept).strip()


def catalog_order(entries: Iterable[Any]) -> list[Any]:
    """Catalog entries (sectors, chains, populations…) by their position, then by name the
    Spanish way: these catalogs keep no name_sort column, so the tie is broken here."""
    return sorted(entries, key=lambda e: (e.position, sort_key(e.name), e.name))
