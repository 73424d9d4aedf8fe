"""The HSDS API's query parameters, read through red.query with their bounds.

Nothing is silently ignored: an unknown parameter, a repeated one, `page=0`,
`per_page=100000`, an id that is not a UUID or a malformed date all answer a JSON 400 in
Spanish that names the parameter and says what was expected.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, date, datetime, time

from flask import abort

from red.query import BadQueryParameter, QueryArgs, query_args
from red.services.calendar import BOGOTA

MAX_PER_PAGE = 100
MAX_PER_PAGE_MINIMAL = 1000  # `minimal` asks for everything in one page where possible
DEFAULT_PER_PAGE = 20
MAX_SEARCH = 200
FORMATS = ("json", "ndjson")
MOMENT_HELP = "debe ser una fecha y hora ISO 8601, como 2025-06-30T00:00:00-05:00 o 2025-06-30"


class Query:
    """The validated query string of one request of the HSDS API."""

    def __init__(self, args: QueryArgs) -> None:
        self.args = args

    @classmethod
    def read(cls, allowed: Collection[str]) -> Query:
        args = query_args()
        args.only(allowed)
        return cls(args)

    def page(self) -> int:
        return self.args.page()

    def per_page(self, *, minimal: bool = False) -> int:
        high = MAX_PER_PAGE_MINIMAL if minimal else MAX_PER_PAGE
        return self.args.number("per_page", minimum=1, maximum=high, default=DEFAULT_PER_PAGE)

    def boolean(self, name: str) -> bool:
        """true/false (also 1/0, si/no)."""
        return self.args.flag(name)

    def uuid(self, name: str) -> str | None:
        return self.args.uuid(name)

    def search(self) -> str:
        return self.args.text("search", max_length=MAX_SEARCH)

    def moment(self, name: str) -> datetime | None:
        raw = self.args.text(name, max_length=40) or None
        return None if raw is None else as_moment(raw, name)

    def format(self) -> str:
        return self.args.choice("format", FORMATS, "json")

    def unavailable(self, *names: str) -> None:
        """Parameters HSDS defines that Red cannot honour: refused, never ignored."""
        for name in names:
            raw = self.args.text(name)
            if raw:
                raise BadQueryParameter(
                    name,
                    raw,
                    "no está disponible: Red no registra códigos postales ni coordenadas; "
                    "filtre por municipio con «taxonomy_term_id» (taxonomía DIVIPOLA)",
                )


def as_uuid(raw: str) -> str:
    """An id in the path: the canonical form of a UUID written with hyphens, else a 400."""
    try:
        value = uuid.UUID(raw)
    except ValueError:
        value = None
    if value is None or len(raw) != 36 or raw.count("-") != 4:
        abort(
            400, "El id debe ser un identificador UUID, como 3f7b145d-84af-42d7-8fae-eaca714b02b2."
        )
    return str(value)


def as_moment(raw: str, name: str) -> datetime:
    """An ISO 8601 date-time (or date), in UTC; without a zone it is Colombia's time."""
    try:
        moment = (
            datetime.combine(date.fromisoformat(raw), time())
            if len(raw) == 10
            else datetime.fromisoformat(raw)
        )
    except ValueError:
        moment = None
    if moment is None or not 1900 <= moment.year <= 2100:
        raise BadQueryParameter(name, raw, MOMENT_HELP)
    # Stored times are UTC (SQLite keeps them without a zone): compare in UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=BOGOTA)).astimezone(UTC)
