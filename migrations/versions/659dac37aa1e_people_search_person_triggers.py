"""people search on SQLite: the person triggers come back, and the people they missed

Revision a600522947c1 (is_demo) rebuilt `entrepreneurs` in batch mode on SQLite, which drops
the table's triggers: from then on no person entered the FTS5 index (red/models/search_index.py),
so on a migrated SQLite database `/emprendedores?q=` found people only through their ventures'
names (seen in `make bench`: "maria" matched nobody at 100,000 people). Tests build the schema
with create_all and never saw it. This recreates the three triggers (frozen copy) and indexes
every person not in the table yet. PostgreSQL (pg_trgm on the columns) is not affected.

Revision ID: 659dac37aa1e
Revises: 4b613276a8c3
Create Date: 2026-12-03 10:12:00.000000

"""

from alembic import op

revision = "659dac37aa1e"
down_revision = "4b613276a8c3"
branch_labels = None
depends_on = None

PERSON_TRIGGERS = {
    "people_search_person_insert": """CREATE TRIGGER people_search_person_insert
        AFTER INSERT ON entrepreneurs BEGIN
        INSERT INTO people_search (rowid, name, doc, entrepreneur_id)
        VALUES (new.id, new.name_norm, new.doc_number, new.id);
    END""",
    "people_search_person_update": """CREATE TRIGGER people_search_person_update
        AFTER UPDATE OF name_norm, doc_number ON entrepreneurs BEGIN
        UPDATE people_search SET name = new.name_norm, doc = new.doc_number
        WHERE rowid = new.id;
    END""",
    "people_search_person_delete": """CREATE TRIGGER people_search_person_delete
        AFTER DELETE ON entrepreneurs BEGIN
        DELETE FROM people_search WHERE rowid = old.id;
    END""",
}


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    present = {
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entrepreneurs'"
        )
    }
    for name, statement in PERSON_TRIGGERS.items():
        if name not in present:
            op.execute(statement)
    # People indexed before the rebuild kept their rows; the rest get theirs.
    op.execute(
        "INSERT INTO people_search (rowid, name, doc, entrepreneur_id) "
        "SELECT id, name_norm, doc_number, id FROM entrepreneurs "
        "WHERE id NOT IN (SELECT rowid FROM people_search WHERE rowid > 0)"
    )


def downgrade():
    """Nothing to undo: the triggers belong to the schema at every revision after 1876e1a2aef0."""
