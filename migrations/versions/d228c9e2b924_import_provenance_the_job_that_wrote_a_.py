"""import provenance: the job that wrote a person, consent or service

Revision ID: d228c9e2b924
Revises: 2f9fb6e3afdf
Create Date: 2026-12-03 10:28:20.358710

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd228c9e2b924'
down_revision = '2f9fb6e3afdf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_job_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_consent_records_import_job_id'), ['import_job_id'], unique=False)

    with op.batch_alter_table('entrepreneurs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_job_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_entrepreneurs_import_job_id'), ['import_job_id'], unique=False)

    with op.batch_alter_table('service_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_job_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_service_records_import_job_id'), ['import_job_id'], unique=False)



def downgrade():
    with op.batch_alter_table('service_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_records_import_job_id'))
        batch_op.drop_column('import_job_id')

    with op.batch_alter_table('entrepreneurs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entrepreneurs_import_job_id'))
        batch_op.drop_column('import_job_id')

    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_records_import_job_id'))
        batch_op.drop_column('import_job_id')

