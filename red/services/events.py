"""Events: listing, who organises them, registration with capacity and waitlist, check-in,
outcomes. What is read back from them (registrants, totals, export) is in
red.services.event_participants.

Views parse input and call these functions; they validate, change objects and flush.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from red.models import (
    Actor,
    Entrepreneur,
    Event,
    IdentityClaim,
    MeetingRequest,
    Participation,
    RoundMeeting,
    RoundSetup,
    Venture,
)
from red.models.base import utcnow
from red.models.events import (
    PARTICIPATION_ROLES,
    PARTICIPATION_STATUSES,
    EventOrganizer,
    event_organizers,
)
from red.permissions import is_admin
from red.permissions.records import can_create_event
from red.services.calendar import local_today
from red.text import fold, slugify

ACTIVE_STATUSES = ("inscrito", "confirmado", "asistio", "no_asistio")
SEAT_STATUSES = ("inscrito", "confirmado", "asistio")
EVENT_FIELDS = (
    "name",
    "kind",
    "program_id",
    "starts_on",
    "ends_on",
    "period_label",
    "venue",
    "municipality_code",
    "city",
    "country",
    "capacity",
    "registration_open",
    "description",
    "is_reported",
    "reported_exhibitors",
    "reported_buyers",
    "reported_participants",
    "reported_sales_cop",
    "reported_notes",
)


class EventError(ValueError):
    """A rule of events or registration was broken; the message is for the user."""


# --- listing -------------------------------------------------------------------------------


@dataclass
class EventFilters:
    q: str = ""
    kind: str = ""
    municipality: str = ""
    actor: str = ""  # actor slug
    since: date | None = None
    until: date | None = None
    when: str = ""  # "proximos" | "pasados" | ""


def organizers_loaded():
    """Loader option: an event's organisers, in their order, in one more query."""
    return selectinload(Event.organizer_links).joinedload(EventOrganizer.actor)


def events_query(filters: EventFilters, today: date | None = None) -> Select:
    """Events matching the public filters, with what the list shows loaded up front."""
    today = today or local_today()
    stmt = select(Event).options(
        organizers_loaded(), joinedload(Event.municipality), joinedload(Event.program)
    )
    if filters.q:
        stmt = stmt.where(Event.name_norm.contains(fold(filters.q), autoescape=True))
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.municipality:
        stmt = stmt.where(Event.municipality_code == filters.municipality)
    if filters.actor:
        stmt = stmt.where(
            Event.id.in_(
                select(event_organizers.c.event_id)
                .join(Actor, Actor.id == event_organizers.c.actor_id)
                .where(Actor.slug == filters.actor)
            )
        )
    if filters.since:
        stmt = stmt.where(func.coalesce(Event.ends_on, Event.starts_on) >= filters.since)
    if filters.until:
        stmt = stmt.where(Event.starts_on <= filters.until)
    upcoming = func.coalesce(Event.ends_on, Event.starts_on) >= today
    if filters.when == "proximos":
        stmt = stmt.where(upcoming).order_by(Event.starts_on.asc(), Event.id)
    else:
        if filters.when == "pasados":
            stmt = stmt.where(or_(Event.starts_on.is_(None), ~upcoming))
        stmt = stmt.order_by(Event.starts_on.is_(None), Event.starts_on.desc(), Event.name)
    return stmt


def is_upcoming(event: Event, today: date | None = None) -> bool:
    last = event.ends_on or event.starts_on
    return last is not None and last >= (today or local_today())


def registration_is_open(event: Event, today: date | None = None) -> bool:
    return event.registration_open and (event.starts_on is None or is_upcoming(event, today))


# --- creating and editing ------------------------------------------------------------------


def _unique_slug(session: Session, name: str, exclude_id: int | None = None) -> str:
    base = slugify(name)
    slug, n = base, 2
    while session.scalar(select(Event.id).where(Event.slug == slug, Event.id != (exclude_id or 0))):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_dates(data: dict) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise EventError("La fecha de cierre no puede ser anterior a la de inicio.")


