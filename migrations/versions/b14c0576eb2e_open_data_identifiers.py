"""open data identifiers: a UUID for everything published as Open Referral HSDS 3.0

Each column is filled with a fresh random UUID for the rows that already exist, then gets a
unique index. Columns are added in place (ALTER TABLE ADD COLUMN, NOT NULL with a temporary
'' default) rather than by rebuilding the tables: on SQLite, with foreign keys on, rebuilding
`programs` would cascade-delete its links.

Revision ID: b14c0576eb2e
Revises: d3e30de7b9bf
Create Date: 2026-12-02 16:40:00.000000

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b14c0576eb2e'
down_revision = 'd3e30de7b9bf'
branch_labels = None
depends_on = None

CATALOG = ("id",)
# table: (its key columns, the identifier columns it gets)
TABLES = {
    "actors": (("id",), ("uuid", "location_uuid", "phone_uuid", "identifier_uuid")),
    "programs": (
        ("id",),
        (
            "uuid",
            "service_at_location_uuid",
            "phone_uuid",
            "contact_uuid",
            "cost_option_uuid",
            "schedule_uuid",
            "service_area_uuid",
            "service_area_attribute_uuid",
            "modality_attribute_uuid",
        ),
    ),
    "municipalities": (("code",), ("uuid",)),
    "route_stages": (CATALOG, ("uuid",)),
    "service_types": (CATALOG, ("uuid",)),
    "sectors": (CATALOG, ("uuid",)),
    "productive_chains": (CATALOG, ("uuid",)),
    "population_groups": (CATALOG, ("uuid",)),
    "program_stages": (("program_id", "stage_id"), ("uuid",)),
    "program_service_types": (("program_id", "service_type_id"), ("uuid",)),
    "program_sectors": (("program_id", "sector_id"), ("uuid",)),
    "program_chains": (("program_id", "chain_id"), ("uuid",)),
    "program_populations": (("program_id", "population_id"), ("uuid",)),
    "program_municipalities": (("program_id", "municipality_code"), ("uuid", "attribute_uuid")),
}


def upgrade():
    bind = op.get_bind()
    for name, (keys, columns) in TABLES.items():
        for column in columns:
            op.add_column(
                name, sa.Column(column, sa.String(length=36), nullable=False, server_default="")
            )
        _fill(bind, name, keys, columns)
        for column in columns:
            if bind.dialect.name != "sqlite":  # SQLite cannot drop a default in place
                op.alter_column(name, column, server_default=None)
            op.create_index(f"ix_{name}_{column}", name, [column], unique=True)


def _fill(bind, name, keys, columns):
    table = sa.table(name, *(sa.column(c) for c in (*keys, *columns)))
    rows = bind.execute(sa.select(*(table.c[k] for k in keys))).all()
    if not rows:
        return
    statement = (
        table.update()
        .where(*(table.c[k] == sa.bindparam(f"key_{k}") for k in keys))
        .values({c: sa.bindparam(f"new_{c}") for c in columns})
    )
    bind.execute(
        statement,
        [
            {
                **{f"key_{k}": value for k, value in zip(keys, row)},
                **{f"new_{c}": str(uuid.uuid4()) for c in columns},
            }
            for row in rows
        ],
    )


def downgrade():
    for name, (_keys, columns) in reversed(TABLES.items()):
        for column in columns:
            op.drop_index(f"ix_{name}_{column}", table_name=name)
            # In place (SQLite 3.35+ drops a column without rebuilding the table).
            op.drop_column(name, column)
