"""A living demo: twelve months of clearly labelled demonstration activity, from a seed.

The report gives the network's members, programs and figures, but no daily work, so without
this the compliance page shows every member red and every worklist is empty. This module
writes what a year of work looks like for the 40 members — people registered with their
consent, atenciones, referrals in every state, events with registrations and attendance,
meetings of the núcleo and the mesas with actas, attendance and commitments (some overdue),
programs reviewed — deterministic from `random_seed` and dated relative to `today`.

Each member gets a profile (`cumple`, `a_medias`, `rezagado`) that sets how diligent it is,
so compliance shows a spread with reasons. The profiles are assigned from the seed; the
Gobernación and SENA are diligent and the Cámara de Comercio de Cúcuta half-way, so the demo
accounts (red/seed/demo_accounts.py) open pages with work to do.

Everything is coherent with the access rule (red/services/access.py): a person is registered
by a member whose staff captured their consent; a member serves only people it registered
or that were referred to it (then its own staff record the person's authorisation too); an
event's participants are people its organiser registered. People, events and meetings carry
`is_demo`, and the pages that count activity say how much of it is demonstration. Rows go in
with Core INSERTs (like the synthetic data), so they bypass the audit log: they are generated,
not anybody's change; access rows are refreshed for the new people at the end.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from faker import Faker
from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import Session

from red.models import (
    Actor,
    Entrepreneur,
    Event,
    Municipality,
    Program,
    RouteStage,
    Sector,
    ServiceRecord,
    ServiceType,
    User,
)
from red.models.programs import program_cooperators, program_service_types
from red.seed.demo_accounts import DEMO_PASSWORD
from red.seed.demo_governance import add_events, add_meetings
from red.seed.demo_people import add_people, add_referrals, add_rights_requests, add_services
from red.services.accounts import hash_password
from red.services.calendar import local_today
from red.text import fold

BOGOTA = ZoneInfo("America/Bogota")
DEFAULT_SEED = 2026
PROFILES = ("cumple", "a_medias", "rezagado")
FIXED_PROFILES = {
    "gobernacion-de-norte-de-santander": "cumple",
    "sena": "cumple",
    "camara-de-comercio-de-cucuta": "a_medias",
}
SHARES = (("cumple", 0.4), ("a_medias", 0.35))  # the rest: rezagado


@dataclass
class Member:
    id: int
    slug: str
    name: str
    municipality_code: str | None
    profile: str
    staff: list[int] = field(default_factory=list)
    programs: list[int] = field(default_factory=list)  # published, as owner or cooperator
    people: list[int] = field(default_factory=list)  # people it registered
    served: list[int] = field(default_factory=list)  # people referred to it and accepted


@dataclass
class World:
    """What the generators share: the seed, the day, the members and the catalogs."""

    session: Session
    rng: random.Random
    fake: Faker
    today: date
    start: date
    members: list[Member]
    by_id: dict[int, Member]
    municipalities: list[tuple[str, str]]
    stages: dict[int, int]
    sectors: dict[str, int]
    service_types: list[int]
    program_types: dict[int, list[int]]
    nucleo_user: int | None
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    registered: dict[int, date] = field(default_factory=dict)  # person -> registration day
    venture_of: dict[int, int] = field(default_factory=dict)  # person -> venture
    codes: set[str] = field(default_factory=set)  # referral codes already used

    def at(self, day: date, hour: int | None = None) -> datetime:
        """A moment of that Bogotá day (working hours), stored as UTC."""
        hour = self.rng.randint(8, 17) if hour is None else hour
        minute = self.rng.randint(0, 59)
        return datetime.combine(day, time(hour, minute), BOGOTA).astimezone(UTC)

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def insert(self, table, rows: list[dict], returning: bool = False) -> list[int]:
        if not rows:
            return []
        if returning:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return list(self.session.execute(stmt, rows).scalars())
        self.session.execute(insert(table), rows)
        return []


def has_demo_activity(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Event.is_demo.is_(True)))))


STALE_AFTER_DAYS = 31


def stale_demo_notice(session: Session, today: date | None = None) -> str | None:
    """What to tell whoever runs `seed-demo` on a database whose demonstration activity was
    generated long ago: it is dated from the day it was written and a second run adds
    nothing, so the demo freezes again and /nucleo's current quarter has nothing to
    measure. None while the activity is recent (or absent)."""
    ends = session.scalar(
        select(func.max(ServiceRecord.served_on))
        .join(Entrepreneur, Entrepreneur.id == ServiceRecord.entrepreneur_id)
        .where(Entrepreneur.is_demo.is_(True))
    )
    today = today or local_today()
    if ends is None or (today - ends).days <= STALE_AFTER_DAYS:
        return None
    return (
        f"Aviso: la actividad de demostración termina el {ends:%d/%m/%Y}, hace "
        f"{(today - ends).days} días; el periodo en curso no tiene actividad que medir. Para "
        "renovarla, cargue los datos demo en una base nueva (con SQLite, borre "
        "instance/red.db y ejecute de nuevo «make run»)."
    )


def seed_demo_activity(
    session: Session, *, today: date | None = None, random_seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Generate the demonstration activity once (a second run adds nothing); returns counts.

    Needs the report's demo data (seed_demo) first. The caller commits.
    """
    names = (
        "gestores_demo",
        "personas_demo",
        "atenciones_demo",
        "remisiones_demo",
        "eventos_demo",
        "participaciones_demo",
        "reuniones_demo",
        "compromisos_demo",
        "programas_revisados_demo",
        "solicitudes_demo",
    )
    if has_demo_activity(session):
        return dict.fromkeys(names, 0)
    world = _world(session, today or local_today(), random_seed)
    world.counts["gestores_demo"] += _add_staff(world)
    add_people(world)
    add_referrals(world)
    add_services(world)
    add_rights_requests(world)
    add_events(world)
    add_meetings(world)
    _review_programs(world)
    session.flush()
    from red.services.person_access import refresh_people

    refresh_people(session.connection(), [p for m in world.members for p in m.people])
    return {name: world.counts[name] for name in names}


