"""index for a member's unanswered referrals by deadline (the home page's first block)

- ix_referrals_to_actor_waiting (to_actor_id, status, response_due_on): /inicio counts and
  lists the referrals waiting for an actor's answer, oldest deadline first.

Revision ID: b7d2e5c1a9f4
Revises: dc56a9c76d20
Create Date: 2026-12-03 11:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d2e5c1a9f4'
down_revision = 'dc56a9c76d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_to_actor_waiting', ['to_actor_id', 'status', 'response_due_on'], unique=False)


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_to_actor_waiting')
