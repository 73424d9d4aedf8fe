"""text lengths: every free-text column gets a maximum length (String(n) instead of TEXT)

The numbers are red/models/lengths.py's as of this revision (frozen below). Before changing
anything, the upgrade checks that the existing rows fit and stops with the list of those
that do not (nothing is cut short). On SQLite, batch mode rebuilds the tables (with foreign
keys off, see migrations/env.py) and the people-search triggers of `ventures` are created
again (frozen copy of red/models/search_index.py's).

Revision ID: 8da4e20e9373
Revises: 3aba6a2aa3e3
Create Date: 2026-12-02 17:15:58.986447

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8da4e20e9373'
down_revision = '3aba6a2aa3e3'
branch_labels = None
depends_on = None

NOTE, DESCRIPTION, LONG_DESCRIPTION, MINUTES, EMAIL = 2000, 4000, 8000, 20000, 254
# table: [(column, new length, nullable, length before (None: TEXT))]
COLUMNS = {
    "actors": [("description", DESCRIPTION, True, None), ("email", EMAIL, True, 200)],
    "bodies": [("description", DESCRIPTION, True, None)],
    "commitments": [
        ("description", NOTE, False, None),
        ("progress_notes", DESCRIPTION, True, None),
        ("evidence", NOTE, True, None),
    ],
    "events": [
        ("description", LONG_DESCRIPTION, True, None),
        ("reported_notes", DESCRIPTION, True, None),
    ],
    "indicator_progress": [("evidence", NOTE, True, None)],
    "indicators": [
        ("initiative", 500, True, None),
        ("name", 500, False, None),
        ("footnote", 1000, True, None),
    ],
    "meetings": [("agenda", DESCRIPTION, True, None), ("acta", MINUTES, True, None)],
    "participations": [("offer", NOTE, True, None), ("notes", DESCRIPTION, True, None)],
    "population_groups": [("description", NOTE, True, None)],
    "productive_chains": [("description", NOTE, True, None)],
    "programs": [
        ("description", LONG_DESCRIPTION, True, None),
        ("requirements", DESCRIPTION, True, None),
        ("contact_email", EMAIL, True, 200),
        ("reported_results", DESCRIPTION, True, None),
    ],
    "referral_status_changes": [("comment", DESCRIPTION, True, None)],
    "referrals": [("need", DESCRIPTION, False, None), ("rejection_reason", DESCRIPTION, True, None)],
    "rights_requests": [
        ("description", DESCRIPTION, False, None),
        ("response", DESCRIPTION, True, None),
    ],
    "round_meetings": [("result_notes", NOTE, True, None)],
    "route_stages": [("description", NOTE, True, None)],
    "sectors": [("description", NOTE, True, None)],
    "service_records": [("outcome", NOTE, True, None), ("notes", NOTE, True, None)],
    "service_types": [("description", NOTE, True, None)],
    "ventures": [("description", NOTE, True, None)],
}

VENTURE_TRIGGERS = (
    """CREATE TRIGGER people_search_venture_insert AFTER INSERT ON ventures BEGIN
        INSERT INTO people_search (rowid, name, doc, entrepreneur_id)
        VALUES (-new.id, new.name_norm, '', new.entrepreneur_id);
    END""",
    """CREATE TRIGGER people_search_venture_update
        AFTER UPDATE OF name_norm, entrepreneur_id ON ventures BEGIN
        UPDATE people_search SET name = new.name_norm, entrepreneur_id = new.entrepreneur_id
        WHERE rowid = -new.id;
    END""",
    """CREATE TRIGGER people_search_venture_delete AFTER DELETE ON ventures BEGIN
        DELETE FROM people_search WHERE rowid = -old.id;
    END""",
)


def _too_long(bind):
    """Rows that would not fit: "table.column: N filas (la más larga, M caracteres)"."""
    problems = []
    for table, columns in COLUMNS.items():
        for column, length, _nullable, _before in columns:
            col = sa.column(column)
            longest = sa.func.length(col)
            count, top = bind.execute(
                sa.select(sa.func.count(), sa.func.max(longest))
                .select_from(sa.table(table, col))
                .where(longest > length)
            ).one()
            if count:
                problems.append(f"{table}.{column}: {count} filas (la más larga, {top} caracteres; máximo {length})")
    return problems


def _alter(to_new: bool):
    bind = op.get_bind()
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, length, nullable, before in columns:
                old = sa.Text() if before is None else sa.String(length=before)
                new = sa.String(length=length)
                batch_op.alter_column(
                    column,
                    existing_type=old if to_new else new,
                    type_=new if to_new else old,
                    existing_nullable=nullable,
                )
        if table == "ventures" and bind.dialect.name == "sqlite":
            for statement in VENTURE_TRIGGERS:  # the rebuilt table lost them
                op.execute(statement)


def upgrade():
    problems = _too_long(op.get_bind())
    if problems:
        raise RuntimeError(
            "Hay textos más largos que el máximo nuevo; acórtelos y vuelva a migrar "
            "(no se cambió nada):\n  " + "\n  ".join(problems)
        )
    _alter(to_new=True)


def downgrade():
    _alter(to_new=False)
