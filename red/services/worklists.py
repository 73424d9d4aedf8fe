"""What needs each person today: the blocks of the home page (/inicio), one role at a time.

A block is a count and at most LINES lines, each naming a record by link. Every block runs
a fixed number of queries (a COUNT and one list with its eager loads), whatever the number
of rows, and every list is limited by a clause of the access layer (red/permissions), so a
home page never shows a record its owner could not open. Network-wide blocks for the núcleo
are aggregates by actor (red/services/worklists_network.py): the núcleo does not read
referrals or people one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from red.models import Commitment, Event, Meeting, Participation, Program, Referral
from red.models.activity import REFERRAL_STATUSES
from red.models.events import PARTICIPATION_STATUSES, event_organizers
from red.models.governance import commitment_actors
from red.permissions.records import (
    visible_commitments_clause,
    visible_participations_clause,
    visible_programs_clause,
    visible_referrals_clause,
)
from red.services import compliance as scoring
from red.services.checkin import checkin_code
from red.services.events import SEAT_STATUSES
from red.services.periods import quarter_of
from red.services.programs import needs_review_condition
from red.services.referrals import deadline_label, is_overdue

LINES = 8  # lines shown per block; the count says how many there are in all
COMMITMENT_HORIZON_DAYS = 14  # commitments due within this many days count as "due"
OPEN_COMMITMENT = ("pendiente", "en_curso")


@dataclass
class Line:
    """One record in a block: its text, where it lives, and a short status note."""

    text: str
    endpoint: str | None = None
    args: dict = field(default_factory=dict)
    note: str = ""
    urgent: bool = False


@dataclass
class Block:
    key: str
    title: str
    count: int
    empty: str
    lines: list[Line] = field(default_factory=list)
    more_endpoint: str | None = None
    more_args: dict = field(default_factory=dict)
    summary: str = ""  # a sentence above the lines (the compliance block's score)


def _count(session: Session, query: Select) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _first_lines(session: Session, query: Select, *order: Any) -> tuple[list, int]:
    """The block's first LINES rows in `order` and how many there are in all, in ONE
    statement: count(*) OVER () counts the filtered rows before the LIMIT (a block's rows
    are one actor's or one person's, never the network's), so no second COUNT runs.
    Rows are returned as the query selects them (an entity, or a tuple of columns)."""
    rows = session.execute(
        query.add_columns(func.count().over().label("_total")).order_by(*order).limit(LINES)
    ).all()
    total = int(rows[0][-1]) if rows else 0
    width = len(rows[0]) - 1 if rows else 0
    return [row[0] if width == 1 else tuple(row[:-1]) for row in rows], total


def _days_note(due: date, today: date) -> tuple[str, bool]:
    """ "vence hoy", "vence en 3 días", "vencido hace 2 días" (calendar days)."""
    days = (due - today).days
    if days == 0:
        return "vence hoy", True
    if days > 0:
        return ("vence mañana" if days == 1 else f"vence en {days} días"), False
    return ("vencido hace 1 día" if days == -1 else f"vencido hace {-days} días"), True


# --- member staff -----------------------------------------------------------------------------


def waiting_referrals(session: Session, user: Any, today: date) -> Block:
    """Referrals sent to the user's actor and not yet answered, oldest deadline first."""
    query = select(Referral).where(
        visible_referrals_clause(user),
        Referral.to_actor_id == user.actor_id,
        Referral.status == "enviada",
    )
    rows, total = _first_lines(
        session,
        query.options(joinedload(Referral.from_actor)),
        Referral.response_due_on,
        Referral.id,
    )
    lines = [
        Line(
            f"{r.code} · de {r.from_actor.name if r.from_actor else 'la Ruta (autogestión)'}",
            "referrals.detail",
            {"code": r.code},
            deadline_label(r, today),
            is_overdue(r, today),
        )
        for r in rows
    ]
    return Block(
        "remisiones",
        "Remisiones que esperan respuesta",
        total,
        "Ninguna remisión espera respuesta de su organización.",
        lines,
        "referrals.inbox",
    )


def upcoming_events(session: Session, user: Any, today: date) -> Block:
    """Events the user's actor organises that have not ended, with seats taken."""
    seats = (
        select(func.count(Participation.id))
        .where(
            Participation.event_id == Event.id,
            Participation.status.in_(SEAT_STATUSES),
            visible_participations_clause(user),
        )
        .correlate(Event)
        .scalar_subquery()
    )
    organised = select(event_organizers.c.event_id).where(
        event_organizers.c.actor_id == user.actor_id
    )
    query = select(Event).where(
        Event.id.in_(organised), func.coalesce(Event.ends_on, Event.starts_on) >= today
    )
    rows, total = _first_lines(session, query.add_columns(seats), Event.starts_on, Event.id)
    lines = []
    for event, taken in rows:
        capacity = f" de {event.capacity} cupos" if event.capacity else " (sin cupo fijo)"
        full = bool(event.capacity) and taken >= event.capacity
        when = f"{event.starts_on:%d/%m/%Y}" if event.starts_on else ""
        lines.append(
            Line(
                f"{event.name} · {when}",
                "events.participants",
                {"slug": event.slug},
                f"{taken} inscripción"
                + ("" if taken == 1 else "es")
                + capacity
                + (" · lleno" if full else ""),
                full,
            )
        )
    return Block(
        "eventos",
        "Próximos eventos de su organización",
        total,
        "Su organización no tiene eventos próximos.",
        lines,
        "events.index",
    )


def actor_commitments(session: Session, user: Any, today: date) -> Block:
    """Open commitments the user's actor owes that are overdue or due soon."""
    owed = select(commitment_actors.c.commitment_id).where(
        commitment_actors.c.actor_id == user.actor_id
    )
    query = select(Commitment).where(
        Commitment.id.in_(owed),
        Commitment.status.in_(OPEN_COMMITMENT),
        Commitment.due_on <= today + timedelta(days=COMMITMENT_HORIZON_DAYS),
    )
    visible = visible_commitments_clause(user)
    if visible is not None:
        query = query.where(visible)
    rows, total = _first_lines(
        session,
        query.options(joinedload(Commitment.meeting).joinedload(Meeting.body)),
        Commitment.due_on,
        Commitment.id,
    )
    lines = []
    for c in rows:
        note, urgent = _days_note(c.due_on, today)
        lines.append(
            Line(
                f"{c.description} · {c.meeting.body.name}",
                "governance.commitment_detail",
                {"commitment_id": c.id},
                note,
                urgent,
            )
        )
    return Block(
        "compromisos",
        "Compromisos de su organización vencidos o por vencer",
        total,
        f"Su organización no tiene compromisos vencidos ni que venzan en "
        f"{COMMITMENT_HORIZON_DAYS} días.",
        lines,
        "governance.commitments",
    )


def stale_programs(session: Session, user: Any, today: date, settings: dict) -> Block:
    """The actor's live programs not reviewed within the configured window."""
    window = int(settings["review_window_days"])
    cutoff = today - timedelta(days=window)
    query = select(Program).where(
        visible_programs_clause(user),
        Program.owner_id == user.actor_id,
        *needs_review_condition(cutoff),
    )
    rows, total = _first_lines(
        session,
        query,
        Program.last_reviewed_on.is_(None).desc(),
        Program.last_reviewed_on,
        Program.id,
    )
    lines = [
        Line(
            p.name,
            "ruta.edit",
            {"slug": p.slug},
            f"revisado el {p.last_reviewed_on:%d/%m/%Y}" if p.last_reviewed_on else "nunca",
            p.last_reviewed_on is None,
        )
        for p in rows
    ]
    return Block(
        "programas",
        f"Programas sin revisar en {window} días",
        total,
        "Todos sus programas están revisados.",
        lines,
        "ruta.manage",
        {"sin_revisar": "1"},
    )


def actor_compliance(session: Session, user: Any, today: date, version=None) -> Block:
    """This quarter's score and what is missing to reach green (6 queries at most, with the
    scorecard version the page already read)."""
    card = scoring.compute_scorecard(
        session, quarter_of(today), today, version, actor_id=user.actor_id
    )
    row = card.rows[0] if card.rows else None
    green = card.settings["green_min"]
    if row is None or row.score is None:
        summary = f"{card.period.label}: aún no hay nada que medir."
    elif row.score >= green:
        summary = f"{card.period.label}: {_decimal(row.score)} puntos, en verde."
    else:
        summary = (
            f"{card.period.label}: {_decimal(row.score)} puntos ({row.light_label.lower()}); "
            f"faltan {_decimal(green - row.score)} para el verde ({green})."
        )
    lines = []
    if row is not None:
        for component in row.components.values():
            if component.measured and component.done < component.total:
                lines.append(
                    Line(
                        component.label,
                        "governance.my_compliance",
                        {},
                        f"{component.detail} ({_decimal(component.percent)} %)",
                    )
                )
    return Block(
        "cumplimiento",
        "Cumplimiento de su organización",
        len(lines),
        "Nada pendiente: cada componente medido está completo.",
        lines,
        "governance.my_compliance",
        summary=summary,
    )


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",").replace(",0", "")


