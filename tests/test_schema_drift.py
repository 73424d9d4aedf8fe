"""The schema the migrations build is the schema the models declare.

The test database is built by running the migrations (tests/conftest.py), so every other
test already runs on the migrated schema. Alembic's own comparison (pytest-alembic's
`test_model_definitions_match_ddl`, in tests/test_migrations.py) covers tables, columns,
indexes, unique constraints and foreign keys, but not CHECK constraints: a CHECK that a
model declares and no migration creates, or one a migration creates that the models no
longer declare, or a list of allowed values changed in the code only, passes unnoticed
there. This module compares those, and the indexes again by name, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

from sqlalchemy import CheckConstraint, inspect

from red.extensions import db as _db
from red.models.base import Base

# Objects that live outside the models on purpose (migrations/env.py skips them as well):
# the people-search index (FTS5 on SQLite, `…_trgm` trigram indexes on PostgreSQL).
SKIPPED_TABLE_PREFIXES = ("people_search", "alembic_version")
SKIPPED_INDEX_PREFIXES = ("ix_people_search", "ix_trgm", "people_search")

_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def _literals(sql: str) -> frozenset[str]:
    """The quoted values an expression allows ('enviada', 'aceptada'…), whatever syntax the
    database uses to give it back (`IN (…)` on SQLite, `= ANY (ARRAY[…])` on PostgreSQL)."""
    return frozenset(_QUOTED.findall(sql))


def _declared_checks(table) -> dict[str, frozenset[str]]:
    dialect = _db.engine.dialect
    checks = {}
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint) and constraint.name:
            sql = str(constraint.sqltext.compile(dialect=dialect))
            checks[str(constraint.name)] = _literals(sql)
    return checks


def _migrated_checks(inspector, table_name: str) -> dict[str, frozenset[str]]:
    return {
        c["name"]: _literals(c["sqltext"])
        for c in inspector.get_check_constraints(table_name)
        if c.get("name")
    }


def _model_tables():
    return [
        table
        for table in Base.metadata.sorted_tables
        if not table.name.startswith(SKIPPED_TABLE_PREFIXES)
    ]


def _check_drift(table, inspector) -> list[str]:
    declared, migrated = _declared_checks(table), _migrated_checks(inspector, table.name)
    problems = [
        f"{table.name}: CHECK {n} declared, not migrated" for n in declared.keys() - migrated.keys()
    ]
    problems += [
        f"{table.name}: CHECK {n} migrated, not declared" for n in migrated.keys() - declared.keys()
    ]
    problems += [
        f"{table.name}: CHECK {n} allows {sorted(migrated[n])} in the database, "
        f"{sorted(declared[n])} in the model"
        for n in declared.keys() & migrated.keys()
        if declared[n] != migrated[n]
    ]
    return problems


def test_every_check_constraint_of_the_models_is_in_the_migrated_schema(db):
    inspector = inspect(db.session.connection())
    problems = [p for table in _model_tables() for p in _check_drift(table, inspector)]
    assert not problems, "schema drift:\n" + "\n".join(problems)


def test_every_index_of_the_models_is_in_the_migrated_schema(db):
    inspector = inspect(db.session.connection())
    problems = []
    for table in _model_tables():
        declared = {str(i.name) for i in table.indexes}
        migrated = {
            i["name"]
            for i in inspector.get_indexes(table.name)
            # PostgreSQL also lists the index behind each UNIQUE constraint.
            if not i["name"].startswith(SKIPPED_INDEX_PREFIXES)
            and not i["name"].endswith("_trgm")
            and "duplicates_constraint" not in i
        }
        problems += [f"{table.name}: index {n} declared, not migrated" for n in declared - migrated]
        problems += [f"{table.name}: index {n} migrated, not declared" for n in migrated - declared]
    assert not problems, "schema drift:\n" + "\n".join(problems)


def test_the_drift_check_sees_a_missing_check(db):
    """The comparison bites: a CHECK dropped from the database is reported."""
    table = next(t for t in _model_tables() if t.name == "referrals")
    inspector = inspect(db.session.connection())
    assert not _check_drift(table, inspector)

    class Without:
        """The inspector's answer with the referral status CHECK gone, as if no migration
        had created it."""

        def get_check_constraints(self, name):
            return [
                c
                for c in inspector.get_check_constraints(name)
                if c["name"] != "ck_referrals_status"
            ]

    assert _check_drift(table, Without()) == [
        "referrals: CHECK ck_referrals_status declared, not migrated"
    ]


def test_the_people_search_index_survives_the_migrations(db):
    """SQLite drops a table's triggers when a batch migration rebuilds it; the people-search
    index then silently stops following new people (it happened once: a600522947c1)."""
    from sqlalchemy import func, select, text

    from red.models import Entrepreneur, Venture
    from red.models.search_index import SQLITE_TABLE, SQLITE_TRIGGERS

    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        indexes = {i["name"] for i in inspect(connection).get_indexes("entrepreneurs")}
        assert {"ix_entrepreneurs_name_norm_trgm", "ix_entrepreneurs_doc_number_trgm"} <= indexes
        return
    triggers = set(
        connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
    )
    assert set(SQLITE_TRIGGERS) <= triggers
    indexed = connection.execute(text(f"SELECT count(*) FROM {SQLITE_TABLE}")).scalar()
    rows = db.session.scalar(select(func.count()).select_from(Entrepreneur)) + db.session.scalar(
        select(func.count()).select_from(Venture)
    )
    assert indexed == rows
