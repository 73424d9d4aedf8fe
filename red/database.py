"""Engine set-up: SQLite opened so that several gunicorn workers never lose an update, and
PostgreSQL with a pool sized for the worker and time limits on every connection.

pysqlite's own transaction handling starts transactions lazily and as DEFERRED, so two
workers doing read-modify-write both read the old value and one write is lost. We switch it
off (isolation_level=None) and emit BEGIN ourselves: BEGIN IMMEDIATE (take the write lock up
front) for requests that write and for CLI work, plain BEGIN for reads. WAL lets readers go on
while one writer works; busy_timeout makes a writer wait for the lock instead of failing.

PostgreSQL: nothing stopped a runaway query from holding a worker (and its connection) for as
long as it ran. Every connection now opens with `statement_timeout` and
`idle_in_transaction_session_timeout` (DB_STATEMENT_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS);
a cancelled statement raises an OperationalError that red/errors.py answers with the Spanish
503 page. Work outside a request (migrations, seeding, backups: long by nature) lifts the
statement limit on the connection it checks out and puts it back for the next request.
"""

from __future__ import annotations

import contextvars
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

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


def engine_options(config: Any) -> dict[str, Any]:
    """SQLALCHEMY_ENGINE_OPTIONS for the configured database: the pool and the per-connection
    limits on PostgreSQL; SQLite keeps its own pool (an in-memory test database has one
    connection and takes no pool size)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if make_url(config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "postgresql":
        return options
    options.setdefault("pool_size", config.get("DB_POOL_SIZE", 2))
    options.setdefault("max_overflow", config.get("DB_MAX_OVERFLOW", 2))
    options.setdefault("pool_timeout", config.get("DB_POOL_TIMEOUT", 10))
    settings = {
        "statement_timeout": int(config.get("DB_STATEMENT_TIMEOUT_MS", 0)),
        "idle_in_transaction_session_timeout": int(
            config.get("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 0)
        ),
    }
    connect_args = dict(options.get("connect_args") or {})
    given = connect_args.get("options", "")
    connect_args["options"] = " ".join(
        [given, *(f"-c {name}={value}" for name, value in settings.items())]
    ).strip()
    options["connect_args"] = connect_args
    return options


def configure_postgresql(engine: Engine, statement_timeout_ms: int) -> None:
    """Lift the statement limit outside requests and restore it inside (no-op elsewhere).

    The limit set at connect is the request's; a CLI command's connection gets
    `statement_timeout = 0`. The SET is committed at once (a SET inside a transaction that
    rolls back would be undone) and only sent when the connection's value must change."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(_dbapi_connection, record):  # noqa: ANN001
        record.info["statement_timeout"] = statement_timeout_ms

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):  # noqa: ANN001
        wanted = statement_timeout_ms if has_request_context() else 0
        if record.info.get("statement_timeout") == wanted:
            return
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(wanted)}")
        dbapi_connection.commit()
        record.info["statement_timeout"] = wanted
