"""The records behind one actor's compliance figures, and what pulls its score down.

The núcleo clicks a figure and lands here; a member's staff read the same lists as a to-do
list. Each list is one query (eager loads included), so the page cost does not grow per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from red.models import Attendance, Commitment, Meeting, Program, Referral, ServiceRecord
from red.models.governance import commitment_actors
from red.services.compliance import (
    answered_in_time,
    commitment_measured_clause,
    measured_months,
    review_cutoff,
)
from red.services.periods import Period

MONTHS_ES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()


@dataclass
class Issue:
    """One concrete thing pulling the score down, with where to fix it."""

    text: str
    endpoint: str | None = None
    args: dict = field(default_factory=dict)


@dataclass
class ActorRecords:
    attendance: list[Attendance]
    commitments: list[tuple[Commitment, bool, bool]]  # (commitment, measured, on_time)
    months: list[tuple[str, int]]  # (label, services logged)
    referrals: list[tuple[Referral, bool, bool]]  # (referral, measured, on_time)
    programs: list[tuple[Program, bool]]  # (program, reviewed in window)


def month_label(year: int, month: int) -> str:
    return f"{MONTHS_ES[month - 1]} de {year}"


def actor_records(session: Session, actor_id: int, period: Period, today: date, settings: dict):
    """Every record behind the actor's figures for the period, one query per component."""
    return ActorRecords(
        _attendance_records(session, actor_id, period, today),
        _commitment_records(session, actor_id, period, today),
        _month_records(session, actor_id, period, today),
        _referral_records(session, actor_id, period, today),
        _program_records(session, actor_id, period, today, settings),
    )


def _attendance_records(session: Session, actor_id: int, period: Period, today: date):
    last = period.effective_end(today)
    return session.scalars(
        select(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.actor_id == actor_id)
        .where(Meeting.held_on >= period.start, Meeting.held_on <= last)
        .options(joinedload(Attendance.meeting).joinedload(Meeting.body))
        .order_by(Meeting.held_on)
    ).all()


def _commitment_records(session: Session, actor_id: int, period: Period, today: date):
    measured = commitment_measured_clause(today)
    rows = session.execute(
        select(Commitment, measured)
        .join(commitment_actors, commitment_actors.c.commitment_id == Commitment.id)
        .where(commitment_actors.c.actor_id == actor_id)
        .where(Commitment.due_on >= period.start, Commitment.due_on <= period.end)
        .options(joinedload(Commitment.meeting).joinedload(Meeting.body))
        .order_by(Commitment.due_on)
    ).all()
    return [
        (
            c,
            bool(m),
            c.status == "cumplido" and c.completed_on is not None and c.completed_on <= c.due_on,
        )
        for c, m in rows
    ]


def _month_records(session: Session, actor_id: int, period: Period, today: date):
    """(month label, atenciones logged) for each measured month of the period."""
    last = period.effective_end(today)
    served = session.execute(
        select(ServiceRecord.served_on)
        .where(ServiceRecord.actor_id == actor_id, ServiceRecord.deleted_at.is_(None))
        .where(ServiceRecord.served_on >= period.start, ServiceRecord.served_on <= last)
    ).scalars()
    per_month: dict[tuple[int, int], int] = {}
    for served_on in served:
        key = (served_on.year, served_on.month)
        per_month[key] = per_month.get(key, 0) + 1
    return [
        (month_label(*key), per_month.get(key, 0))
        for key in measured_months(period, today, set(per_month))
    ]


def _referral_records(session: Session, actor_id: int, period: Period, today: date):
    referrals = session.scalars(
        select(Referral)
        .where(Referral.to_actor_id == actor_id)
        .where(Referral.response_due_on >= period.start, Referral.response_due_on <= period.end)
        .order_by(Referral.response_due_on)
    ).all()
    return [
        (
            r,
            r.answered_at is not None or r.response_due_on < today,
            answered_in_time(r.answered_at, r.response_due_on),
        )
        for r in referrals
    ]


