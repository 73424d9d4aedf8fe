"""The substring index behind the people search (see red/services/people_search.py).

SQLite: an FTS5 table with the trigram tokenizer, one row per person (rowid = person id:
folded name and document) and one per venture (rowid = -venture id: folded venture name),
kept current by triggers, so bulk loads, merges and anonymising keep it right without the
ORM. PostgreSQL: `pg_trgm` GIN indexes on the same columns. Created after the tables by
create_all (tests) and by migration 1876e1a2aef0 (production); Alembic's model comparison
skips these objects (`is_search_object`, used in migrations/env.py).

On SQLite a batch migration that rebuilds `entrepreneurs` or `ventures` drops their triggers
with the old table: such a migration must call `uninstall` and `install` afterwards (as
659dac37aa1e repairs a600522947c1). tests/test_schema_drift.py fails when they are missing.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, Text, event, text
from sqlalchemy.engine import Connection

from red.models.base import Base

SQLITE_TABLE = "people_search"

# The FTS5 table, described for queries only: it is never created from this description
# (it lives in its own MetaData, outside the models' metadata and Alembic's comparison).
people_search = Table(
    SQLITE_TABLE,
    MetaData(),
    Column("rowid", Integer, primary_key=True),
    Column("name", Text),
    Column("doc", Text),
    Column("entrepreneur_id", Integer),
)

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5("
    "name, doc, entrepreneur_id UNINDEXED, tokenize = 'trigram')",
    # People.
    f"""CREATE TRIGGER {SQLITE_TABLE}_person_insert AFTER INSERT ON entrepreneurs BEGIN
        INSERT INTO {SQLITE_TABLE} (rowid, name, doc, entrepreneur_id)
        VALUES (new.id, new.name_norm, new.doc_number, new.id);
    END""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_person_update
        AFTER UPDATE OF name_norm, doc_number ON entrepreneurs BEGIN
        UPDATE {SQLITE_TABLE} SET name = new.name_norm, doc = new.doc_number
        WHERE rowid = new.id;
    END""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_person_delete AFTER DELETE ON entrepreneurs BEGIN
        DELETE FROM {SQLITE_TABLE} WHERE rowid = old.id;
    END""",
    # Ventures (negative rowids, so they never collide with people).
    f"""CREATE TRIGGER {SQLITE_TABLE}_venture_insert AFTER INSERT ON ventures BEGIN
        INSERT INTO {SQLITE_TABLE} (rowid, name, doc, entrepreneur_id)
        VALUES (-new.id, new.name_norm, '', new.entrepreneur_id);
    END""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_venture_update
        AFTER UPDATE OF name_norm, entrepreneur_id ON ventures BEGIN
        UPDATE {SQLITE_TABLE} SET name = new.name_norm, entrepreneur_id = new.entrepreneur_id
        WHERE rowid = -new.id;
    END""",
    f"""CREATE TRIGGER {SQLITE_TABLE}_venture_delete AFTER DELETE ON ventures BEGIN
        DELETE FROM {SQLITE_TABLE} WHERE rowid = -old.id;
    END""",
    # Rows that existed before the index (a migrated database).
    f"""INSERT INTO {SQLITE_TABLE} (rowid, name, doc, entrepreneur_id)
        SELECT id, name_norm, doc_number, id FROM entrepreneurs""",
    f"""INSERT INTO {SQLITE_TABLE} (rowid, name, doc, entrepreneur_id)
        SELECT -id, name_norm, '', entrepreneur_id FROM ventures""",
)
SQLITE_TRIGGERS = tuple(
    f"{SQLITE_TABLE}_{kind}_{action}"
    for kind in ("person", "venture")
    for action in ("insert", "update", "delete")
)
# The triggers live on entrepreneurs and ventures: dropping the FTS table leaves them.
SQLITE_DROP = (
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
)

POSTGRESQL_INDEXES = {
    "ix_entrepreneurs_name_norm_trgm": ("entrepreneurs", "name_norm"),
    "ix_entrepreneurs_doc_number_trgm": ("entrepreneurs", "doc_number"),
    "ix_ventures_name_norm_trgm": ("ventures", "name_norm"),
}
# pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        for name, (table, column) in POSTGRESQL_INDEXES.items()
    ),
)
POSTGRESQL_DROP = tuple(f"DROP INDEX IF EXISTS {name}" for name in POSTGRESQL_INDEXES)


def install(connection: Connection) -> None:
    """Create the engine's substring index (after the tables exist)."""
    ddl = {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}.get(connection.dialect.name, ())
    for statement in ddl:
        connection.execute(text(statement))


def uninstall(connection: Connection) -> None:
    drop = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(connection.dialect.name, ())
    for statement in drop:
        connection.execute(text(statement))


def is_search_object(name: str | None) -> bool:
    """The index's own tables and indexes, which Alembic must not compare with the models.

    FTS5 keeps shadow tables (people_search_data, _idx, _content, _docsize, _config).
    """
    if not name:
        return False
    return name == SQLITE_TABLE or name.startswith(f"{SQLITE_TABLE}_") or name in POSTGRESQL_INDEXES


@event.listens_for(Base.metadata, "after_create")
def _install_after_create_all(target, connection: Connection, **kw) -> None:
    """Tests build their schema with create_all; the migration does the same in production."""
    install(connection)


@event.listens_for(Base.metadata, "before_drop")
def _uninstall_before_drop_all(target, connection: Connection, **kw) -> None:
    uninstall(connection)