def staff_blocks(session: Session, user: Any, today: date) -> list[Block]:
    version = scoring.current_version(session)
    settings = scoring.settings_of(version)
    return [
        waiting_referrals(session, user, today),
        upcoming_events(session, user, today),
        actor_commitments(session, user, today),
        stale_programs(session, user, today, settings),
        actor_compliance(session, user, today, version),
    ]


# --- entrepreneur -----------------------------------------------------------------------------


def own_referrals(session: Session, user: Any) -> Block:
    """The person's own requests to join programs and referrals, newest first."""
    query = select(Referral).where(visible_referrals_clause(user))
    rows = session.scalars(
        query.options(joinedload(Referral.to_actor), joinedload(Referral.program))
        .order_by(Referral.sent_at.desc(), Referral.id.desc())
        .limit(LINES)
    ).all()
    lines = [
        Line(
            f"{r.program.name if r.program else 'Remisión'} · {r.to_actor.name}",
            None,
            {},
            f"{REFERRAL_STATUSES.get(r.status, r.status)} · código {r.code}",
        )
        for r in rows
    ]
    return Block(
        "solicitudes",
        "Sus solicitudes y remisiones",
        _count(session, query),
        "Aún no ha pedido inscribirse en ningún programa.",
        lines,
        "ruta.catalog",
    )


