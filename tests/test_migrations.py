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


def test_open_data_ids_are_given_to_existing_rows(alembic_runner, alembic_engine):
    """Rows written before the open-data identifiers get one each, distinct, in canonical
    UUID form; links and their parents keep every row (nothing cascades)."""
    alembic_runner.migrate_up_before("b14c0576eb2e")
    with alembic_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO municipalities (code, name, name_norm, subregion) "
                "VALUES ('54810', 'Tibú', 'tibu', 'Norte')"
            )
        )
        for actor_id in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO actors (id, slug, name, name_norm, kind, network_role, status, "
                    "is_member, version_id, created_at, updated_at) VALUES (:i, :s, 'A', 'a', "
                    "'otro', 'miembro', 'activo', true, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"i": actor_id, "s": f"actor-{actor_id}"},
            )
        conn.execute(
            text(
                "INSERT INTO programs (id, slug, name, search_norm, owner_id, is_free, modality, "
                "status, whole_department, for_subsistence, version_id, created_at, updated_at) "
                "VALUES (1, 'p', 'P', 'p', 1, true, 'presencial', 'publicado', false, false, 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO program_municipalities (program_id, municipality_code) "
                "VALUES (1, '54810')"
            )
        )
    alembic_runner.migrate_up_one()
    with alembic_engine.connect() as conn:
        actors = [row[0] for row in conn.execute(text("SELECT uuid FROM actors"))]
        program = conn.execute(text("SELECT uuid, contact_uuid FROM programs")).one()
        link = conn.execute(text("SELECT uuid, attribute_uuid FROM program_municipalities")).one()
        place = conn.execute(text("SELECT uuid FROM municipalities")).scalar_one()
    values = [*actors, *program, *link, place]
    assert len(set(values)) == len(values) == 7
    assert all(str(uuid.UUID(value)) == value for value in values)


def _row_counts(engine) -> dict[str, int]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def test_text_lengths_keep_every_row_and_the_search_triggers(alembic_runner, alembic_engine):
    """8da4e20e9373 rebuilds most tables on SQLite: with the demo data in, every table keeps
    its rows (links with ON DELETE CASCADE included) and ventures stay searchable."""
    from sqlalchemy.orm import Session

    from red import create_app
    from red.config import TestConfig
    from red.seed.demo import seed_demo

    # The demo is loaded by today's models, so at the head; then the schema goes back to just
    # before the rebuild (later columns dropped, rows kept) and the rebuild runs again.
    alembic_runner.migrate_up_to("heads")
    with create_app(TestConfig).app_context(), Session(alembic_engine) as session:
        seed_demo(session)
        session.commit()
    alembic_runner.migrate_down_to("3aba6a2aa3e3")
    before = _row_counts(alembic_engine)
    alembic_runner.migrate_up_one()
    assert _row_counts(alembic_engine) == before
    assert before["program_municipalities"] > 0 and before["ventures"] > 0
    if alembic_engine.dialect.name != "sqlite":
        return
    with alembic_engine.begin() as conn:
        person = conn.execute(text("SELECT id FROM entrepreneurs LIMIT 1")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO ventures (entrepreneur_id, name, name_norm, is_formal, is_subsistence, "
                "version_id, created_at, updated_at) VALUES (:p, 'Quesillos Zulia', 'quesillos zulia', "
                "false, false, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"p": person},
        )
        found = conn.execute(
            text("SELECT entrepreneur_id FROM people_search WHERE name MATCH 'quesillos'")
        ).scalar_one()
    assert found == person


def test_text_lengths_refuse_rows_that_do_not_fit(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_before("8da4e20e9373")
    with alembic_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO service_types (code, name, description, position, active, uuid) "
                "VALUES ('larga', 'Larga', :d, 1, true, '5a3b8a0e-8f1c-4a8e-9d7b-2f7c1e0d4b6a')"
            ),
            {"d": "x" * 2500},
        )
    with pytest.raises(RuntimeError, match="service_types.description: 1 filas"):
        alembic_runner.migrate_up_one()


PERSON_INSERT = text(
    "INSERT INTO entrepreneurs (doc_type, doc_number, first_names, last_names, name_norm, "
    "sensitive_consent, claim_in_progress, is_demo, version_id, created_at, updated_at) "
    "VALUES ('13', :doc, 'Quiteria', 'Zulia', :name, false, false, false, 1, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


def test_people_search_indexes_people_on_a_migrated_sqlite(alembic_runner, alembic_engine):
    """The is_demo rebuild of `entrepreneurs` dropped its FTS triggers on SQLite; 659dac37aa1e
    brings them back and indexes the people added meanwhile."""
    if alembic_engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    alembic_runner.migrate_up_to("4b613276a8c3")
    with alembic_engine.begin() as conn:
        conn.execute(PERSON_INSERT, {"doc": "1090777001", "name": "quiteria zulia"})
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.begin() as conn:
        conn.execute(PERSON_INSERT, {"doc": "1090777002", "name": "quiteria norte"})
        found = conn.execute(
            text("SELECT count(*) FROM people_search WHERE name MATCH '\"quiteria\"'")
        ).scalar_one()
    assert found == 2
