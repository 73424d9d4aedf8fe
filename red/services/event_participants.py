"""What came of an event, read back: the people an organiser may pick and the registrants,
the totals computed from registrations and rueda meetings, the report's own figures, and the
export of participants. Writes (events, registration, attendance) live in red.services.events.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from red.formatting import format_datetime
from red.models import Entrepreneur, Event, IdentityClaim, Participation, RoundMeeting
from red.models.events import PARTICIPATION_ROLES, PARTICIPATION_STATUSES, event_organizers
from red.permissions.people import visible_people_clause
from red.services.events import ACTIVE_STATUSES, SEAT_STATUSES
from red.services.xlsx_export import neutralise as safe_cell  # one rule for every export
from red.text import fold

# --- searches ------------------------------------------------------------------------------


def visible_people_query(user: Any, q: str) -> Select:
    """People an organiser may pick: only those their actor already sees (the access rule),
    by name or document. Anybody else is reached through «Vincular persona», with the
    person's authorisation, never by typing their document here."""
    text = fold(q)
    digits = "".join(ch for ch in q if ch.isalnum()).upper()
    conditions = []
    if text:
        conditions.append(Entrepreneur.name_norm.contains(text, autoescape=True))
    if digits:
        conditions.append(Entrepreneur.doc_number.startswith(digits, autoescape=True))
    return (
        select(Entrepreneur)
        .options(selectinload(Entrepreneur.ventures))
        .where(
            Entrepreneur.merged_into_id.is_(None),
            Entrepreneur.anonymized_at.is_(None),
            visible_people_clause(user, narrowed=True),
            or_(*conditions) if conditions else false(),
        )
        .order_by(Entrepreneur.name_sort)
        .limit(50)
    )


def participants_query(event: Event, q: str = "", status: str = "") -> Select:
    """Registrants of one event, by name or document, with person (or the declared identity
    of a public sign-up not yet confirmed) and venture loaded."""
    person, claim = Entrepreneur, IdentityClaim
    stmt = (
        select(Participation)
        .outerjoin(person, person.id == Participation.entrepreneur_id)
        .outerjoin(claim, claim.id == Participation.claim_id)
        .options(
            joinedload(Participation.entrepreneur),
            joinedload(Participation.claim),
            joinedload(Participation.venture),
        )
        .where(Participation.event_id == event.id)
    )
    if q:
        text = fold(q)
        digits = "".join(ch for ch in q if ch.isalnum()).upper()
        conditions = [
            person.name_norm.contains(text, autoescape=True),
            and_(person.id.is_(None), claim.name_norm.contains(text, autoescape=True)),
        ]
        if digits:
            conditions.append(person.doc_number.startswith(digits, autoescape=True))
            conditions.append(
                and_(person.id.is_(None), claim.doc_number.startswith(digits, autoescape=True))
            )
        stmt = stmt.where(or_(*conditions))
    if status:
        stmt = stmt.where(Participation.status == status)
    return stmt.order_by(
        Participation.status == "cancelado",
        Participation.waitlist_position.is_not(None),
        Participation.waitlist_position,
        func.coalesce(person.name_norm, claim.name_norm),
    )


# --- outcomes and totals -------------------------------------------------------------------


def event_totals(session: Session, event: Event) -> dict[str, int]:
    """Totals computed from participations and rueda meetings (never typed in)."""
    p = Participation
    row = session.execute(
        select(
            func.count(p.id).filter(p.status.in_(SEAT_STATUSES + ("no_asistio",))),
            func.count(p.id).filter(p.status == "asistio"),
            func.count(p.id).filter(p.status == "lista_espera"),
            func.count(p.id).filter(p.role == "expositor", p.status.in_(ACTIVE_STATUSES)),
            func.count(p.id).filter(p.role == "comprador", p.status.in_(ACTIVE_STATUSES)),
            func.coalesce(func.sum(p.sales_cop), 0),
            func.coalesce(func.sum(p.contacts), 0),
            func.coalesce(func.sum(p.deals), 0),
        ).where(p.event_id == event.id)
    ).one()
    m = RoundMeeting
    meetings = session.execute(
        select(
            func.count(m.id),
            func.count(m.id).filter(m.interest.is_not(None), m.interest != "no_asistio"),
            func.count(m.id).filter(m.follow_up.is_(True)),
            func.coalesce(func.sum(m.expected_deal_cop), 0),
        ).where(m.event_id == event.id)
    ).one()
    return {
        "registered": row[0],
        "attended": row[1],
        "waitlist": row[2],
        "exhibitors": row[3],
        "buyers": row[4],
        "sales_cop": int(row[5]),
        "contacts": int(row[6]),
        "deals": int(row[7]),
        "meetings": meetings[0],
        "meetings_held": meetings[1],
        "follow_ups": meetings[2],
        "expected_deals_cop": int(meetings[3]),
    }


