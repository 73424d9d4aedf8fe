"""The registry's list order as an index (issue 21): the first page of a large actor's
people comes from it in order instead of sorting every person the actor sees.

Revision ID: 4b613276a8c3
Revises: d9882eaf16a6
Create Date: 2026-12-03 09:47:17.340239

"""

import sqlalchemy as sa
from alembic import op

revision = "4b613276a8c3"
down_revision = "d9882eaf16a6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_entrepreneurs_registry_order",
        "entrepreneurs",
        ["last_names", "first_names", "id"],
        postgresql_where=sa.text("merged_into_id IS NULL"),
        sqlite_where=sa.text("merged_into_id IS NULL"),
    )


def downgrade():
    op.drop_index("ix_entrepreneurs_registry_order", table_name="entrepreneurs")
