"""Demonstration people, referrals and atenciones for the living demo (red/seed/demo_activity.py).

A person is registered by one member whose staff captured the consent; referrals carry the
person's authorisation to share their data; the receiving member, once it accepts, records
its own authorisation and may serve the person. How fast a member answers and how many months
it logs services follows its profile.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from red.models import (
    ConsentRecord,
    Entrepreneur,
    Referral,
    ReferralStatusChange,
    RightsRequest,
    ServiceRecord,
    Venture,
)
from red.models.catalogs import PopulationGroup
from red.models.people import entrepreneur_populations
from red.seed.synthetic_words import NEEDS, OUTCOMES, REJECTION_REASONS, VENTURE_KINDS
from red.services.calendar import add_business_days
from red.services.periods import months_between
from red.services.referrals import _CODE_ALPHABET
from red.text import fold

if TYPE_CHECKING:
    from red.seed.demo_activity import Member, World

POLICY_VERSION = "2026-01"
PEOPLE = {"cumple": 10, "a_medias": 7, "rezagado": 4}
SENT = {"cumple": 6, "a_medias": 4, "rezagado": 2}
# How a member answers a referral: (on time, late); the rest is never answered.
ANSWERS = {"cumple": (0.95, 0.05), "a_medias": (0.65, 0.25), "rezagado": (0.3, 0.3)}
# Share of months with services, and services in such a month.
MONTHS = {"cumple": 1.0, "a_medias": 0.65, "rezagado": 0.25}
PER_MONTH = {"cumple": (3, 5), "a_medias": (2, 3), "rezagado": (1, 2)}
DEMO_DOC_PREFIX = "1096"  # CC numbers 1096000000–1096999999: demo people only


def add_people(world: World) -> None:
    rng, session = world.rng, world.session
    used = set(
        session.scalars(
            select(Entrepreneur.doc_number).where(
                Entrepreneur.doc_number.like(f"{DEMO_DOC_PREFIX}%")
            )
        )
    )
    populations = dict(session.execute(select(PopulationGroup.code, PopulationGroup.id)).all())
    subregion = dict(world.municipalities)
    codes = [code for code, _ in world.municipalities]
    people, owners = [], []
    for member in world.members:
        for index in range(PEOPLE[member.profile]):
            # The first person of each member is registered on the first day of the window, so
            # every member has someone to serve from its first month.
            day = world.start + timedelta(days=1 if index == 0 else rng.randint(1, 270))
            people.append(_person(world, member, day, used, codes))
            owners.append((member, day))
    ids = world.insert(Entrepreneur.__table__, people, returning=True)
    ventures, consents, links = [], [], []
    for person_id, row, (member, day) in zip(ids, people, owners, strict=True):
        member.people.append(person_id)
        world.registered[person_id] = day
        ventures.append(_venture(world, person_id, row))
        consents.append(_consent(world, person_id, member, row["created_at"]))
        links += [
            {"entrepreneur_id": person_id, "population_id": populations[code]}
            for code in _populations(row, subregion, rng, world.today)
            if code in populations
        ]
    for person_id, venture_id in zip(
        ids, world.insert(Venture.__table__, ventures, returning=True), strict=True
    ):
        world.venture_of[person_id] = venture_id
    world.insert(ConsentRecord.__table__, consents)
    world.insert(entrepreneur_populations, links)
    world.counts["personas_demo"] += len(ids)


def _person(world: World, member: Member, day: date, used: set, codes: list[str]) -> dict:
    rng, fake = world.rng, world.fake
    while True:
        number = f"{DEMO_DOC_PREFIX}{rng.randint(0, 999_999):06d}"
        if number not in used:
            used.add(number)
            break
    sex = rng.choice(("F", "F", "M", "M", "F"))
    first = fake.first_name_female() if sex == "F" else fake.first_name_male()
    last = f"{fake.last_name()} {fake.last_name()}"
    home = member.municipality_code if member.municipality_code and rng.random() < 0.6 else None
    created = world.at(day)
    return {
        "doc_type": "13",
        "doc_number": number,
        "first_names": first,
        "last_names": last,
        "name_norm": fold(f"{first} {last}"),
        "email": f"{fold(first.split()[0])}.{fold(last.split()[0])}.{number[-4:]}@example.org",
        "phone": f"3{rng.randint(0, 2)}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}",
        "municipality_code": home or rng.choice(codes),
        "sex": sex,
        "birth_date": date(world.today.year - rng.randint(19, 62), rng.randint(1, 12), 15),
        "sensitive_consent": False,
        "registered_by_actor_id": member.id,
        "is_demo": True,
        "created_at": created,
        "updated_at": created,
        "version_id": 1,
    }


def _venture(world: World, person_id: int, person: dict) -> dict:
    rng = world.rng
    prefix, section, ciiu, _chain = rng.choice(VENTURE_KINDS)
    name = f"{prefix} {person['last_names'].split()[0]} (demostración)"
    return {
        "entrepreneur_id": person_id,
        "name": name,
        "name_norm": fold(name),
        "sector_id": world.sectors.get(section),
        "ciiu_code": ciiu,
        "stage_id": world.stages.get(rng.choice((1, 2, 2, 3, 3, 4))),
        "is_formal": rng.random() < 0.4,
        "is_subsistence": False,
        "size": "micro",
        "employees": rng.randint(0, 6),
        "municipality_code": person["municipality_code"],
        "description": "Emprendimiento ficticio de la demostración.",
        "created_at": person["created_at"],
        "updated_at": person["created_at"],
        "version_id": 1,
    }


def _consent(world: World, person_id: int, member: Member, when) -> dict:
    return {
        "entrepreneur_id": person_id,
        "policy_version": POLICY_VERSION,
        "purpose_attention": True,
        "purpose_statistics": True,
        "purpose_communications": False,
        "sensitive_data": False,
        "channel": "presencial",
        "captured_at": when,
        "captured_by_user_id": member.staff[0],
        "evidence": f"Autorización de demostración para {member.name}"[:300],
    }


def _populations(person: dict, subregion: dict, rng, today: date) -> list[str]:
    codes = []
    if person["sex"] == "F":
        codes.append("mujeres")
    if person["birth_date"].year >= today.year - 28:
        codes.append("jovenes")
    if subregion.get(person["municipality_code"]) != "Oriental" and rng.random() < 0.5:
        codes.append("rural")
    return codes


# --- referrals ------------------------------------------------------------------------------


def add_referrals(world: World) -> None:
    """Referrals between members in every state, answered as the receiver's profile says;
    a few recent and overdue ones for the demo accounts' inboxes."""
    rng, today = world.rng, world.today
    plans = []
    receivers = [m for m in world.members if m.programs] or world.members
    for sender in world.members:
        for _ in range(SENT[sender.profile]):
            person = rng.choice(sender.people)
            to = rng.choice([m for m in receivers if m.id != sender.id])
            sent = world.day_between(world.registered[person] + timedelta(days=1), today)
            plans.append((sender, to, person, sent, None))
    by_slug = {m.slug: m for m in world.members}
    for slug, days_ago, answer in (
        ("camara-de-comercio-de-cucuta", 1, "pendiente"),
        ("camara-de-comercio-de-cucuta", 2, "pendiente"),
        ("camara-de-comercio-de-cucuta", 16, "sin_respuesta"),
        ("sena", 1, "pendiente"),
        ("sena", 3, "pendiente"),
    ):
        if slug in by_slug:
            to = by_slug[slug]
            sender = next(m for m in world.members if m.id != to.id and m.profile == "cumple")
            plans.append(
                (sender, to, rng.choice(sender.people), today - timedelta(days=days_ago), answer)
            )
    referrals, histories, consents = [], [], []
    for sender, to, person, sent, forced in plans:
        referral, history, accepted_at = _referral(world, sender, to, person, sent, forced)
        referrals.append(referral)
        histories.append(history)
        if accepted_at is not None:
            to.served.append((person, accepted_at.date()))
            consents.append(_consent(world, person, to, accepted_at))
    ids = world.insert(Referral.__table__, referrals, returning=True)
    world.insert(
        ReferralStatusChange.__table__,
        [
            dict(step, referral_id=rid)
            for rid, steps in zip(ids, histories, strict=True)
            for step in steps
        ],
    )
    world.insert(ConsentRecord.__table__, consents)
    world.counts["remisiones_demo"] += len(ids)


