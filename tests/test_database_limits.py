"""Production limits on the database (issue 21): a pool sized for the worker, a statement
timeout per PostgreSQL connection, and the Spanish 503 page when a query runs too long."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from red import create_app
from red.config import TestConfig
from red.database import engine_options
from red.errors import TOO_SLOW
from red.extensions import db
from red.permissions import PUBLIC, access

ON_POSTGRESQL = "postgresql" in os.environ.get("TEST_DATABASE_URL", "")


def test_postgresql_connections_get_the_pool_and_the_limits():
    options = engine_options(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://red@db/red",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "DB_POOL_SIZE": 3,
            "DB_MAX_OVERFLOW": 1,
            "DB_POOL_TIMEOUT": 7,
            "DB_STATEMENT_TIMEOUT_MS": 5000,
            "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS": 60000,
        }
    )
    assert options["pool_pre_ping"] is True
    assert (options["pool_size"], options["max_overflow"], options["pool_timeout"]) == (3, 1, 7)
    assert options["connect_args"]["options"] == (
        "-c statement_timeout=5000 -c idle_in_transaction_session_timeout=60000"
    )


def test_sqlite_keeps_its_own_pool():
    """No pool size for SQLite (an in-memory database has a single connection); its
    busy_timeout is set at connect in red/database.py as before."""
    options = engine_options(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SQLALCHEMY_ENGINE_OPTIONS": {"x": 1}}
    )
    assert options == {"x": 1}


def test_pool_follows_the_worker_threads(monkeypatch):
    import importlib

    import red.config

    monkeypatch.setenv("WORKER_THREADS", "4")
    monkeypatch.delenv("DB_POOL_SIZE", raising=False)
    try:
        assert importlib.reload(red.config).Config.DB_POOL_SIZE == 5
    finally:
        monkeypatch.undo()
        importlib.reload(red.config)


def _app_with(route, **settings):
    app = create_app(TestConfig, **settings)
    app.add_url_rule("/_prueba/lenta", "slow", access(PUBLIC)(route))
    return app


def test_a_cancelled_statement_answers_the_spanish_503_page():
    """What PostgreSQL raises on statement_timeout (SQLSTATE 57014), on any engine."""

    class Canceled(Exception):
        sqlstate = "57014"

    def slow():
        raise OperationalError("SELECT …", {}, Canceled("canceling statement due to timeout"))

    response = _app_with(slow).test_client().get("/_prueba/lenta")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "tardó demasiado" in page and 'lang="es' in page
    assert TOO_SLOW.split(";")[0] in page


@pytest.mark.skipif(not ON_POSTGRESQL, reason="statement_timeout is PostgreSQL's")
def test_postgresql_cancels_a_long_statement_in_a_request_but_not_in_a_command():
    def slow():
        db.session.execute(text("SELECT pg_sleep(2)"))
        return "no debería llegar"

    app = _app_with(slow, DB_STATEMENT_TIMEOUT_MS=200)
    response = app.test_client().get("/_prueba/lenta")
    assert response.status_code == 503
    assert "tardó demasiado" in response.get_data(as_text=True)
    with app.app_context():  # a CLI command's connection: no limit
        assert db.session.scalar(text("SHOW statement_timeout")) == "0"
        assert db.session.scalar(text("SHOW idle_in_transaction_session_timeout")) == "1min"
        db.session.remove()
    with app.test_request_context("/"):
        assert db.session.scalar(text("SHOW statement_timeout")) == "200ms"
        db.session.remove()
    with app.app_context():
        db.engine.dispose()
