"""jobs: typed staging rows, promoted with INSERT ... SELECT in one final step

Revision ID: 7c1e0f3a9b52
Revises: 7c1e2a9d4b10
Create Date: 2026-12-03 15:15:00

The staging table held each checked row as JSON, written row by row into the real tables
in many transactions. It now holds typed columns, so the promotion is a few set-based
statements in one short transaction. Staged rows are transient (an import's rows live
there for minutes), so the table is recreated empty.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e0f3a9b52'
down_revision = '7c1e2a9d4b10'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('job_rows')
    op.create_table('job_rows',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=2), nullable=True),
    sa.Column('doc_number', sa.String(length=20), nullable=True),
    sa.Column('first_names', sa.String(length=120), nullable=True),
    sa.Column('last_names', sa.String(length=120), nullable=True),
    sa.Column('name_norm', sa.String(length=260), nullable=True),
    sa.Column('name_sort', sa.String(length=260), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('municipality_code', sa.String(length=5), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('creates_person', sa.Boolean(), nullable=False),
    sa.Column('adds_consent', sa.Boolean(), nullable=False),
    sa.Column('service_type_id', sa.Integer(), nullable=True),
    sa.Column('program_id', sa.Integer(), nullable=True),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('hours', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('outcome', sa.String(length=2000), nullable=True),
    sa.Column('participation_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sales_cop', sa.BigInteger(), nullable=True),
    sa.Column('contacts', sa.Integer(), nullable=True),
    sa.Column('deals', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_rows_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'row_number', name=op.f('pk_job_rows'))
    )


def downgrade():
    op.drop_table('job_rows')
    op.create_table('job_rows',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_rows_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'row_number', name=op.f('pk_job_rows'))
    )
