"""A small world of records for the workspace tests, independent of the demo data.

Two actors (A and B) with one staff account each, an admin, a núcleo account, catalogs,
a program of A and of B, and a helper to register a person with consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from red.models import (
    Actor,
    Entrepreneur,
    Municipality,
    Program,
    RouteStage,
    ServiceType,
    User,
)
from red.services.people import record_consent, register_person


@dataclass
class World:
    actor_a: Actor
    actor_b: Actor
    staff_a: User
    staff_b: User
    admin: User
    nucleo: User
    municipality: Municipality
    service_type: ServiceType
    stage: RouteStage
    program_a: Program
    program_b: Program


def _user(session, email, role, actor=None, person=None) -> User:
    user = User(
        email=email,
        full_name=email.split("@")[0],
        password_hash="x",
        role=role,
        actor_id=actor.id if actor else None,
        entrepreneur_id=person.id if person else None,
    )
    session.add(user)
    return user


def build_world(session) -> World:
    municipality = session.get(Municipality, "99001") or Municipality(
        code="99001", name="Municipio de Prueba", name_norm="", subregion="Oriental"
    )
    session.add(municipality)
    stage = RouteStage(code="ws-etapa", name="Etapa de prueba", number=90)
    service_type = ServiceType(code="ws-formacion", name="Formación de prueba")
    actor_a = Actor(slug="ws-actor-a", name="Actor de Prueba A", email="a@actor.test")
    actor_b = Actor(slug="ws-actor-b", name="Actor de Prueba B", email="b@actor.test")
    session.add_all([stage, service_type, actor_a, actor_b])
    session.flush()
    program_a = Program(slug="ws-prog-a", name="Programa A de prueba", owner_id=actor_a.id)
    program_b = Program(
        slug="ws-prog-b", name="Programa B de prueba", owner_id=actor_b.id, status="publicado"
    )
    session.add_all([program_a, program_b])
    world = World(
        actor_a=actor_a,
        actor_b=actor_b,
        staff_a=_user(session, "ws.a@test.co", "actor_staff", actor_a),
        staff_b=_user(session, "ws.b@test.co", "actor_staff", actor_b),
        admin=_user(session, "ws.admin@test.co", "admin"),
        nucleo=_user(session, "ws.nucleo@test.co", "nucleo"),
        municipality=municipality,
        service_type=service_type,
        stage=stage,
        program_a=program_a,
        program_b=program_b,
    )
    session.flush()
    return world


def person(
    session, world: World, number: str = "1090111222", actor=None, first="Ana", last="Prueba"
) -> Entrepreneur:
    """A person registered by an actor (A by default) with consent captured by its staff."""
    actor = actor or world.actor_a
    staff = world.staff_a if actor.id == world.actor_a.id else world.staff_b
    registration = register_person(
        session,
        doc_type="13",
        doc_number=number,
        first_names=first,
        last_names=last,
        municipality_code=world.municipality.code,
        registered_by_actor_id=actor.id,
    )
    record_consent(
        session,
        registration.person,
        channel="presencial",
        policy_version="2026-01",
        purpose_attention=True,
        captured_by_user_id=staff.id,
        actor_id=actor.id,
    )
    return registration.person


def entrepreneur_user(session, someone: Entrepreneur) -> User:
    user = _user(session, f"ws.person{someone.id}@test.co", "entrepreneur", person=someone)
    session.flush()
    return user


def count(session, model, **where) -> int:
    query = select(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return len(session.scalars(query).all())


TODAY = date.today()
