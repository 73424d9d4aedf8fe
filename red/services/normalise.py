"""Keep the accent-folded search columns and the Spanish sort keys in step with their text.

One flush hook, so no code path (form, import, API, seed) can forget to refresh them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, object_session

from red.es_co import sort_key
from red.models import (
    Actor,
    Entrepreneur,
    Event,
    IdentityClaim,
    Municipality,
    Program,
    User,
    Venture,
)
from red.text import fold


def _join(*parts: Any) -> str:
    return fold(" ".join(str(p) for p in parts if p))


def _sort_key(*parts: Any) -> str:
    return sort_key(" ".join(str(p) for p in parts if p))


def refresh_search_columns(obj: Any) -> None:
    refresh_sort_keys(obj)
    if isinstance(obj, Program):
        # The owner as the program holds it, or by its key (the session's copy, or one query).
        owner = obj.owner if "owner" not in inspect(obj).unloaded else None
        if owner is None and obj.owner_id is not None:
            owner = object_session(obj).get(Actor, obj.owner_id)
        obj.search_norm = _join(
            obj.name,
            obj.summary,
            obj.description,
            owner.name if owner else None,
            owner.acronym if owner else None,
        )
    elif isinstance(obj, Entrepreneur | IdentityClaim):
        obj.name_norm = _join(obj.first_names, obj.last_names)
    elif isinstance(obj, Actor):
        obj.name_norm = _join(obj.name, obj.acronym)
    elif isinstance(obj, Venture):
        obj.name_norm = _join(obj.name)
    elif isinstance(obj, Event):
        obj.name_norm = _join(obj.name, obj.city)
    elif isinstance(obj, Municipality):
        obj.name_norm = _join(obj.name)
    elif isinstance(obj, User):
        obj.name_norm = _join(obj.full_name)


def refresh_sort_keys(obj: Any) -> None:
    """name_sort columns (red.models.base.sort_key_column): people by surname, then names."""
    if isinstance(obj, Entrepreneur):
        obj.name_sort = _sort_key(obj.last_names, obj.first_names)[:260]
    elif isinstance(obj, Actor | Program | Municipality):
        obj.name_sort = _sort_key(obj.name)[:200]
    elif isinstance(obj, User):
        obj.name_sort = _sort_key(obj.full_name)[:200]


def _refresh_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        refresh_search_columns(obj)


def register_hooks() -> None:
    """Install this module's flush hook on every Session; called once by the app factory
    (`red.services.hooks.register_flush_hooks`), where a reader of create_app sees it."""
    if not event.contains(Session, "before_flush", _refresh_before_flush):
        event.listen(Session, "before_flush", _refresh_before_flush)
