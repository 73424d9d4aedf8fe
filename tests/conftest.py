"""Test fixtures: one app per session, its database built by the migrations, the demo data
loaded once, each test rolled back.

SQLite in memory by default; PostgreSQL when TEST_DATABASE_URL is set. Every test runs
inside an outer transaction; the app's own commits become savepoint releases, and the outer
transaction is rolled back at the end, so tests never see each other's rows.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from red import create_app
from red.config import TestConfig
from red.extensions import db as _db
from red.extensions import limiter
from red.seed.demo_accounts import DEMO_PASSWORD  # noqa: F401  (tests import it from here)
from tests.factories import DEMO_ACCOUNTS, stored_user

# Property tests explore the same examples on every run: CI never goes red by chance.
# (Run `pytest --hypothesis-profile=explore` locally to search with fresh random examples.)
hypothesis_settings.register_profile("repeatable", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile("repeatable")

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _fresh_g() -> None:
    from flask import g

    for key in list(vars(g)):
        delattr(g, key)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(TestConfig)
    app.config["INSTANCE_UPLOADS"] = str(tmp_path_factory.mktemp("uploads"))
    app.config["JOBS_DIR"] = str(tmp_path_factory.mktemp("jobs"))
    app.config["OPEN_DATA_DIR"] = str(tmp_path_factory.mktemp("open-data"))
    # Tests keep one app context open (for db.session), so requests share its `g`; in
    # production every request has a fresh one. Start each request with a clean `g`.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    with app.app_context():
        _empty_schema()
        _migrate_to_head()
        from red.seed.demo import seed_demo

        seed_demo(_db.session)
        _db.session.commit()
        _db.session.remove()
    yield app
    with app.app_context():
        _db.session.remove()
        _empty_schema()


def _empty_schema() -> None:
    """PostgreSQL keeps its tables between runs: start and end with an empty schema (the
    in-memory SQLite database is new every run)."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")


def _migrate_to_head() -> None:
    """Build the test database the way production is built: by running every migration
    (not `create_all`), so a constraint or index the models declare but no migration
    creates shows up in tests/test_schema_drift.py instead of in production."""
    from flask_migrate import upgrade

    upgrade(directory=str(MIGRATIONS))


@pytest.fixture(autouse=True)
def db(app):
    """The database for one test, rolled back afterwards."""
    with app.app_context():
        engines = _db._app_engines[app]
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        factory_kw = _db.session.session_factory.kw
        factory_kw["join_transaction_mode"] = "create_savepoint"
        limiter.reset()
        # Cached pages of a rolled-back test must not leak into the next one.
        from red.services.page_cache import catalog_pages

        catalog_pages.clear()
        from red.services.catalog_index import indexes
        from red.services.query_understanding import lexicons

        lexicons.clear()
        indexes.clear()
        # The open-data zip is cached by catalog version, and every rolled-back test starts
        # the catalog at the same version: a zip an earlier test built must not answer.
        shutil.rmtree(app.config["OPEN_DATA_DIR"], ignore_errors=True)
        try:
            yield _db
        finally:
            _db.session.remove()
            mismatch = _person_access_mismatch(connection)
            factory_kw.pop("join_transaction_mode", None)
            engines[None] = engine
            transaction.rollback()
            connection.close()
        if mismatch:
            pytest.fail(f"person_access differs from the visibility rule: {mismatch}")


def _person_access_mismatch(connection) -> str:
    """After every test: the derived person_access table must equal the rule it caches
    (red/services/person_access.py), whatever the test did. Empty when they agree."""
    from sqlalchemy.exc import DBAPIError

    from red.models import PersonAccess
    from red.services.person_access import relation_rows

    try:
        with connection.begin_nested():
            stored = set(
                connection.execute(select(PersonAccess.actor_id, PersonAccess.entrepreneur_id))
            )
            granted = set(connection.execute(relation_rows()))
    except DBAPIError:  # the test left its transaction unusable; nothing to compare
        return ""
    if stored == granted:
        return ""
    return f"missing {sorted(granted - stored)[:5]}, extra {sorted(stored - granted)[:5]}"


@pytest.fixture
def living_demo(db):
    """The demonstration activity of `flask red seed-demo` (twelve months up to today), for
    the tests that need a network at work; the session-wide data stays the report's only,
    so every other test keeps its small, known world. Rolled back like everything else."""
    from red.seed.demo_activity import seed_demo_activity
    from red.services.calendar import local_today

    today = local_today()
    counts = seed_demo_activity(db.session, today=today)
    db.session.commit()
    return {"today": today, "counts": counts}


@pytest.fixture
def world(db):
    """Two actors with their staff, an admin, a núcleo account and a program each
    (tests/factories.py World); `world.person()` registers someone A may see."""
    from tests import factories

    return factories.world()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def user_by_email(email: str):
    """The stored account (tests/factories.py: stored_user)."""
    return stored_user(email)


@pytest.fixture
def login_as(client) -> Callable:
    """login_as("admin") or login_as(user): puts the user's session in the test client.

    Uses the session directly (no password hashing) so permission sweeps stay fast;
    the real login form has its own tests.
    """

    def _login(who):
        user = user_by_email(DEMO_ACCOUNTS.get(who, who)) if isinstance(who, str) else who
        assert user is not None, f"no such account: {who}"
        put_session(client, user)
        return user

    return _login


def put_session(client, user) -> None:
    """Open a server-side session for `user` and hand its cookie to the test client."""
    from datetime import timedelta

    from red.services.accounts import open_session

    session_id = open_session(_db.session, user, timedelta(hours=8))
    # As a real login does: the session outlives a request that rolls back its own work.
    _db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


class QueryCounter:
    IGNORED = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK TO|BEGIN|COMMIT|PRAGMA)", re.I)

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        if not self.IGNORED.match(statement):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries() -> Callable:
    """with count_queries() as counter: ...; counter.count is the number of SQL statements."""

    @contextlib.contextmanager
    def _count() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        event.listen(Engine, "after_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(Engine, "after_cursor_execute", counter)

    return _count


@pytest.fixture
def unlimited_api(app, monkeypatch):
    """Crawls of the public APIs send hundreds of requests from one address: lift the per-IP
    limit (API_RATE_LIMIT) for that test only."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
