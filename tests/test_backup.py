"""flask red backup / restore round-trip (same format on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from red.config import normalise_database_url
from red.models import Actor, Base, Indicator, Municipality
from red.services.backup import BackupError, dump, read_backup, restore, write_backup


@pytest.fixture
def empty_engine(tmp_path):
    """A second, empty database of the same kind as the test run's."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        engine = create_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    else:
        base = make_url(normalise_database_url(url))
        name = f"red_restore_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = create_engine(base.set(database=name))
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()
    if url:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_round_trip_keeps_every_row(db, tmp_path, empty_engine):
    source = db.session.connection()
    path = tmp_path / "copia.json.gz"
    counts = write_backup(source, path)
    assert counts["municipalities"] == 40
    with empty_engine.begin() as target:
        restored = restore(target, read_backup(path))
    assert restored == counts
    with empty_engine.connect() as target:
        again = dump(target)["tables"]
    original = dump(source)["tables"]
    for table in ("actors", "programs", "indicators", "municipalities", "users"):
        assert again[table] == original[table], table
    with empty_engine.connect() as target:
        figure = target.execute(
            select(Indicator.baseline_text).where(Indicator.code == "MR-3")
        ).scalar()
    assert figure == db.session.scalar(
        select(Indicator.baseline_text).where(Indicator.code == "MR-3")
    )


def test_restored_database_accepts_new_rows(db, tmp_path, empty_engine):
    path = tmp_path / "copia.json.gz"
    write_backup(db.session.connection(), path)
    with empty_engine.begin() as target:
        restore(target, read_backup(path))
        target.execute(
            Actor.__table__.insert().values(
                slug="nuevo-tras-restaurar",
                name="Nuevo",
                name_norm="nuevo",
                kind="gremio",
                network_role="miembro",
                status="activo",
                is_member=True,
                version_id=1,
            )
        )
        assert target.execute(select(func.count()).select_from(Actor.__table__)).scalar() > 1


def test_restore_refuses_a_non_empty_database(db, tmp_path):
    path = tmp_path / "copia.json.gz"
    write_backup(db.session.connection(), path)
    with pytest.raises(BackupError, match="no está vacía"):
        restore(db.session.connection(), read_backup(path))
    assert db.session.scalar(select(func.count(Municipality.code))) == 40


def test_restore_refuses_foreign_files(tmp_path):
    path = tmp_path / "otra.json.gz"
    import gzip

    with gzip.open(path, "wt") as handle:
        handle.write('{"format": "otra-cosa"}')
    with pytest.raises(BackupError, match="formato desconocido"):
        restore(None, read_backup(path))


def test_backup_command_writes_a_file(runner, tmp_path):
    target = tmp_path / "cli.json.gz"
    result = runner.invoke(args=["red", "backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "Copia escrita" in result.output and target.exists()


def test_restore_command_refuses_non_empty(runner, tmp_path):
    target = tmp_path / "cli.json.gz"
    runner.invoke(args=["red", "backup", "--output", str(target)])
    result = runner.invoke(args=["red", "restore", str(target)])
    assert result.exit_code != 0
    assert "no está vacía" in result.output
