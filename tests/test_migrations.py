"""One Alembic history: single head, upgrade from empty, models match the DDL, down/up."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from pytest_alembic.config import Config
from pytest_alembic.tests import (  # noqa: F401  (collected as tests here)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from red.config import normalise_database_url
from red.database import configure_sqlite

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def alembic_config():
    return Config(
        config_options={
            "file": str(ROOT / "migrations" / "alembic.ini"),
            "script_location": str(ROOT / "migrations"),
        }
    )


@pytest.fixture
def alembic_engine(tmp_path):
    """An empty database of the same kind as the test run's."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        engine = create_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        configure_sqlite(engine)
        yield engine
        engine.dispose()
        return
    base = make_url(normalise_database_url(url))
    name = f"red_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(base.set(database=name))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()
