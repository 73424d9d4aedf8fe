"""jobs: staging rows of an import

Revision ID: 2f9fb6e3afdf
Revises: d481ac468511
Create Date: 2026-12-03 09:54:08.313321

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2f9fb6e3afdf'
down_revision = 'd481ac468511'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_rows',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_rows_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'row_number', name=op.f('pk_job_rows'))
    )


def downgrade():
    op.drop_table('job_rows')
