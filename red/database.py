"""Engine set-up: SQLite opened so that several gunicorn workers never lose an update.

pysqlite's own transaction handling starts transactions lazily and as DEFERRED, so two
workers doing read-modify-write both read the old value and one write is lost. We switch it
off (isolation_level=None) and emit BEGIN ourselves: BEGIN IMMEDIATE (take the write lock up
front) for requests that write and for CLI work, plain BEGIN for reads. WAL lets readers go on
while one writer works; busy_timeout makes a writer wait for the lock instead of failing.
"""

from __future__ import annotations

import contextvars

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 15000
# Set by background jobs that only read (big exports): a plain BEGIN, so a long export never
# holds SQLite's single writer lock.
read_only_work: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "read_only_work", default=False
)


def request_writes() -> bool:
    """True when the current unit of work may write: non-GET requests and everything outside
    a request (CLI commands, scripts, jobs) unless the work said it only reads."""
    if has_request_context():
        return request.method not in SAFE_METHODS
    return not read_only_work.get()


def configure_sqlite(engine: Engine) -> None:
    """Install the connect/begin hooks on a SQLite engine (no-op for other dialects)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE" if request_writes() else "BEGIN")