def own_registrations(session: Session, user: Any, today: date) -> Block:
    """The person's event registrations, upcoming events first."""
    query = select(Participation).where(visible_participations_clause(user))
    rows = session.scalars(
        query.join(Event, Event.id == Participation.event_id)
        .options(joinedload(Participation.event))
        .order_by(Event.starts_on.desc(), Participation.id.desc())
        .limit(LINES)
    ).all()
    lines = []
    for p in rows:
        when = f" · {p.event.starts_on:%d/%m/%Y}" if p.event.starts_on else ""
        note = PARTICIPATION_STATUSES.get(p.status, p.status)
        if p.waitlist_position:
            note = f"en lista de espera (puesto {p.waitlist_position})"
        lines.append(
            Line(
                f"{p.event.name}{when}",
                "events.registration_pass",
                {"slug": p.event.slug, "code": checkin_code(p.id)},
                note + " · pase de ingreso con QR",
            )
        )
    return Block(
        "inscripciones",
        "Sus inscripciones a eventos",
        _count(session, query),
        "No está inscrito en ningún evento.",
        lines,
        "events.index",
    )


def entrepreneur_blocks(session: Session, user: Any, today: date) -> list[Block]:
    return [own_referrals(session, user), own_registrations(session, user, today)]


def blocks_for(session: Session, user: Any, today: date) -> list[Block]:
    """The home page of this user's role, in the order they read it."""
    from red.services import worklists_jobs as jobs
    from red.services import worklists_network as network

    role = user.role
    if role in ("actor_admin", "actor_staff") and user.actor_id is not None:
        blocks = staff_blocks(session, user, today)
        if network.is_secretariat(session, user):
            blocks += network.secretariat_blocks(session, user, today)
        return blocks + jobs.own_jobs(session, user, today)
    if role == "nucleo":
        return network.nucleo_blocks(session, user, today)
    if role == "admin":
        return network.admin_blocks(session, user, today) + jobs.failed_jobs(session, user, today)
    if role == "entrepreneur" and user.entrepreneur_id is not None:
        return entrepreneur_blocks(session, user, today)
    return []
