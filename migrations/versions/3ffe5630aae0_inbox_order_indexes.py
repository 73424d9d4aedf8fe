"""The referral inbox's order as indexes (issue 21): an actor's received or sent referrals,
newest first, read in order for a page instead of sorted all at once.

Revision ID: 3ffe5630aae0
Revises: 659dac37aa1e
Create Date: 2026-12-03 10:30:00.000000

"""

from alembic import op

revision = "3ffe5630aae0"
down_revision = "659dac37aa1e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_referrals_to_actor_sent", "referrals", ["to_actor_id", "sent_at", "id"])
    op.create_index("ix_referrals_from_actor_sent", "referrals", ["from_actor_id", "sent_at", "id"])


def downgrade():
    op.drop_index("ix_referrals_from_actor_sent", table_name="referrals")
    op.drop_index("ix_referrals_to_actor_sent", table_name="referrals")
