"""The HSDS API's query parameters: each read with its bounds, a bad value is a Spanish 400.

Nothing is silently ignored: an unknown parameter, a repeated one, `page=0`,
`per_page=100000`, an id that is not a UUID or a malformed date all answer 400 with a message
that says what was expected.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import abort
from werkzeug.datastructures import MultiDict

from red.services.bounds import MAX_PAGE

BOGOTA = ZoneInfo("America/Bogota")
MAX_PER_PAGE = 100
MAX_PER_PAGE_MINIMAL = 1000  # `minimal` asks for everything in one page where possible
DEFAULT_PER_PAGE = 20
MAX_SEARCH = 200
TRUE, FALSE = ("true", "1"), ("false", "0")
FORMATS = ("json", "ndjson")


def refuse(message: str) -> None:
    abort(400, message)


@dataclass
class Query:
    """The validated query string of one request."""

    args: Mapping[str, str]

    @classmethod
    def read(cls, args: MultiDict, allowed: Iterable[str]) -> Query:
        allowed = tuple(allowed)
        for name in args:
            if name not in allowed:
                accepted = ", ".join(allowed) if allowed else "ninguno"
                refuse(
                    f"El parámetro «{name}» no existe en esta ruta del API. "
                    f"Parámetros aceptados: {accepted}."
                )
            if len(args.getlist(name)) > 1:
                refuse(f"El parámetro «{name}» aparece más de una vez; envíelo una sola vez.")
        return cls({name: args[name] for name in args})

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.args.get(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
            refuse(f"El parámetro «{name}» debe ser un número entero entre {low} y {high}.")
        return int(raw)

    def page(self) -> int:
        return self.integer("page", 1, 1, MAX_PAGE)

    def per_page(self, *, minimal: bool = False) -> int:
        high = MAX_PER_PAGE_MINIMAL if minimal else MAX_PER_PAGE
        return self.integer("per_page", DEFAULT_PER_PAGE, 1, high)

    def boolean(self, name: str) -> bool:
        raw = self.args.get(name)
        if raw is None:
            return False
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        refuse(f"El parámetro «{name}» debe ser «true» o «false».")
        return False

    def uuid(self, name: str) -> str | None:
        raw = self.args.get(name)
        return None if raw is None else as_uuid(raw, name)

    def search(self) -> str:
        raw = self.args.get("search", "")
        if len(raw) > MAX_SEARCH:
            refuse(f"El parámetro «search» admite hasta {MAX_SEARCH} caracteres.")
        return raw.strip()

    def text(self, name: str, max_length: int = 200) -> str | None:
        raw = self.args.get(name)
        if raw is not None and len(raw) > max_length:
            refuse(f"El parámetro «{name}» admite hasta {max_length} caracteres.")
        return raw

    def moment(self, name: str) -> datetime | None:
        raw = self.args.get(name)
        return None if raw is None else as_moment(raw, name)

    def format(self) -> str:
        raw = self.args.get("format", "json")
        if raw not in FORMATS:
            refuse("El parámetro «format» debe ser «json» (por páginas) o «ndjson» (todo).")
        return raw

    def unavailable(self, *names: str) -> None:
        """Parameters HSDS defines that Red cannot honour: refused, never ignored."""
        for name in names:
            if name in self.args:
                refuse(
                    f"El parámetro «{name}» no está disponible: Red no registra códigos "
                    "postales ni coordenadas. Filtre por municipio con «taxonomy_term_id» "
                    "(términos de la taxonomía DIVIPOLA)."
                )


def as_uuid(raw: str, name: str = "id") -> str:
    """The canonical lower-case form of a UUID written with hyphens; anything else is a 400."""
    try:
        value = uuid.UUID(raw)
    except (ValueError, AttributeError):
        value = None
    if value is None or len(raw) != 36 or raw.count("-") != 4:
        refuse(
            f"«{name}» debe ser un identificador UUID, como 3f7b145d-84af-42d7-8fae-eaca714b02b2."
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
    if moment is None or not 1900 <= moment.year <= 9000:
        refuse(
            f"El parámetro «{name}» debe ser una fecha y hora ISO 8601, por ejemplo "
            "2025-06-30T00:00:00-05:00 o 2025-06-30."
        )
    # Stored times are UTC (SQLite keeps them without a zone): compare in UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=BOGOTA)).astimezone(UTC)
