"""Builders for the events tests and the events role matrix: one line per valid object."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy import select

from red.extensions import db
from red.models import Actor, Entrepreneur, Event, Participation, RoundMeeting, User, Venture
from red.services import business_rounds as rounds
from red.services import events as service

_seq = itertools.count(1)
CCC_SLUG = "camara-de-comercio-de-cucuta"


def make_actor(name: str | None = None, slug: str | None = None) -> Actor:
    n = next(_seq)
    actor = Actor(slug=slug or f"actor-prueba-{n}", name=name or f"Actor de prueba {n}")
    db.session.add(actor)
    db.session.flush()
    return actor


def make_user(role: str, actor: Actor | None = None, person: Entrepreneur | None = None) -> User:
    n = next(_seq)
    user = User(
        email=f"usuario{n}@eventos.test",
        full_name=f"Usuario {n}",
        password_hash="!",
        role=role,
        actor_id=actor.id if actor else None,
        entrepreneur_id=person.id if person else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_person(first: str = "Persona", last: str | None = None, actor: Actor | None = None):
    n = next(_seq)
    person = Entrepreneur(
        doc_type="13",
        doc_number=str(900_000_000 + n),
        first_names=first,
        last_names=last or f"Prueba {n}",
        registered_by_actor_id=actor.id if actor else None,
    )
    db.session.add(person)
    db.session.flush()
    return person


def make_event(organizer: Actor, **fields) -> Event:
    n = next(_seq)
    values = {
        "slug": f"evento-prueba-{n}",
        "name": f"Evento de prueba {n}",
        "kind": "feria",
        "starts_on": date.today() + timedelta(days=10),
        "registration_open": True,
    }
    values.update(fields)
    event = Event(organizers=[organizer], **values)
    db.session.add(event)
    db.session.flush()
    return event


def register(event: Event, person: Entrepreneur, role: str = "asistente", venture=None):
    return service.register_participant(db.session, event, person, role=role, venture=venture)


def ccc_actor() -> Actor:
    actor = db.session.scalar(select(Actor).where(Actor.slug == CCC_SLUG))
    return actor or make_actor("Cámara de Comercio de Cúcuta", CCC_SLUG)


def matrix_round() -> dict:
    """A rueda organised by the Cámara de Comercio de Cúcuta, with the demo entrepreneur as a
    buyer, one seller and one scheduled meeting. Built on demand, rolled back after the test."""
    event = db.session.scalar(select(Event).where(Event.slug == "rueda-matriz"))
    if event is None:
        event = make_event(
            ccc_actor(), slug="rueda-matriz", name="Rueda matriz", kind="rueda_negocios"
        )
        user = db.session.scalar(select(User).where(User.email == "emprendedor@red.demo"))
        if user is not None and user.entrepreneur_id is None:
            user.entrepreneur_id = make_person("Emprendedora").id
        buyer_person = db.session.get(Entrepreneur, user.entrepreneur_id) if user else make_person()
        buyer = register(event, buyer_person, "comprador")
        seller_person = make_person("Vendedor")
        venture = Venture(entrepreneur=seller_person, name="Calzado Prueba")
        db.session.add(venture)
        db.session.flush()
        seller = register(event, seller_person, "vendedor", venture=venture)
        rounds.configure_round(
            db.session,
            event,
            tables=2,
            slot_minutes=20,
            starts_at=datetime(2030, 5, 1, 8, 0),
            ends_at=datetime(2030, 5, 1, 10, 0),
        )
        rounds.set_requests(db.session, event, buyer, [seller.id])
        rounds.build_round_agenda(db.session, event)
        db.session.flush()
    buyer = db.session.scalar(
        select(Participation).where(
            Participation.event_id == event.id, Participation.role == "comprador"
        )
    )
    meeting = db.session.scalar(select(RoundMeeting).where(RoundMeeting.event_id == event.id))
    return {"event": event, "buyer": buyer, "meeting": meeting}
