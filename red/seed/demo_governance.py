"""Demonstration events, meetings, actas and commitments for the living demo.

Events are organised by members for people they registered; past ones have attendance and
outcomes, the next ones have registrations. The núcleo meets every two months (Decreto 1074 de
2015: at least once every two months) and each mesa every quarter; every member of a body has
its attendance; actas are approved at the next session; commitments are kept on time, late or
not at all as the responsible member's profile says, so some are overdue today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from red.models import (
    Attendance,
    Body,
    BodyMembership,
    Commitment,
    Event,
    Meeting,
    Municipality,
    Participation,
)
from red.models.events import EVENT_KINDS, event_organizers
from red.models.governance import commitment_actors
from red.text import fold

if TYPE_CHECKING:
    from red.seed.demo_activity import Member, World

# (attended, excused, absent) by profile
ATTENDANCE = {
    "cumple": (0.95, 0.05, 0.0),
    "a_medias": (0.7, 0.15, 0.15),
    "rezagado": (0.35, 0.15, 0.5),
}
# A commitment already due: (done on time, done late); the rest is still open (vencido).
KEPT = {"cumple": (0.9, 0.1), "a_medias": (0.55, 0.25), "rezagado": (0.2, 0.2)}
COMMITMENTS = [
    "Enviar el reporte trimestral de atenciones a la secretaría de la Red.",
    "Actualizar la oferta de sus programas en la Ruta.",
    "Presentar la propuesta de agenda conjunta para la próxima feria.",
    "Designar el delegado suplente y enviar el acto de delegación.",
    "Compartir la base de convocatorias abiertas del trimestre.",
    "Responder las remisiones pendientes de más de cinco días hábiles.",
    "Socializar la ruta de atención en su sede con los emprendedores.",
]
EVENT_KINDS_DEMO = ("capacitacion", "feria", "rueda_negocios")
PAST_EVENTS = 9
UPCOMING_ORGANIZERS = ("camara-de-comercio-de-cucuta", "sena", "gobernacion-de-norte-de-santander")
DEMO = "(demostración)"


def add_events(world: World) -> None:
    rng, today = world.rng, world.today
    names = dict(world.session.execute(select(Municipality.code, Municipality.name)).all())
    hosts = [m for m in world.members if m.programs and m.profile != "rezagado"]
    plans = []
    for index in range(PAST_EVENTS):
        host = hosts[index % len(hosts)] if hosts else world.members[0]
        plans.append(
            (host, world.day_between(world.start + timedelta(days=30), today - timedelta(days=3)))
        )
    by_slug = {m.slug: m for m in world.members}
    for offset, slug in enumerate(UPCOMING_ORGANIZERS):
        if slug in by_slug:
            plans.append((by_slug[slug], today + timedelta(days=7 + 12 * offset)))
    events, organizers, kinds = [], [], []
    for number, (host, day) in enumerate(plans, 1):
        kind = EVENT_KINDS_DEMO[number % len(EVENT_KINDS_DEMO)]
        place = host.municipality_code or rng.choice(list(names))
        name = f"{EVENT_KINDS[kind]} {DEMO} — {names[place]} {number}"
        events.append(
            {
                "slug": f"demo-{kind.replace('_', '-')}-{number}",
                "name": name,
                "name_norm": fold(f"{name} {names[place]}"),
                "kind": kind,
                "program_id": rng.choice(host.programs) if host.programs else None,
                "starts_on": day,
                "ends_on": day,
                "date_precision": "dia",
                "venue": f"Sede de {host.name}"[:200],
                "municipality_code": place,
                "country": "Colombia",
                "capacity": rng.choice((30, 40, 60)),
                "registration_open": day > today,
                "description": "Evento de demostración generado para mostrar cómo trabaja la Red; "
                "no ocurrió.",
                "is_reported": False,
                "is_demo": True,
                "version_id": 1,
            }
        )
        kinds.append((host, day))
    ids = world.insert(Event.__table__, events, returning=True)
    rows = []
    for event_id, (host, day) in zip(ids, kinds, strict=True):
        organizers.append({"event_id": event_id, "actor_id": host.id})
        rows += _participations(world, event_id, host, day)
    world.insert(event_organizers, organizers)
    world.insert(Participation.__table__, rows)
    world.counts["eventos_demo"] += len(ids)
    world.counts["participaciones_demo"] += len(rows)


def _participations(world: World, event_id: int, host: Member, day: date) -> list[dict]:
    rng, past = world.rng, day <= world.today
    pool = [p for p in host.people if world.registered[p] < day]
    chosen = rng.sample(pool, min(len(pool), rng.randint(5, 9)))
    rows = []
    for person in chosen:
        if past:
            status = rng.choices(("asistio", "no_asistio", "cancelado"), (70, 20, 10))[0]
        else:
            status = rng.choice(("inscrito", "confirmado"))
        role = rng.choices(("asistente", "expositor", "vendedor", "comprador"), (50, 25, 15, 10))[0]
        attended = status == "asistio"
        sells = attended and role in ("expositor", "vendedor")
        at = world.at(day)
        registered = world.at(day - timedelta(days=rng.randint(2, 20)))
        rows.append(
            {
                "event_id": event_id,
                "entrepreneur_id": person,
                "venture_id": world.venture_of.get(person),
                "status": status,
                "role": role,
                "checked_in_at": at if attended else None,
                "sales_cop": rng.randint(2, 300) * 100_000 if sells else None,
                "contacts": rng.randint(1, 15) if attended else None,
                "deals": rng.randint(0, 4) if sells else None,
                "registered_by_actor_id": host.id,
                "created_at": registered,
                "updated_at": at if past else registered,
                "version_id": 1,
            }
        )
    return rows


# --- meetings, actas, commitments -------------------------------------------------------------


def _schedule(world: World, kind: str) -> list[date]:
    """The núcleo every two months, each mesa every quarter, the latest a few days ago but
    never before the current quarter began: the quarter /nucleo opens on has a session to
    measure from its first day (on 1 October the latest is that day), so the demo shows a
    spread on any day of the year."""
    first, step = (2, 61) if kind == "nucleo" else (16, 91)
    today = world.today
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    days, day = [], max(today - timedelta(days=first), quarter_start)
    while day >= world.start:
        days.append(day)
        day -= timedelta(days=step)
    return sorted(days)


def add_meetings(world: World) -> None:
    session = world.session
    bodies = session.execute(select(Body.id, Body.kind, Body.name).order_by(Body.id)).all()
    members = {}
    for body_id, actor_id in session.execute(
        select(BodyMembership.body_id, BodyMembership.actor_id).where(
            BodyMembership.left_on.is_(None)
        )
    ):
        if actor_id in world.by_id:
            members.setdefault(body_id, []).append(world.by_id[actor_id])
    for body_id, kind, name in bodies:
        if members.get(body_id):
            _body_meetings(world, body_id, kind, name, members[body_id])
    _ensure_worklist_commitments(world)


def _body_meetings(world: World, body_id: int, kind: str, name: str, members: list[Member]) -> None:
    rng, session = world.rng, world.session
    last_number = (
        session.scalar(
            select(Meeting.number).where(Meeting.body_id == body_id).order_by(Meeting.number.desc())
        )
        or 0
    )
    days = _schedule(world, kind)
    rows = []
    for number, day in enumerate(days, last_number + 1):
        latest = day == days[-1]
        rows.append(
            {
                "body_id": body_id,
                "kind": "ordinaria",
                "number": number,
                "held_on": day,
                "place": "Sede de la Gobernación, Cúcuta (sesión de demostración)",
                "agenda": "1. Verificación del quórum. 2. Aprobación del acta anterior. "
                "3. Seguimiento de compromisos. 4. Informe de los actores. 5. Varios.",
                "acta": None
                if latest
                else f"Acta de demostración de la sesión {number} de "
                f"{name}: se verificó el quórum, se revisaron los compromisos y se acordaron "
                "las tareas que constan abajo.",
                "acta_status": "borrador" if latest else "aprobada",
                "is_demo": True,
                "version_id": 1,
            }
        )
    ids = world.insert(Meeting.__table__, rows, returning=True)
    for earlier, later in zip(ids, ids[1:], strict=False):
        session.execute(
            update(Meeting.__table__)
            .where(Meeting.id == earlier)
            .values(acta_approved_at_meeting_id=later)
        )
    attendance, commitments, owners = [], [], []
    for meeting_id, day in zip(ids, days, strict=True):
        for member in members:
            attendance.append(_attendance(world, meeting_id, member))
        for _ in range(4 if kind == "nucleo" else 3):
            responsible = rng.sample(members, 2 if rng.random() < 0.2 else 1)
            commitments.append(_commitment(world, meeting_id, day, responsible[0]))
            owners.append(responsible)
    world.insert(Attendance.__table__, attendance)
    commitment_ids = world.insert(Commitment.__table__, commitments, returning=True)
    world.insert(
        commitment_actors,
        [
            {"commitment_id": cid, "actor_id": m.id}
            for cid, responsible in zip(commitment_ids, owners, strict=True)
            for m in responsible
        ],
    )
    world.counts["reuniones_demo"] += len(ids)
    world.counts["compromisos_demo"] += len(commitment_ids)


def _attendance(world: World, meeting_id: int, member: Member) -> dict:
    attended, excused, _absent = ATTENDANCE[member.profile]
    draw = world.rng.random()
    status = "asistio" if draw < attended else "excusa" if draw < attended + excused else "ausente"
    role = None
    if status == "asistio":
        role = "principal" if world.rng.random() < 0.8 else "suplente"
    return {
        "meeting_id": meeting_id,
        "actor_id": member.id,
        "status": status,
        "delegate_role": role,
        "delegate_name": f"Delegado {role} (demostración)" if role else None,
    }


def _commitment(world: World, meeting_id: int, held_on: date, member: Member) -> dict:
    rng, today = world.rng, world.today
    due = held_on + timedelta(days=rng.randint(20, 60))
    status, completed, verified_at = rng.choice(("pendiente", "en_curso")), None, None
    if due < today:
        on_time, late = KEPT[member.profile]
        draw = rng.random()
        if draw < on_time:
            completed = world.day_between(held_on + timedelta(days=3), due)
        elif draw < on_time + late:
            completed = due + timedelta(days=rng.randint(3, 20))
        if completed is not None and completed <= today:
            status = "cumplido"
            verified_at = world.at(min(completed + timedelta(days=rng.randint(1, 5)), today))
        else:
            completed = None
    return {
        "meeting_id": meeting_id,
        "description": rng.choice(COMMITMENTS),
        "due_on": due,
        "status": status,
        "completed_on": completed,
        "evidence": "Soporte de demostración enviado por correo." if completed else None,
        "verified_by_user_id": world.nucleo_user if completed else None,
        "verified_at": verified_at,
        "version_id": 1,
    }


def _ensure_worklist_commitments(world: World) -> None:
    """The demo accounts' actors have one commitment overdue and one due soon, whatever the
    draw gave, so their /compromisos page shows both cases."""
    session = world.session
    nucleo = session.scalar(select(Body.id).where(Body.kind == "nucleo"))
    meetings = session.execute(
        select(Meeting.id, Meeting.held_on)
        .where(Meeting.body_id == nucleo, Meeting.is_demo.is_(True))
        .order_by(Meeting.held_on)
    ).all()
    if len(meetings) < 2:
        return
    by_slug = {m.slug: m for m in world.members}
    rows, owners = [], []
    for slug in ("camara-de-comercio-de-cucuta", "sena"):
        member = by_slug.get(slug)
        if member is None:
            continue
        overdue_meeting, recent = meetings[-2], meetings[-1]
        rows.append(
            {
                "meeting_id": overdue_meeting.id,
                "description": "Entregar el consolidado de atenciones del semestre.",
                "due_on": world.today - timedelta(days=9),
                "status": "pendiente",
                "version_id": 1,
            }
        )
        rows.append(
            {
                "meeting_id": recent.id,
                "description": "Confirmar los cupos para la próxima rueda de negocios.",
                "due_on": world.today + timedelta(days=6),
                "status": "en_curso",
                "version_id": 1,
            }
        )
        owners += [member, member]
    ids = world.insert(Commitment.__table__, rows, returning=True)
    world.insert(
        commitment_actors,
        [{"commitment_id": cid, "actor_id": m.id} for cid, m in zip(ids, owners, strict=True)],
    )
    world.counts["compromisos_demo"] += len(ids)