def _program_records(session: Session, actor_id: int, period: Period, today: date, settings: dict):
    if period.start > today:  # a period that has not begun has nothing to review yet
        return []
    cutoff = review_cutoff(period, today, settings)
    programs = session.scalars(
        select(Program)
        .where(Program.owner_id == actor_id, Program.status == "publicado")
        .order_by(Program.name_sort)
    ).all()
    return [(p, p.last_reviewed_on is not None and p.last_reviewed_on >= cutoff) for p in programs]


def _plural(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _pending_counts(session: Session, actor_id: int, today: date, settings: dict) -> tuple:
    """(overdue commitments, referrals unanswered past the deadline, referrals waiting within
    it, published programs not reviewed in the window) for the actor, today."""
    overdue = session.scalar(
        select(func.count())
        .select_from(Commitment)
        .join(commitment_actors, commitment_actors.c.commitment_id == Commitment.id)
        .where(commitment_actors.c.actor_id == actor_id)
        .where(Commitment.status.in_(("pendiente", "en_curso")), Commitment.due_on < today)
    )
    unanswered = (
        select(func.count())
        .select_from(Referral)
        .where(Referral.to_actor_id == actor_id, Referral.answered_at.is_(None))
        .where(Referral.status == "enviada")
    )
    late = session.scalar(unanswered.where(Referral.response_due_on < today))
    waiting = session.scalar(unanswered.where(Referral.response_due_on >= today))
    cutoff = today.toordinal() - int(settings["review_window_days"])
    stale = session.scalar(
        select(func.count())
        .select_from(Program)
        .where(Program.owner_id == actor_id, Program.status == "publicado")
        .where(
            (Program.last_reviewed_on.is_(None))
            | (Program.last_reviewed_on < date.fromordinal(cutoff))
        )
    )
    return overdue, late, waiting, stale


def pending_issues(session: Session, actor_id: int, today: date, settings: dict) -> list[Issue]:
    """What the actor can act on now, whatever the period: the to-do list of /mi-cumplimiento."""
    overdue, unanswered_late, waiting, stale = _pending_counts(session, actor_id, today, settings)
    issues = []
    if overdue:
        issues.append(
            Issue(
                _plural(overdue, "compromiso vencido", "compromisos vencidos"),
                "governance.commitments",
                {"estado": "vencido"},
            )
        )
    if unanswered_late:
        issues.append(
            Issue(
                _plural(unanswered_late, "remisión sin respuesta", "remisiones sin respuesta")
                + " fuera del plazo",
                "referrals.inbox",
            )
        )
    if waiting:
        issues.append(
            Issue(
                _plural(waiting, "remisión espera", "remisiones esperan")
                + " respuesta dentro del plazo",
                "referrals.inbox",
            )
        )
    if stale:
        issues.append(
            Issue(
                _plural(stale, "programa publicado sin revisar", "programas publicados sin revisar")
                + f" en los últimos {settings['review_window_days']} días",
                "ruta.manage",
                {"sin_revisar": "1"},
            )
        )
    return issues


def period_issues(records: ActorRecords) -> list[Issue]:
    """Misses inside the chosen period that can no longer be fixed, shown for context."""
    issues = []
    missed = [a for a in records.attendance if a.status == "ausente"]
    if missed:
        issues.append(Issue(_plural(len(missed), "reunión con ausencia", "reuniones con ausencia")))
    empty = [label for label, count in records.months if count == 0]
    if empty:
        issues.append(
            Issue(
                _plural(len(empty), "mes sin atenciones", "meses sin atenciones")
                + ": "
                + ", ".join(empty)
            )
        )
    late = [r for r, measured, on_time in records.referrals if measured and not on_time]
    if late:
        issues.append(
            Issue(
                _plural(
                    len(late),
                    "remisión respondida tarde o sin respuesta",
                    "remisiones respondidas tarde o sin respuesta",
                )
            )
        )
    return issues


def load_commitment_actors(session: Session, commitments: list[Commitment]) -> None:
    """Eager-load responsible actors for a list already loaded."""
    if commitments:
        session.scalars(
            select(Commitment)
            .where(Commitment.id.in_([c.id for c in commitments]))
            .options(selectinload(Commitment.actors))
        ).all()
