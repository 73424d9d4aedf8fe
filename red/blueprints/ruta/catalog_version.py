"""The catalog page's first read: the catalog's version (page cache, in-memory catalog) and,
for a logged-in user, the header's two badges in the same statement.

Profiled under gunicorn (py-spy, 100k data, logged-in, a new query each time): on
PostgreSQL each statement of the page costs a round trip to a server that shares the
machine; the badges' own statement was ~10 % of the page.
"""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import bindparam, select

from red import navigation
from red.extensions import db
from red.models import CacheVersion
from red.services import page_cache

_VERSIONS = CacheVersion.__table__
# The catalog's version and, for a logged-in user, the header's badges: one statement.
_VERSION_AND_BADGES = {
    kind: select(_VERSIONS.c.version, _VERSIONS.c.changed_at, *columns).where(
        _VERSIONS.c.name == bindparam("name")
    )
    for kind, columns in navigation.BADGE_COLUMNS.items()
}


def version_and_badges() -> tuple:
    """page_cache.version_and_time, with the badges of a logged-in user's header read in the
    same statement (a logged-in page is never cached: this is its first read)."""
    kind, params = navigation.badge_kind(current_user)
    if kind is None:
        return page_cache.version_and_time(db.session)
    statement = _VERSION_AND_BADGES[kind]
    row = db.session.connection().execute(statement, {"name": page_cache.CATALOG, **params})
    row = row.first()
    if row is None:  # no version yet: the header reads its badges itself
        return (0, None)
    navigation.keep_badges(kind, row[2:])
    return (row[0], row[1])
