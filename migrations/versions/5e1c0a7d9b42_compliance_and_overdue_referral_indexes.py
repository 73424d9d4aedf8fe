"""indexes for the núcleo's overdue referrals and compliance's referral component (issue 21)

- ix_referrals_overdue (status, response_due_on, to_actor_id): /inicio of the núcleo groups
  the unanswered referrals past their deadline by receiver from the index alone (the heap
  was 1,221 pages of 50,000 referrals at 100k people).
- ix_referrals_due_actor_answered (response_due_on, to_actor_id, answered_at): a quarter's
  "answered in time" counts per actor (/nucleo) from the index alone.

Revision ID: 5e1c0a7d9b42
Revises: 7c1e0f3a9b52
Create Date: 2026-12-03 15:30:00

"""
from alembic import op

revision = "5e1c0a7d9b42"
down_revision = "7c1e0f3a9b52"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_referrals_overdue", "referrals", ["status", "response_due_on", "to_actor_id"]
    )
    op.create_index(
        "ix_referrals_due_actor_answered",
        "referrals",
        ["response_due_on", "to_actor_id", "answered_at"],
    )


def downgrade():
    op.drop_index("ix_referrals_due_actor_answered", table_name="referrals")
    op.drop_index("ix_referrals_overdue", table_name="referrals")
