"""Indexes for pages that must not grow with the data (issue 21): the registry's list order,
(name_sort, id) over the records it lists (the first page of a large actor's people read in
order, index only, instead of sorting all it sees) and
(actor, served_on) for compliance's "an atención this month?" probes.

Revision ID: 4b613276a8c3
Revises: d228c9e2b924
Create Date: 2026-12-03 09:47:17.340239

"""

import sqlalchemy as sa
from alembic import op

revision = "4b613276a8c3"
down_revision = "d228c9e2b924"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_entrepreneurs_registry_order",
        "entrepreneurs",
        ["name_sort", "id"],
        postgresql_where=sa.text("merged_into_id IS NULL"),
        sqlite_where=sa.text("merged_into_id IS NULL"),
    )
    op.create_index(
        "ix_service_records_actor_served",
        "service_records",
        ["actor_id", "served_on"],
        postgresql_where=sa.text("deleted_at IS NULL"),
        sqlite_where=sa.text("deleted_at IS NULL"),
    )


def downgrade():
    op.drop_index("ix_service_records_actor_served", table_name="service_records")
    op.drop_index("ix_entrepreneurs_registry_order", table_name="entrepreneurs")
