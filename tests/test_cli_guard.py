"""Dangerous commands refuse by default: seed-demo, seed-synthetic and restore --replace do
nothing on a database with real people or under a production configuration, unless --force
and the database's name typed back."""

from __future__ import annotations

import pytest

from red.cli import _database_name
from red.models import Entrepreneur


@pytest.fixture
def calls(monkeypatch):
    """Record what the commands would have run, instead of running it."""
    made: list[str] = []

    def fake(name, result):
        def _run(*_args, **_kwargs):
            made.append(name)
            return result

        return _run

    monkeypatch.setattr("red.seed.demo.seed_demo", fake("seed-demo", {"actores": 0}))
    monkeypatch.setattr("red.seed.synthetic.seed_synthetic", fake("seed-synthetic", {}))
    monkeypatch.setattr("red.services.backup.restore", fake("restore", {"actors": 1}))
    monkeypatch.setattr("red.services.backup.read_backup", lambda _path: {})
    return made


@pytest.fixture
def real_person(db):
    person = Entrepreneur(
        doc_type="13", doc_number="1093000111", first_names="Luz Dary", last_names="Rincón"
    )
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def production(app):
    app.config["RED_ENV"] = "production"
    yield
    app.config["RED_ENV"] = "test"


@pytest.fixture
def backup_file(tmp_path):
    path = tmp_path / "copia.json.gz"
    path.write_bytes(b"")
    return str(path)


def commands(backup_file: str) -> dict[str, list[str]]:
    return {
        "seed-demo": ["red", "seed-demo"],
        "seed-synthetic": ["red", "seed-synthetic", "--entrepreneurs", "5"],
        "restore": ["red", "restore", backup_file, "--replace"],
    }


NAMES = ["seed-demo", "seed-synthetic", "restore"]


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_a_demo_database_outside_production(runner, calls, backup_file, name):
    result = runner.invoke(args=commands(backup_file)[name])
    assert result.exit_code == 0, result.output
    assert calls == [name]


@pytest.mark.parametrize("name", NAMES)
def test_refused_when_real_people_are_there(runner, calls, real_person, backup_file, name):
    result = runner.invoke(args=commands(backup_file)[name])
    assert result.exit_code != 0
    assert "personas que no son de los datos de demostración" in result.output
    assert "--force" in result.output
    assert calls == []


@pytest.mark.parametrize("name", NAMES)
def test_refused_under_production_configuration(runner, calls, production, backup_file, name):
    result = runner.invoke(args=commands(backup_file)[name])
    assert result.exit_code != 0
    assert "RED_ENV=production" in result.output
    assert calls == []


@pytest.mark.parametrize("name", NAMES)
def test_force_needs_the_database_name_typed(
    runner, calls, real_person, production, backup_file, name
):
    args = [*commands(backup_file)[name], "--force"]
    for wrong in ("", "si", "yes\n"):
        result = runner.invoke(args=args, input=f"{wrong}\n")
        assert result.exit_code != 0, wrong
        assert "no se hizo ningún cambio" in result.output
    assert calls == []
    result = runner.invoke(args=args, input=f"{_database_name()}\n")
    assert result.exit_code == 0, result.output
    assert calls == [name]


def test_restore_without_replace_is_not_asked(runner, calls, production, backup_file):
    """Restoring into an empty database destroys nothing: the backup's own check applies."""
    result = runner.invoke(args=["red", "restore", backup_file])
    assert result.exit_code == 0, result.output
    assert calls == ["restore"]


def test_make_run_skips_demo_data_on_a_real_database(runner, calls, real_person):
    result = runner.invoke(args=["red", "seed-demo", "--skip-if-refused"])
    assert result.exit_code == 0
    assert "Datos de demostración no cargados" in result.output
    assert calls == []
