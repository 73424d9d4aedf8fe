"""cache versions remember when they moved: the open data's "last updated" and Last-Modified

Existing counters are stamped with the time of the upgrade (the last change is unknown).

Revision ID: 3aba6a2aa3e3
Revises: b14c0576eb2e
Create Date: 2026-12-02 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3aba6a2aa3e3'
down_revision = 'b14c0576eb2e'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cache_versions', sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE cache_versions SET changed_at = CURRENT_TIMESTAMP")


def downgrade():
    op.drop_column('cache_versions', 'changed_at')
