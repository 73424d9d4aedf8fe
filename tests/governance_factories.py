"""Small builders for governance tests: each makes one valid record in one line."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from red.extensions import db
from red.models import (
    Actor,
    Attendance,
    Body,
    BodyMembership,
    Commitment,
    Entrepreneur,
    Meeting,
    Program,
    Referral,
    ServiceRecord,
    ServiceType,
    User,
)
from red.services.calendar import BOGOTA

_seq = itertools.count(1)


def n() -> int:
    return next(_seq)


def actor(name: str | None = None, **fields) -> Actor:
    number = n()
    values = {"kind": "otro", "network_role": "miembro", "status": "activo", "is_member": True}
    record = Actor(
        slug=f"actor-prueba-{number}",
        name=name or f"Actor de prueba {number}",
        **{**values, **fields},
    )
    db.session.add(record)
    db.session.flush()
    return record


def user(role: str, actor_obj: Actor | None = None) -> User:
    number = n()
    record = User(
        email=f"prueba{number}@gobernanza.test",
        full_name=f"Usuario de prueba {number}",
        password_hash="x",
        role=role,
        actor_id=actor_obj.id if actor_obj else None,
    )
    db.session.add(record)
    db.session.flush()
    return record


def body(members: list[Actor], coordinator: Actor | None = None, kind: str = "mesa") -> Body:
    number = n()
    record = Body(
        slug=f"mesa-prueba-{number}",
        kind=kind,
        name=f"Mesa de prueba {number}",
        coordinator_actor_id=coordinator.id if coordinator else None,
    )
    db.session.add(record)
    db.session.flush()
    for member in members:
        db.session.add(BodyMembership(body_id=record.id, actor_id=member.id))
    db.session.flush()
    return record


def meeting(body_obj: Body, held_on: date, attendance: dict[Actor, str] | None = None) -> Meeting:
    number = (
        db.session.scalar(
            select(Meeting.number)
            .where(Meeting.body_id == body_obj.id)
            .order_by(Meeting.number.desc())
            .limit(1)
        )
        or 0
    )
    record = Meeting(
        body_id=body_obj.id, number=number + 1, held_on=held_on, agenda="1. Verificación"
    )
    db.session.add(record)
    db.session.flush()
    for member, status in (attendance or {}).items():
        db.session.add(Attendance(meeting_id=record.id, actor_id=member.id, status=status))
    db.session.flush()
    return record


def commitment(
    meeting_obj: Meeting,
    actors: list[Actor],
    due_on: date,
    status: str = "pendiente",
    completed_on: date | None = None,
) -> Commitment:
    record = Commitment(
        meeting_id=meeting_obj.id,
        description=f"Compromiso de prueba {n()}",
        due_on=due_on,
        status=status,
        completed_on=completed_on,
        actors=actors,
    )
    db.session.add(record)
    db.session.flush()
    return record


def person() -> Entrepreneur:
    number = n()
    record = Entrepreneur(
        doc_type="13", doc_number=f"9{number:09d}", first_names="Ana", last_names=f"Prueba {number}"
    )
    db.session.add(record)
    db.session.flush()
    return record


def service_type() -> ServiceType:
    found = db.session.scalar(select(ServiceType).limit(1))
    if found:
        return found
    record = ServiceType(code="asesoria-prueba", name="Asesoría")
    db.session.add(record)
    db.session.flush()
    return record


def service(actor_obj: Actor, served_on: date, who: Entrepreneur | None = None) -> ServiceRecord:
    record = ServiceRecord(
        actor_id=actor_obj.id,
        entrepreneur_id=(who or person()).id,
        service_type_id=service_type().id,
        served_on=served_on,
    )
    db.session.add(record)
    db.session.flush()
    return record


def bogota(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment given in Colombia's time, stored as UTC."""
    return datetime.combine(day, time(hour, minute), BOGOTA).astimezone(UTC)


def referral(
    to: Actor, due_on: date, answered_at: datetime | None = None, status: str | None = None
) -> Referral:
    record = Referral(
        code=f"R-T{n():07d}",
        entrepreneur_id=person().id,
        source="ruta",
        to_actor_id=to.id,
        need="Asesoría para formalizarse",
        status=status or ("aceptada" if answered_at else "enviada"),
        sent_at=bogota(due_on - timedelta(days=7), 9),
        response_due_on=due_on,
        answered_at=answered_at,
    )
    db.session.add(record)
    db.session.flush()
    return record


def program(owner: Actor, status: str = "publicado", reviewed: date | None = None) -> Program:
    number = n()
    record = Program(
        slug=f"programa-prueba-{number}",
        name=f"Programa de prueba {number}",
        owner_id=owner.id,
        status=status,
        last_reviewed_on=reviewed,
    )
    db.session.add(record)
    db.session.flush()
    return record
