"""Bodies' meetings, attendance, actas and commitments: the rules, without HTTP.

Who may run a body (schedule, take attendance, write the acta, verify commitments): the
núcleo, a system admin, and the staff of the body's coordinator actor. Who may report
progress on a commitment: the staff of one of its responsible actors.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, BinaryIO

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from red.models import (
    Actor,
    Attendance,
    Body,
    BodyMembership,
    Commitment,
    Meeting,
    MeetingAttachment,
)
from red.models.base import utcnow
from red.models.governance import (
    ACTA_STATUSES,
    ATTENDANCE_STATUSES,
    DELEGATE_ROLES,
    MEETING_KINDS,
)
from red.services.periods import local_today
from red.services.uploads import UploadError, store_upload

NETWORK_ROLES = ("admin", "nucleo")


class GovernanceError(ValueError):
    """A rule of meetings or commitments was broken; the message is for the user."""


def bodies_overview(kind: str | None = None):
    """The bodies with their current members, meetings held and last meeting, in one query
    (rows of Body, members, meetings, last_held), núcleo first."""
    member_count = (
        select(BodyMembership.body_id, func.count().label("members"))
        .where(BodyMembership.left_on.is_(None))
        .group_by(BodyMembership.body_id)
        .subquery()
    )
    meeting_stats = (
        select(
            Meeting.body_id,
            func.count().label("meetings"),
            func.max(Meeting.held_on).label("last_held"),
        )
        .group_by(Meeting.body_id)
        .subquery()
    )
    query = (
        select(Body, member_count.c.members, meeting_stats.c.meetings, meeting_stats.c.last_held)
        .outerjoin(member_count, member_count.c.body_id == Body.id)
        .outerjoin(meeting_stats, meeting_stats.c.body_id == Body.id)
        .options(joinedload(Body.coordinator))
        .order_by(Body.kind.desc(), Body.name)
    )
    if kind:
        query = query.where(Body.kind == kind)
    return query


# --- meetings -------------------------------------------------------------------------------


def active_members(session: Session, body: Body, on: date | None = None) -> list[BodyMembership]:
    """Members of the body on a date (all current members when no date is given)."""
    query = (
        select(BodyMembership)
        .join(Actor, Actor.id == BodyMembership.actor_id)
        .where(BodyMembership.body_id == body.id)
        .order_by(Actor.name_sort)
    )
    if on is not None:
        query = query.where(
            or_(BodyMembership.joined_on.is_(None), BodyMembership.joined_on <= on),
            or_(BodyMembership.left_on.is_(None), BodyMembership.left_on >= on),
        )
    else:
        query = query.where(BodyMembership.left_on.is_(None))
    return list(session.scalars(query.options(joinedload(BodyMembership.actor))))


def next_meeting_number(session: Session, body: Body) -> int:
    current = session.scalar(select(func.max(Meeting.number)).where(Meeting.body_id == body.id))
    return (current or 0) + 1


def schedule_meeting(
    session: Session,
    body: Body,
    *,
    held_on: date,
    kind: str = "ordinaria",
    place: str | None = None,
    agenda: str | None = None,
) -> Meeting:
    """A new session of the body, numbered after the last one."""
    if kind not in MEETING_KINDS:
        raise GovernanceError("Tipo de reunión desconocido.")
    if not (agenda or "").strip():
        raise GovernanceError("Escriba el orden del día de la reunión.")
    meeting = Meeting(
        body_id=body.id,
        number=next_meeting_number(session, body),
        kind=kind,
        held_on=held_on,
        place=(place or "").strip() or None,
        agenda=agenda.strip(),
        acta_status="pendiente",
    )
    session.add(meeting)
    session.flush()
    return meeting


def update_meeting(session: Session, meeting: Meeting, **changes: Any) -> Meeting:
    """Change date, place, agenda, acta and its status. An approved acta needs text."""
    status = changes.get("acta_status", meeting.acta_status)
    if status not in ACTA_STATUSES:
        raise GovernanceError("Estado del acta desconocido.")
    if changes.get("kind", meeting.kind) not in MEETING_KINDS:
        raise GovernanceError("Tipo de reunión desconocido.")
    acta = changes.get("acta", meeting.acta)
    if status != "pendiente" and not (acta or "").strip():
        raise GovernanceError(
            "Escriba el texto del acta antes de marcarla como borrador o aprobada."
        )
    approver_id = changes.pop("approved_at_meeting_id", meeting.acta_approved_at_meeting_id)
    if status != "aprobada":
        approver_id = None
    if approver_id is not None:
        approver = session.get(Meeting, approver_id)
        held_on = changes.get("held_on", meeting.held_on)
        if approver is None or approver.body_id != meeting.body_id or approver.held_on <= held_on:
            raise GovernanceError(
                "El acta se aprueba en una sesión posterior de la misma instancia."
            )
    meeting.acta_approved_at_meeting_id = approver_id
    for name in ("held_on", "kind", "place", "agenda", "acta", "acta_status"):
        if name in changes:
            value = changes[name]
            setattr(meeting, name, value.strip() or None if isinstance(value, str) else value)
    session.flush()
    return meeting


def attach_file(
    session: Session, meeting: Meeting, stream: BinaryIO, filename: str, *, user_id: int
) -> MeetingAttachment:
    """Keep a document of a meeting (acta signed, list of attendance, presentation).

    The file's type, size and content are checked by `store_upload`; a refused file is a
    GovernanceError with its Spanish reason and nothing is kept.
    """
    try:
        stored = store_upload(stream, filename)
    except UploadError as error:
        raise GovernanceError(str(error)) from error
    attachment = MeetingAttachment(
        meeting_id=meeting.id,
        original_name=stored.original_name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
        uploaded_by_user_id=user_id,
    )
    session.add(attachment)
    session.flush()
    return attachment


def record_attendance(
    session: Session, meeting: Meeting, entries: dict[int, dict[str, str | None]]
) -> list[Attendance]:
    """Set each member actor's attendance: {actor_id: {status, delegate_role, delegate_name}}.

    Only actors that are members of the body on the meeting date may be recorded.
    """
    members = {m.actor_id for m in active_members(session, meeting.body, meeting.held_on)}
    existing = {
        a.actor_id: a
        for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    saved = []
    for actor_id, entry in entries.items():
        if actor_id not in members:
            raise GovernanceError(
                "Solo se registra la asistencia de actores miembros de la instancia."
            )
        status = entry.get("status")
        if status not in ATTENDANCE_STATUSES:
            raise GovernanceError("Indique asistió, excusa o ausente para cada miembro.")
        role = entry.get("delegate_role") or None
        if role is not None and role not in DELEGATE_ROLES:
            raise GovernanceError("Indique si asistió el principal o el suplente.")
        name = (entry.get("delegate_name") or "").strip() or None
        if status == "asistio" and not name:
            raise GovernanceError("Escriba el nombre del delegado que asistió.")
        row = existing.get(actor_id) or Attendance(meeting_id=meeting.id, actor_id=actor_id)
        row.status = status
        row.delegate_role = role if status == "asistio" else None
        row.delegate_name = name if status == "asistio" else None
        session.add(row)
        saved.append(row)
    session.flush()
    return saved


# --- commitments ----------------------------------------------------------------------------


def create_commitment(
    session: Session,
    meeting: Meeting,
    *,
    description: str,
    due_on: date,
    actor_ids: list[int],
) -> Commitment:
    if not (description or "").strip():
        raise GovernanceError("Describa el compromiso.")
    if not actor_ids:
        raise GovernanceError("Elija al menos un actor responsable.")
    if due_on < meeting.held_on:
        raise GovernanceError("La fecha límite no puede ser anterior a la reunión.")
    actors = list(session.scalars(select(Actor).where(Actor.id.in_(actor_ids))))
    if len(actors) != len(set(actor_ids)):
        raise GovernanceError("Uno de los actores responsables no existe.")
    commitment = Commitment(
        meeting_id=meeting.id,
        description=description.strip(),
        due_on=due_on,
        status="pendiente",
        actors=actors,
    )
    session.add(commitment)
    session.flush()
    return commitment


def report_progress(
    session: Session, commitment: Commitment, *, notes: str, evidence: str | None, today: date
) -> Commitment:
    """The responsible actor reports what it did; the commitment moves to en_curso."""
    if commitment.status in ("cumplido", "cancelado"):
        raise GovernanceError("Este compromiso ya está cerrado; no admite más avances.")
    if not (notes or "").strip():
        raise GovernanceError("Describa el avance.")
    entry = f"{today:%d/%m/%Y}: {notes.strip()}"
    commitment.progress_notes = "\n".join(filter(None, [commitment.progress_notes, entry]))
    if (evidence or "").strip():
        item = f"{today:%d/%m/%Y}: {evidence.strip()}"
        commitment.evidence = "\n".join(filter(None, [commitment.evidence, item]))
    commitment.status = "en_curso"
    session.flush()
    return commitment


def verify_commitment(
    session: Session,
    commitment: Commitment,
    *,
    status: str,
    user_id: int | None,
    completed_on: date | None = None,
    now: datetime | None = None,
) -> Commitment:
    """The núcleo or the coordinator closes a commitment as cumplido (with date) or cancelado."""
    if status not in ("cumplido", "cancelado", "en_curso"):
        raise GovernanceError("Elija cumplido, cancelado o devolver a en curso.")
    if status == "cumplido":
        if completed_on is None:
            raise GovernanceError("Indique la fecha en que se cumplió.")
        if completed_on < commitment.meeting.held_on:
            raise GovernanceError("La fecha de cumplimiento no puede ser anterior a la reunión.")
        if completed_on > local_today():
            raise GovernanceError("La fecha de cumplimiento no puede estar en el futuro.")
    commitment.status = status
    commitment.completed_on = completed_on if status == "cumplido" else None
    if status == "en_curso":
        commitment.verified_by_user_id = None
        commitment.verified_at = None
    else:
        commitment.verified_by_user_id = user_id
        commitment.verified_at = now or utcnow()
    session.flush()
    return commitment


# --- bodies and members ---------------------------------------------------------------------


def create_body(
    session: Session,
    *,
    name: str,
    slug: str,
    description: str | None = None,
    coordinator_actor_id: int | None = None,
) -> Body:
    """A new mesa de trabajo (the núcleo exists once, from the seed)."""
    if not (name or "").strip():
        raise GovernanceError("Escriba el nombre de la mesa.")
    if session.scalar(select(Body.id).where(Body.slug == slug)) is not None:
        raise GovernanceError("Ya existe una instancia con ese nombre.")
    body = Body(
        slug=slug,
        kind="mesa",
        name=name.strip(),
        description=(description or "").strip() or None,
        coordinator_actor_id=coordinator_actor_id,
    )
    session.add(body)
    session.flush()
    if coordinator_actor_id is not None:
        add_member(session, body, actor_id=coordinator_actor_id)
    return body


def add_member(
    session: Session,
    body: Body,
    *,
    actor_id: int,
    principal: str | None = None,
    alternate: str | None = None,
    delegation_act: str | None = None,
    joined_on: date | None = None,
) -> BodyMembership:
    """Add a member actor (or re-admit one that left) with its delegates."""
    actor = session.get(Actor, actor_id)
    if actor is None or actor.status != "activo":
        raise GovernanceError("Elija un actor activo de la Red.")
    membership = session.scalar(
        select(BodyMembership).where(
            BodyMembership.body_id == body.id, BodyMembership.actor_id == actor_id
        )
    )
    if membership is not None and membership.left_on is None:
        raise GovernanceError(f"{actor.name} ya es miembro de esta instancia.")
    if membership is None:
        membership = BodyMembership(body_id=body.id, actor_id=actor_id)
        session.add(membership)
    membership.left_on = None
    membership.joined_on = joined_on
    membership.principal_delegate = (principal or "").strip() or None
    membership.alternate_delegate = (alternate or "").strip() or None
    membership.delegation_act = (delegation_act or "").strip() or None
    session.flush()
    return membership


def withdraw_member(session: Session, membership: BodyMembership, *, on: date) -> BodyMembership:
    """Soft removal: the actor leaves on a date; its past attendance keeps counting."""
    if membership.left_on is not None:
        raise GovernanceError("Este actor ya no es miembro de la instancia.")
    if membership.body.coordinator_actor_id == membership.actor_id:
        raise GovernanceError("El coordinador no puede retirarse: asigne antes otro coordinador.")
    membership.left_on = on
    session.flush()
    return membership