def _code(world: World) -> str:
    used = world.codes
    while True:
        code = "R-" + "".join(world.rng.choice(_CODE_ALPHABET) for _ in range(8))
        if code not in used:
            used.add(code)
            return code


def _referral(world: World, sender: Member, to: Member, person: int, sent: date, forced):
    rng, today = world.rng, world.today
    sent_at = world.at(sent, 9 if sent == today else None)
    due = add_business_days(sent, 5)
    on_time, late = ANSWERS[to.profile]
    draw = rng.random()
    if forced:
        answered = None
    elif draw < on_time:
        answered = world.day_between(sent, due)
    elif draw < on_time + late:
        answered = due + timedelta(days=rng.randint(2, 12))
    else:
        answered = None
    if answered is not None and answered > today:
        answered = None  # would be answered later: still waiting today
    receiver_user = to.staff[0]
    steps = [_step(None, "enviada", sent_at, sender.staff[0])]
    status, accepted_at, answered_at, reason = "enviada", None, None, None
    if answered is not None:
        answered_at = max(world.at(answered), sent_at + timedelta(hours=1))
        if rng.random() < 0.15:
            status, reason = "rechazada", rng.choice(REJECTION_REASONS)
            steps.append(_step("enviada", "rechazada", answered_at, receiver_user, reason))
        else:
            status, accepted_at = "aceptada", answered_at
            steps.append(_step("enviada", "aceptada", answered_at, receiver_user))
            status = _follow_up(world, steps, answered_at, receiver_user)
    referral = {
        "code": _code(world),
        "entrepreneur_id": person,
        "venture_id": world.venture_of.get(person),
        "source": "actor",
        "from_actor_id": sender.id,
        "to_actor_id": to.id,
        "program_id": rng.choice(to.programs) if to.programs and rng.random() < 0.8 else None,
        "need": rng.choice(NEEDS),
        "status": status,
        "sent_at": sent_at,
        "response_due_on": due,
        "answered_at": answered_at,
        "rejection_reason": reason,
        "data_sharing_authorized_at": sent_at,
        "read_at": answered_at,
        "created_by_user_id": sender.staff[0],
        "created_at": sent_at,
        "updated_at": steps[-1]["at"],
        "version_id": 1,
    }
    return referral, steps, accepted_at


