"""indicators: what each meta measures (acumulado / subir / bajar), year measured, source note

Replaces higher_is_better: a count that accumulates, a level to raise and a level to lower
(a rate or a ranking position) are read differently (red/services/indicators.py). Existing
rows keep their meaning: higher_is_better false -> bajar, true -> acumulado.

Revision ID: c3c3072200f0
Revises: 8da4e20e9373
Create Date: 2026-12-02 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3c3072200f0'
down_revision = '8da4e20e9373'
branch_labels = None
depends_on = None

indicators = sa.table(
    "indicators",
    sa.column("measure", sa.String),
    sa.column("higher_is_better", sa.Boolean),
    sa.column("progress_year", sa.Integer),
    sa.column("measured_year", sa.Integer),
)


def upgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=10), server_default='acumulado', nullable=False))
        batch_op.add_column(sa.Column('measured_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_note', sa.String(length=2000), nullable=True))
    op.execute(indicators.update().where(indicators.c.higher_is_better.is_(False)).values(measure="bajar"))
    op.execute(indicators.update().values(measured_year=indicators.c.progress_year))
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_indicators_measure'), "measure IN ('acumulado', 'subir', 'bajar')")
        batch_op.drop_column('higher_is_better')


def downgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('higher_is_better', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute(indicators.update().where(indicators.c.measure == "bajar").values(higher_is_better=False))
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_indicators_measure'), type_='check')
        batch_op.drop_column('source_note')
        batch_op.drop_column('measured_year')
        batch_op.drop_column('measure')