def create_event(session: Session, user: Any, data: dict, organizers: list[Actor]) -> Event:
    """A member's staff always organise the events they create; admins choose organisers."""
    if not can_create_event(user):
        raise EventError("Solo el equipo de un actor o un administrador crea eventos.")
    _check_dates(data)
    if not is_admin(user):
        own = session.get(Actor, user.actor_id)
        organizers = [own, *[a for a in organizers if a.id != own.id]]
    if not organizers:
        raise EventError("Indique al menos un actor organizador.")
    event = Event(slug=_unique_slug(session, data["name"]), organizers=organizers)
    for key in EVENT_FIELDS:
        if key in data:
            setattr(event, key, data[key])
    session.add(event)
    session.flush()
    return event


def update_event(
    session: Session, user: Any, event: Event, data: dict, organizers: list[Actor]
) -> None:
    """Staff keep their own actor among the organisers, so they cannot lock themselves out."""
    _check_dates(data)
    if not is_admin(user) and user.actor_id not in {a.id for a in organizers}:
        organizers = [session.get(Actor, user.actor_id), *organizers]
    if not organizers:
        raise EventError("Indique al menos un actor organizador.")
    for key in EVENT_FIELDS:
        if key in data:
            setattr(event, key, data[key])
    event.organizers = organizers
    session.flush()
    promote_from_waitlist(session, event)  # a larger (or removed) capacity frees seats


def delete_event(session: Session, event: Event) -> None:
    """Delete an event created by mistake. Only one nobody registered for: registrations,
    attendance and results are records of people and stay, so such an event cannot go."""
    registered = session.scalar(
        select(func.count(Participation.id)).where(Participation.event_id == event.id)
    )
    if registered:
        raise EventError(
            f"El evento tiene {registered} inscripción(es), también las anuladas: sus registros "
            "se conservan, así que no se puede eliminar. Si ya no se hará, cierre las "
            "inscripciones y explíquelo en la descripción."
        )
    for model in (RoundMeeting, MeetingRequest, RoundSetup):
        for row in session.scalars(select(model).where(model.event_id == event.id)):
            session.delete(row)
    event.organizers = []
    session.flush()
    session.delete(event)
    session.flush()


# --- registration, waitlist, cancel --------------------------------------------------------


def seats_taken(session: Session, event: Event) -> int:
    return session.scalar(
        select(func.count(Participation.id)).where(
            Participation.event_id == event.id, Participation.status.in_(SEAT_STATUSES)
        )
    )


def _lock_event(session: Session, event: Event) -> None:
    """Serialise registrations of one event (FOR UPDATE on PostgreSQL; SQLite's writes are
    already serialised by BEGIN IMMEDIATE)."""
    session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _next_waitlist_position(session: Session, event: Event) -> int:
    top = session.scalar(
        select(func.max(Participation.waitlist_position)).where(Participation.event_id == event.id)
    )
    return (top or 0) + 1


def register_participant(
    session: Session,
    event: Event,
    person: Entrepreneur,
    *,
    venture: Venture | None = None,
    role: str = "asistente",
    offer: str | None = None,
    by_actor_id: int | None = None,
) -> Participation:
    """Register a person once per event; past capacity they go to the waitlist.

    `person` comes from the access layer. A person who had cancelled takes a place again
    (same row: one row per person and event).
    """
    if role not in PARTICIPATION_ROLES:
        raise EventError("Elija un rol de participación válido.")
    if venture is not None and venture.entrepreneur_id != person.id:
        raise EventError("El emprendimiento no pertenece a esta persona.")
    _lock_event(session, event)
    existing = session.scalar(
        select(Participation).where(
            Participation.event_id == event.id, Participation.entrepreneur_id == person.id
        )
    )
    if existing is not None and existing.status != "cancelado":
        label = PARTICIPATION_STATUSES[existing.status].lower()
        raise EventError(f"{person.full_name} ya tiene una inscripción en este evento ({label}).")
    participation = existing or Participation(event_id=event.id, entrepreneur_id=person.id)
    participation.venture_id = venture.id if venture else None
    participation.role, participation.offer = role, offer or None
    participation.registered_by_actor_id = by_actor_id
    _take_a_seat(session, event, participation)
    return participation


