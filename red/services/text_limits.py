"""No text longer than its column reaches the database.

The forms say it first, on the field (Length validators with red/models/lengths.py's
numbers). This flush hook is the net behind them, for every other way in (imports, services,
the API, a form someone forgets): an over-long value raises TextTooLong, which the views show
as a Spanish message, instead of a PostgreSQL error (a 500) or, on SQLite, which never
enforces VARCHAR lengths, a value silently stored.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session


class TextTooLong(ValueError):
    """A text is longer than its column allows; the message is Spanish and shown to users."""

    def __init__(self, table: str, column: str, length: int, actual: int) -> None:
        self.table, self.column, self.length, self.actual = table, column, length, actual
        super().__init__(
            f"Un texto es demasiado largo: admite como máximo {length:,} caracteres y tiene "
            f"{actual:,}. No se guardó nada; acórtelo e intente de nuevo.".replace(",", ".")
        )


@cache
def _limited_columns(mapper) -> list[tuple[str, str, int]]:
    """(attribute, column, length) of the mapper's String(n) columns."""
    found = []
    for attr in mapper.column_attrs:
        for column in attr.columns:
            length = getattr(column.type, "length", None)
            if isinstance(column.type, String) and length:
                found.append((attr.key, column.name, length))
    return found


def check_lengths(obj: Any) -> None:
    state = inspect(obj)
    for key, column, length in _limited_columns(state.mapper):
        value = state.dict.get(key)
        if isinstance(value, str) and len(value) > length:
            raise TextTooLong(state.mapper.local_table.name, column, length, len(value))


def _refuse_overlong_text(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        check_lengths(obj)


def register_hooks() -> None:
    """Install this module's flush hook on every Session; called once by the app factory
    (`red.services.hooks.register_flush_hooks`), where a reader of create_app sees it."""
    if not event.contains(Session, "before_flush", _refuse_overlong_text):
        event.listen(Session, "before_flush", _refuse_overlong_text)