def organiser_activity(
    session: Session, actor_ids: list[int], start: date, end: date
) -> dict[int, dict[str, int]]:
    """Per actor: events organised that start in [start, end] and participations recorded in
    them (not cancelled, not waitlisted). For the governance scorecard."""
    result = {actor_id: {"events": 0, "participations": 0} for actor_id in actor_ids}
    if not actor_ids:
        return result
    eo = event_organizers
    in_period = and_(Event.starts_on >= start, Event.starts_on <= end)
    events = session.execute(
        select(eo.c.actor_id, func.count(Event.id))
        .join(Event, Event.id == eo.c.event_id)
        .where(eo.c.actor_id.in_(actor_ids), in_period)
        .group_by(eo.c.actor_id)
    ).all()
    people = session.execute(
        select(eo.c.actor_id, func.count(Participation.id))
        .join(Event, Event.id == eo.c.event_id)
        .join(Participation, Participation.event_id == Event.id)
        .where(eo.c.actor_id.in_(actor_ids), in_period, Participation.status.in_(ACTIVE_STATUSES))
        .group_by(eo.c.actor_id)
    ).all()
    for actor_id, count in events:
        result[actor_id]["events"] = count
    for actor_id, count in people:
        result[actor_id]["participations"] = count
    return result


# --- export --------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "Tipo de documento",
    "Número de documento",
    "Nombres",
    "Apellidos",
    "Correo",
    "Teléfono",
    "Emprendimiento",
    "Rol",
    "Estado",
    "Ingreso",
    "Ventas (COP)",
    "Contactos",
    "Negocios o acuerdos",
    "Notas",
)


def participant_cells(p: Participation) -> list[Any]:
    """One registration as every participants export shows it (EXPORT_COLUMNS), each cell
    neutralised against formulas. A public sign-up not yet confirmed shows what the person
    declared, marked as such."""
    person = p.entrepreneur or p.claim
    row = (
        person.doc_type,
        person.doc_number,
        person.first_names,
        person.last_names if p.entrepreneur else f"{person.last_names} (sin verificar)",
        person.email,
        person.phone,
        p.venture.name if p.venture else (p.claim.venture_name if p.claim else None),
        PARTICIPATION_ROLES.get(p.role, p.role),
        PARTICIPATION_STATUSES.get(p.status, p.status),
        format_datetime(p.checked_in_at) or None,
        p.sales_cop,
        p.contacts,
        p.deals,
        p.notes,
    )
    return [safe_cell(v) for v in row]


def export_participants(session: Session, event: Event) -> bytes:
    """Participants and outcomes, then the event's totals, as an .xlsx workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Participantes"
    sheet.append(EXPORT_COLUMNS)
    for p in session.scalars(participants_query(event)).unique():
        sheet.append(participant_cells(p))
    summary = book.create_sheet("Resumen")
    totals = event_totals(session, event)
    summary.append(["Evento", safe_cell(event.name)])
    for label, key in TOTAL_LABELS:
        summary.append([label, totals[key]])
    if event.is_reported:
        for label, value in reported_figures(event):
            summary.append([f"Cifra reportada: {label}", value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TOTAL_LABELS = (
    ("Inscripciones", "registered"),
    ("Asistieron", "attended"),
    ("En lista de espera", "waitlist"),
    ("Expositores", "exhibitors"),
    ("Compradores", "buyers"),
    ("Ventas registradas (COP)", "sales_cop"),
    ("Contactos", "contacts"),
    ("Negocios o acuerdos", "deals"),
    ("Citas de rueda agendadas", "meetings"),
    ("Citas con resultado", "meetings_held"),
    ("Citas con seguimiento", "follow_ups"),
    ("Negocios esperados en rueda (COP)", "expected_deals_cop"),
)


def reported_figures(event: Event) -> list[tuple[str, int]]:
    """The report's own figures for the event (reported totals, not sums of rows)."""
    pairs = (
        ("Expositores", event.reported_exhibitors),
        ("Compradores", event.reported_buyers),
        ("Participantes", event.reported_participants),
        ("Ventas (COP)", event.reported_sales_cop),
    )
    return [(label, value) for label, value in pairs if value is not None]
