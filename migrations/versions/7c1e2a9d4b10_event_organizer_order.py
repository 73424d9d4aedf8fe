"""Event organisers in order (issue 20): event_organizers gets a position, 0 for the
organiser and then the co-organisers.

The backfill keeps what a reader knows: for the events the report lists, the report's order
(red/data/report/events.yaml names the organiser first, then who organised with it); for
every other event, and for an organiser the report does not name, the order the pages have
shown so far, by actor id.

Revision ID: 7c1e2a9d4b10
Revises: 3ffe5630aae0
Create Date: 2026-12-03 15:20:00.000000

"""

from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

revision = "7c1e2a9d4b10"
down_revision = "3ffe5630aae0"
branch_labels = None
depends_on = None

REPORT_EVENTS = Path(__file__).resolve().parents[2] / "red" / "data" / "report" / "events.yaml"


def _report_order() -> dict[str, list[str]]:
    """Event slug -> actor slugs in the report's order (empty if the data file is gone)."""
    if not REPORT_EVENTS.exists():
        return {}
    data = yaml.safe_load(REPORT_EVENTS.read_text(encoding="utf-8")) or {}
    return {row["slug"]: list(row.get("organizers") or []) for row in data.get("events", [])}


def _backfill(bind) -> None:
    report = _report_order()
    rows = bind.execute(
        sa.text(
            "SELECT eo.event_id, eo.actor_id, e.slug, a.slug FROM event_organizers eo "
            "JOIN events e ON e.id = eo.event_id JOIN actors a ON a.id = eo.actor_id "
            "ORDER BY eo.event_id, eo.actor_id"
        )
    ).all()
    by_event: dict[int, list[tuple[int, int]]] = {}
    for event_id, actor_id, event_slug, actor_slug in rows:
        named = report.get(event_slug, [])
        rank = named.index(actor_slug) if actor_slug in named else len(named)
        by_event.setdefault(event_id, []).append((rank, actor_id))
    update = sa.text(
        "UPDATE event_organizers SET position = :position "
        "WHERE event_id = :event_id AND actor_id = :actor_id"
    )
    for event_id, ranked in by_event.items():
        for position, (_, actor_id) in enumerate(sorted(ranked)):
            if position:  # 0 is the column's default
                bind.execute(
                    update, {"position": position, "event_id": event_id, "actor_id": actor_id}
                )


def upgrade():
    with op.batch_alter_table("event_organizers") as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))
    _backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table("event_organizers") as batch_op:
        batch_op.drop_column("position")