def _world(session: Session, today: date, random_seed: int) -> World:
    rng = random.Random(random_seed)
    fake = Faker("es_CO")
    fake.seed_instance(random_seed)
    actors = session.execute(
        select(Actor.id, Actor.slug, Actor.name, Actor.municipality_code)
        .where(Actor.is_member.is_(True), Actor.status == "activo")
        .order_by(Actor.slug)
    ).all()
    if not actors:
        from red.seed import SeedError

        raise SeedError("Faltan los datos del informe: ejecute primero «flask red seed-demo».")
    members = [Member(a.id, a.slug, a.name, a.municipality_code, "") for a in actors]
    _assign_profiles(members, rng)
    by_id = {m.id: m for m in members}
    for user_id, actor_id in session.execute(
        select(User.id, User.actor_id)
        .where(User.actor_id.in_(list(by_id)), User.active.is_(True))
        .order_by(User.id)
    ):
        by_id[actor_id].staff.append(user_id)
    published = session.execute(
        select(Program.id, Program.owner_id).where(Program.status == "publicado")
    ).all()
    for program_id, owner_id in published:
        if owner_id in by_id:
            by_id[owner_id].programs.append(program_id)
    cooperators = select(program_cooperators.c.program_id, program_cooperators.c.actor_id)
    for program_id, actor_id in session.execute(cooperators):
        if actor_id in by_id and program_id in {p for p, _ in published}:
            by_id[actor_id].programs.append(program_id)
    program_types: dict[int, list[int]] = defaultdict(list)
    types = select(program_service_types.c.program_id, program_service_types.c.service_type_id)
    for program_id, type_id in session.execute(types):
        program_types[program_id].append(type_id)
    return World(
        session=session,
        rng=rng,
        fake=fake,
        today=today,
        start=today - timedelta(days=365),
        members=members,
        by_id=by_id,
        municipalities=list(
            session.execute(select(Municipality.code, Municipality.subregion).order_by("code"))
        ),
        stages=dict(session.execute(select(RouteStage.number, RouteStage.id)).all()),
        sectors=dict(session.execute(select(Sector.code, Sector.id)).all()),
        service_types=list(session.scalars(select(ServiceType.id).order_by(ServiceType.id))),
        program_types=program_types,
        nucleo_user=session.scalar(select(User.id).where(User.role == "nucleo").limit(1)),
    )


def _assign_profiles(members: list[Member], rng: random.Random) -> None:
    """Fixed profiles for the demo accounts' actors, the rest shuffled by the seed."""
    free = [m for m in members if m.slug not in FIXED_PROFILES]
    rng.shuffle(free)
    cut_green = round(len(members) * SHARES[0][1]) - sum(
        1 for p in FIXED_PROFILES.values() if p == "cumple"
    )
    cut_amber = cut_green + round(len(members) * SHARES[1][1]) - 1
    for index, member in enumerate(free):
        member.profile = (
            "cumple" if index < cut_green else "a_medias" if index < cut_amber else "rezagado"
        )
    for member in members:
        member.profile = FIXED_PROFILES.get(member.slug, member.profile)


def _add_staff(world: World) -> int:
    """One demonstration gestor for each member that has no staff account yet; the same
    demo password for all, hashed once."""
    missing = [m for m in world.members if not m.staff]
    if not missing:
        return 0
    password_hash = hash_password(DEMO_PASSWORD)
    rows = [
        {
            "email": f"gestor.{m.slug}@red.demo",
            "full_name": f"Gestor de demostración — {m.name}"[:200],
            "name_norm": fold(f"Gestor de demostración — {m.name}")[:200],
            "password_hash": password_hash,
            "role": "actor_staff",
            "actor_id": m.id,
            "active": True,
            "session_epoch": 0,
        }
        for m in missing
    ]
    ids = world.insert(User.__table__, rows, returning=True)
    for member, user_id in zip(missing, ids, strict=True):
        member.staff.append(user_id)
    return len(ids)


def _review_programs(world: World) -> None:
    """Programs confirmed current as diligently as their owner works: recently for the
    diligent, half of them for the half-way, none within a year for the lagging."""
    rng, today = world.rng, world.today
    programs = world.session.execute(
        select(Program.id, Program.owner_id)
        .where(Program.status == "publicado", Program.owner_id.in_(list(world.by_id)))
        .order_by(Program.id)
    ).all()
    reviewed = 0
    for program_id, owner_id in programs:
        profile = world.by_id[owner_id].profile
        if profile == "cumple" or (profile == "a_medias" and rng.random() < 0.5):
            day = today - timedelta(days=rng.randint(3, 120))
        else:
            day = today - timedelta(days=rng.randint(200, 420))
        world.session.execute(
            update(Program.__table__).where(Program.id == program_id).values(last_reviewed_on=day)
        )
        reviewed += 1
    world.counts["programas_revisados_demo"] += reviewed


def weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]
