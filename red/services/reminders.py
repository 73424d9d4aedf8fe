"""Reminders and escalations: what is due today, found in a few set-based queries and told
once. `tick` is a plain function run by `flask red tick` (cron) or the job system's periodic
scheduler; every notice it sends carries a key (kind, object, due date) that is unique per
recipient, so running it twice, or in two processes at once, never tells anybody twice.

- referral overdue (unanswered past its window) → the receiving actor's staff;
- referral escalated (REFERRAL_ESCALATION_DAYS business days past due) → the núcleo;
- commitment due within COMMITMENT_REMINDER_DAYS → the responsible actors' staff;
- commitment overdue → the same;
- Ley 1581 request due within 3 business days (or late) → the system admins.

Only what fell due within REMINDER_LOOKBACK_DAYS (30) is reminded: the first run on a
database with years of history does not flood anybody with ancient deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from red.models import Commitment, Meeting, Notification, Referral, RightsRequest
from red.services.calendar import add_business_days, local_today
from red.services.notices import build_notice
from red.services.notifications import Recipients, deliver, role, staff_of
from red.services.rights import OPEN_STATUSES
from red.services.worklists import OPEN_COMMITMENT
from red.services.worklists_network import RIGHTS_HORIZON_BUSINESS_DAYS


@dataclass
class TickReport:
    """How many notices (new, per recipient) and e-mails each kind sent in one run."""

    notices: dict[str, int] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, delivery) -> None:
        self.notices[kind] = self.notices.get(kind, 0) + len(delivery.notified)
        self.emails[kind] = self.emails.get(kind, 0) + len(delivery.queued)

    def summary(self) -> str:
        parts = [
            f"{kind}: {n} avisos, {self.emails.get(kind, 0)} correos"
            for kind, n in sorted(self.notices.items())
        ]
        return "; ".join(parts) or "nada pendiente"


def overdue_referrals(session: Session, today: date, since: date) -> list[Referral]:
    return list(
        session.scalars(
            select(Referral)
            .where(Referral.status == "enviada", Referral.response_due_on < today)
            .where(Referral.response_due_on >= since)
            .options(joinedload(Referral.from_actor), joinedload(Referral.to_actor))
            .order_by(Referral.response_due_on, Referral.id)
        )
    )


def open_commitments_until(session: Session, last_day: date, since: date) -> list[Commitment]:
    return list(
        session.scalars(
            select(Commitment)
            .where(Commitment.status.in_(OPEN_COMMITMENT), Commitment.due_on <= last_day)
            .where(Commitment.due_on >= since)
            .options(
                selectinload(Commitment.actors),
                joinedload(Commitment.meeting).joinedload(Meeting.body),
            )
            .order_by(Commitment.due_on, Commitment.id)
        )
    )


def rights_requests_until(session: Session, last_day: date) -> list[RightsRequest]:
    return list(
        session.scalars(
            select(RightsRequest)
            .where(RightsRequest.status.in_(OPEN_STATUSES), RightsRequest.due_on <= last_day)
            .order_by(RightsRequest.due_on, RightsRequest.id)
        )
    )


def sent_keys(session: Session, since: date) -> set[str]:
    """Keys of the once-only notices sent lately: objects already told are skipped without
    a query each. Only an optimisation: the unique (user, key) index is what guarantees
    "once", for older keys and for a run going on at the same time."""
    start = datetime.combine(since, time(), UTC)
    return set(
        session.scalars(
            select(Notification.key).where(
                Notification.key.is_not(None), Notification.created_at >= start
            )
        )
    )


class _Run:
    def __init__(self, session: Session, since: date) -> None:
        self.session = session
        self.sent = sent_keys(session, since - timedelta(days=30))
        self.report = TickReport()

    def send(self, kind: str, recipients: Recipients, obj) -> None:
        notice = build_notice(kind, obj)
        if notice.key in self.sent:
            return
        self.report.add(kind, deliver(self.session, kind, recipients, notice))
        self.sent.add(notice.key)


def tick(session: Session, today: date | None = None) -> TickReport:
    """Send every reminder due today that was not sent yet. The caller commits."""
    today = today or local_today()
    config = current_app.config
    since = today - timedelta(days=int(config.get("REMINDER_LOOKBACK_DAYS", 30)))
    run = _Run(session, since)
    escalate_after = int(config.get("REFERRAL_ESCALATION_DAYS", 5))
    for referral in overdue_referrals(session, today, since):
        run.send("remision_vencida", staff_of(referral.to_actor_id), referral)
        if add_business_days(referral.response_due_on, escalate_after) <= today:
            run.send("remision_escalada", role("nucleo"), referral)
    horizon = today + timedelta(days=int(config.get("COMMITMENT_REMINDER_DAYS", 3)))
    for commitment in open_commitments_until(session, horizon, since):
        kind = "compromiso_vencido" if commitment.due_on < today else "compromiso_por_vencer"
        run.send(kind, staff_of(*(actor.id for actor in commitment.actors)), commitment)
    rights_horizon = add_business_days(today, RIGHTS_HORIZON_BUSINESS_DAYS)
    for request in rights_requests_until(session, rights_horizon):
        run.send("derechos_por_vencer", role("admin"), request)
    return run.report