def register_claimed_participant(
    session: Session, event: Event, claim: IdentityClaim
) -> Participation | None:
    """A public sign-up: the registration waits on the declared identity until the
    organisers confirm it at the door. The same document signed up twice gets no second
    seat (None), and the answer to the public does not change: nothing is revealed.
    """
    _lock_event(session, event)
    if _document_already_signed_up(session, event, claim.doc_type, claim.doc_number):
        return None
    participation = Participation(event_id=event.id, claim_id=claim.id)
    _take_a_seat(session, event, participation)
    return participation


def _document_already_signed_up(
    session: Session, event: Event, doc_type: str, doc_number: str
) -> bool:
    active = Participation.status != "cancelado"
    by_claim = (
        select(Participation.id)
        .join(IdentityClaim, IdentityClaim.id == Participation.claim_id)
        .where(
            Participation.event_id == event.id,
            Participation.entrepreneur_id.is_(None),
            IdentityClaim.doc_type == doc_type,
            IdentityClaim.doc_number == doc_number,
            active,
        )
    )
    by_person = (
        select(Participation.id)
        .join(Entrepreneur, Entrepreneur.id == Participation.entrepreneur_id)
        .where(
            Participation.event_id == event.id,
            Entrepreneur.doc_type == doc_type,
            Entrepreneur.doc_number == doc_number,
            active,
        )
    )
    return session.scalar(by_claim.union(by_person).limit(1)) is not None


def _take_a_seat(session: Session, event: Event, participation: Participation) -> None:
    participation.checked_in_at = None
    full = event.capacity is not None and seats_taken(session, event) >= event.capacity
    if full:
        participation.status = "lista_espera"
        participation.waitlist_position = _next_waitlist_position(session, event)
    else:
        participation.status, participation.waitlist_position = "inscrito", None
    session.add(participation)
    session.flush()


def promote_from_waitlist(session: Session, event: Event) -> list[Participation]:
    """Fill free seats with the waitlist, first come first served."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - seats_taken(session, event)
        if free <= 0:
            return []
    waiting = session.scalars(
        select(Participation)
        .where(Participation.event_id == event.id, Participation.status == "lista_espera")
        .order_by(Participation.waitlist_position, Participation.id)
        .limit(free)
        .options(joinedload(Participation.entrepreneur))  # the page names who moved up
    ).all()
    for participation in waiting:
        participation.status, participation.waitlist_position = "inscrito", None
    session.flush()
    return list(waiting)


def cancel_participation(session: Session, participation: Participation) -> list[Participation]:
    """Cancel a registration; the first on the waitlist moves up into the freed seat."""
    if participation.status == "cancelado":
        raise EventError("Esta inscripción ya estaba cancelada.")
    if participation.status == "asistio":
        raise EventError("No se cancela la inscripción de quien ya asistió.")
    _lock_event(session, participation.event)
    participation.status, participation.waitlist_position = "cancelado", None
    session.flush()
    return promote_from_waitlist(session, participation.event)


def check_in(participation: Participation) -> None:
    """Mark attendance at the door: one tap, idempotent."""
    if participation.status in ("cancelado", "lista_espera"):
        raise EventError(
            "Esta persona no tiene cupo confirmado (canceló o está en lista de espera)."
        )
    if participation.status != "asistio":
        participation.status = "asistio"
        participation.checked_in_at = utcnow()


def undo_check_in(participation: Participation) -> None:
    if participation.status == "asistio":
        participation.status, participation.checked_in_at = "inscrito", None


def record_outcome(
    participation: Participation,
    *,
    sales_cop: int | None,
    contacts: int | None,
    deals: int | None,
    notes: str | None,
) -> None:
    for label, value in (("ventas", sales_cop), ("contactos", contacts), ("negocios", deals)):
        if value is not None and value < 0:
            raise EventError(f"El valor de {label} no puede ser negativo.")
    participation.sales_cop, participation.contacts = sales_cop, contacts
    participation.deals, participation.notes = deals, notes or None
