"""Synthetic programs and events for load tests: thousands of fictional offers and events.

Clearly fictional ("… (sintético)"); never loaded by default. Core bulk inserts, so the
search columns the ORM hook keeps are computed here too.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from red.models import (
    Actor,
    Event,
    Municipality,
    PopulationGroup,
    Program,
    RouteStage,
    ServiceType,
)
from red.models.events import event_organizers
from red.models.programs import (
    program_municipalities,
    program_populations,
    program_service_types,
    program_stages,
)
from red.seed import SeedError
from red.services.calendar import local_today
from red.text import fold

BATCH = 2000
TOPICS = [
    "confección",
    "calzado",
    "café",
    "cacao",
    "turismo rural",
    "gastronomía",
    "software",
    "artesanías",
    "construcción",
    "marroquinería",
    "lácteos",
    "panadería",
    "comercio digital",
    "agroindustria",
    "economía popular",
    "moda sostenible",
    "energías limpias",
    "logística",
]
FORMATS = [
    "Taller de",
    "Mentoría en",
    "Capital semilla para",
    "Rueda de negocios de",
    "Escuela de",
    "Laboratorio de innovación en",
    "Crédito para",
    "Ruta de formalización en",
]
EVENT_KINDS = [
    "feria",
    "rueda_negocios",
    "capacitacion",
    "foro",
    "mision_comercial",
    "feria_laboral",
]


def add_programs(session: Session, count: int, rng: random.Random) -> int:
    """Add `count` published fictional programs owned by member actors."""
    actors = list(session.execute(select(Actor.id, Actor.name).where(Actor.is_member.is_(True))))
    stages = list(session.scalars(select(RouteStage.id)))
    types = list(session.scalars(select(ServiceType.id)))
    municipalities = list(session.scalars(select(Municipality.code)))
    populations = list(session.scalars(select(PopulationGroup.id)))
    if not (actors and stages and types and municipalities):
        raise SeedError("Ejecute primero «flask red seed-demo».")
    start = (session.scalar(select(func.max(Program.id))) or 0) + 1
    today = local_today()
    pools = (stages, types, municipalities, populations)
    rows, links = [], {"stage": [], "type": [], "muni": [], "pop": []}
    for offset in range(count):
        program_id = start + offset
        owner_id, owner_name = rng.choice(actors)
        name = f"{rng.choice(FORMATS)} {rng.choice(TOPICS)} {program_id} (sintético)"
        summary = f"Programa ficticio de carga sobre {rng.choice(TOPICS)}."
        opens = today - timedelta(days=rng.randint(0, 200))
        whole = rng.random() < 0.2
        rows.append(
            {
                "id": program_id,
                "slug": f"sintetico-{program_id}",
                "name": name,
                "summary": summary,
                "description": summary,
                "search_norm": fold(f"{name} {summary} {summary} {owner_name}"),
                "owner_id": owner_id,
                "is_free": rng.random() < 0.8,
                "modality": rng.choice(["presencial", "virtual", "mixta"]),
                "opens_on": opens,
                "closes_on": opens + timedelta(days=rng.randint(10, 300)),
                "status": "publicado",
                "whole_department": whole,
                "for_subsistence": rng.random() < 0.1,
                "last_reviewed_on": today - timedelta(days=rng.randint(0, 400)),
                "version_id": 1,
            }
        )
        _add_links(links, program_id, rng, pools, whole)
    _bulk(session, Program.__table__, rows)
    _bulk(session, program_stages, links["stage"])
    _bulk(session, program_service_types, links["type"])
    _bulk(session, program_municipalities, links["muni"])
    _bulk(session, program_populations, links["pop"])
    _reset_sequence(session, Program.__table__)
    # Core inserts skip the ORM hooks: tell the page cache the catalog changed.
    from red.services.page_cache import bump_version

    bump_version(session)
    return count


def _add_links(links: dict, program_id: int, rng: random.Random, pools, whole: bool) -> None:
    """The program's stages, service types, municipalities (unless it covers the whole
    department) and, sometimes, a population group."""
    stages, types, municipalities, populations = pools
    for stage_id in rng.sample(stages, rng.randint(1, 2)):
        links["stage"].append({"program_id": program_id, "stage_id": stage_id})
    for type_id in rng.sample(types, rng.randint(1, 2)):
        links["type"].append({"program_id": program_id, "service_type_id": type_id})
    if not whole:
        for code in rng.sample(municipalities, rng.randint(1, 4)):
            links["muni"].append({"program_id": program_id, "municipality_code": code})
    if populations and rng.random() < 0.4:
        links["pop"].append({"program_id": program_id, "population_id": rng.choice(populations)})


def add_events(session: Session, count: int, rng: random.Random) -> int:
    """Add `count` fictional events organised by member actors."""
    actors = list(session.scalars(select(Actor.id).where(Actor.is_member.is_(True))))
    municipalities = list(session.scalars(select(Municipality.code)))
    start = (session.scalar(select(func.max(Event.id))) or 0) + 1
    rows, organisers = [], []
    for offset in range(count):
        event_id = start + offset
        day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 1000))
        kind = rng.choice(EVENT_KINDS)
        name = f"Evento {rng.choice(TOPICS)} {event_id} (sintético)"
        rows.append(
            {
                "id": event_id,
                "slug": f"evento-sintetico-{event_id}",
                "name": name,
                "name_norm": fold(name),
                "kind": kind,
                "starts_on": day,
                "ends_on": day + timedelta(days=rng.randint(0, 2)),
                "municipality_code": rng.choice(municipalities),
                "country": "Colombia",
                "capacity": rng.choice([None, 50, 100, 300]),
                "registration_open": day >= local_today(),
                "is_reported": False,
                "version_id": 1,
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
            }
        )
        organisers.append({"event_id": event_id, "actor_id": rng.choice(actors)})
    _bulk(session, Event.__table__, rows)
    _bulk(session, event_organizers, organisers)
    _reset_sequence(session, Event.__table__)
    return count


def _bulk(session: Session, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        if rows[start : start + BATCH]:
            session.execute(insert(table), rows[start : start + BATCH])


def _reset_sequence(session: Session, table) -> None:
    """Explicit ids on PostgreSQL: move the sequence past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    session.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
        )
    )
