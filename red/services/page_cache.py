"""A small per-worker cache of public catalog pages, correct across workers.

The public catalog is read far more than it changes. Each worker keeps rendered pages keyed
by the request's URL, the day in Colombia (the "abierta" filter depends on it) and the
catalog's version counter; any flush that changes programs (their coverage, stages and other
links included), actors or the catalogs bumps that counter in the same transaction, so every
worker sees the change on its next request (one cheap SELECT). The same counter keys each
worker's in-memory catalog (red/services/catalog_index.py), which a bump rebuilds.

Only what the cached pages and the in-memory catalog show moves the counter: a referral,
a person or an atención does not (neither shows places left, which only the program's own
page does, uncached), so the busiest writes never rebuild the catalog.
Only anonymous requests without pending flash messages are cached: nothing personal is
ever stored or served from here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from red.models import (
    Actor,
    CacheVersion,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    Program,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.base import utcnow

CATALOG = "catalog"
# What the catalog pages, the in-memory catalog and the open data show.
CATALOG_SOURCES = (
    Program,
    Actor,
    RouteStage,
    ServiceType,
    Sector,
    ProductiveChain,
    PopulationGroup,
    Municipality,
)
MAX_ENTRIES = 512


class PageCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._pages: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: tuple) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: str) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


catalog_pages = PageCache()


_TABLE = CacheVersion.__table__
# Built once: every catalog request runs it, so it skips the ORM's per-statement work.
_VERSION = select(_TABLE.c.version, _TABLE.c.changed_at).where(_TABLE.c.name == bindparam("name"))


def current_version(session: Session, name: str = CATALOG) -> int:
    return version_and_time(session, name)[0]


def version_and_time(session: Session, name: str = CATALOG) -> tuple[int, datetime | None]:
    """The counter and when it last moved (None before its first bump), in one statement."""
    row = session.connection().execute(_VERSION, {"name": name}).first()
    return (row.version, row.changed_at) if row else (0, None)


def bump_version(session: Session, name: str = CATALOG) -> None:
    """Mark everything cached for `name` stale, inside the caller's transaction.

    Core statements on the session's connection, so it also works from a flush hook.
    """
    table = _TABLE
    connection = session.connection()
    now = utcnow()
    bumped = connection.execute(
        update(table)
        .where(table.c.name == name)
        .values(version=table.c.version + 1, changed_at=now)
    )
    if not bumped.rowcount:
        connection.execute(insert(table).values(name=name, version=1, changed_at=now))


def _touches_catalog(session: Session) -> bool:
    """Called in after_flush, where the session still lists what this flush wrote; an object
    that is only "dirty" with no value changed (a field set to what it held) does not count."""
    if any(isinstance(obj, CATALOG_SOURCES) for obj in (*session.new, *session.deleted)):
        return True
    return any(
        isinstance(obj, CATALOG_SOURCES) and session.is_modified(obj) for obj in session.dirty
    )


def _bump_on_catalog_change(session: Session, _context: Any) -> None:
    if _touches_catalog(session):
        bump_version(session)


def register_hooks() -> None:
    """Install this module's flush hook on every Session; called once by the app factory
    (`red.services.hooks.register_flush_hooks`), where a reader of create_app sees it."""
    if not event.contains(Session, "after_flush", _bump_on_catalog_change):
        event.listen(Session, "after_flush", _bump_on_catalog_change)