def _follow_up(world: World, steps: list[dict], accepted_at, user: int) -> str:
    """After acceptance: attended, then completed — or closed without attention."""
    rng, now = world.rng, world.at(world.today, 18)
    if rng.random() < 0.1:
        closed = accepted_at + timedelta(days=rng.randint(10, 30))
        if closed < now:
            steps.append(_step("aceptada", "cerrada_sin_atencion", closed, user))
            return "cerrada_sin_atencion"
        return "aceptada"
    attending = accepted_at + timedelta(days=rng.randint(1, 7))
    if rng.random() > 0.75 or attending >= now:
        return "aceptada"
    steps.append(_step("aceptada", "en_atencion", attending, user))
    done = attending + timedelta(days=rng.randint(5, 40))
    if rng.random() < 0.65 and done < now:
        steps.append(_step("en_atencion", "completada", done, user))
        return "completada"
    return "en_atencion"


def _step(from_status, to_status, at, user, comment=None) -> dict:
    return {"from_status": from_status, "to_status": to_status, "at": at, "user_id": user,
            "comment": comment}  # fmt: skip


# --- services -------------------------------------------------------------------------------


def add_services(world: World) -> None:
    """Atenciones in the months the member's profile covers, to people it may serve."""
    rng, today = world.rng, world.today
    months = months_between(world.start, today)
    rows = []
    for member in world.members:
        for year, month in months:
            current = (year, month) == (today.year, today.month)
            share = MONTHS[member.profile]
            if current and member.profile != "cumple":
                share = 0.5 if member.profile == "a_medias" else 0.0
            if rng.random() >= share:
                continue
            first = max(date(year, month, 1), world.start)
            last = min(_month_end(year, month), today)
            low, high = PER_MONTH[member.profile]
            for _ in range(rng.randint(low, high)):
                day = world.day_between(first, last)
                pool = [p for p in member.people if world.registered[p] <= day]
                pool += [p for p, since in member.served if since <= day]
                if pool:
                    rows.append(_service(world, member, rng.choice(pool), day))
    world.insert(ServiceRecord.__table__, rows)
    world.counts["atenciones_demo"] += len(rows)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _service(world: World, member: Member, person: int, day: date) -> dict:
    rng = world.rng
    program = rng.choice(member.programs) if member.programs and rng.random() < 0.8 else None
    types = world.program_types.get(program) if program else None
    at = world.at(day, 9 if day == world.today else None)
    return {
        "actor_id": member.id,
        "program_id": program,
        "entrepreneur_id": person,
        "venture_id": world.venture_of.get(person) if rng.random() < 0.7 else None,
        "service_type_id": rng.choice(types or world.service_types),
        "served_on": day,
        "hours": Decimal(rng.choice((1, 1, 2, 2, 3, 4))),
        "outcome": rng.choice(OUTCOMES),
        "notes": "Atención de demostración.",
        "created_by_user_id": rng.choice(member.staff),
        "created_at": at,
        "updated_at": at,
        "version_id": 1,
    }


# --- rights requests ------------------------------------------------------------------------


def add_rights_requests(world: World) -> None:
    """A consulta and a reclamo for the demo accounts' own people, so /derechos has work."""
    by_slug = {m.slug: m for m in world.members}
    rows = []
    for slug, kind, days_ago, days in (
        ("camara-de-comercio-de-cucuta", "consulta", 3, 10),
        ("sena", "reclamo", 6, 15),
    ):
        member = by_slug.get(slug)
        if member is None:
            continue
        person = member.people[0]
        filed = world.today - timedelta(days=days_ago)
        rows.append(
            {
                "entrepreneur_id": person,
                "kind": kind,
                "description": f"Solicitud de demostración ({kind}): la persona pide conocer "
                "qué datos suyos tiene la organización y para qué los usa.",
                "status": "recibida" if kind == "consulta" else "en_tramite",
                "filed_on": filed,
                "due_on": add_business_days(filed, days),
                "filed_by_user_id": member.staff[0],
            }
        )
        if kind == "reclamo":
            world.session.execute(
                update(Entrepreneur.__table__)
                .where(Entrepreneur.id == person)
                .values(claim_in_progress=True)
            )
    world.insert(RightsRequest.__table__, rows)
    world.counts["solicitudes_demo"] += len(rows)


__all__ = ["add_people", "add_referrals", "add_rights_requests", "add_services"]
