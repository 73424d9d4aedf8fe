"""Build any valid record in one line, beside whatever the demo data holds:
`from tests import factories as f`, then `f.actor()`, `f.user("admin")`, `f.program()`,
`f.person_with_access(actor)`, `f.event(organizer)`, `f.meeting(body, day)`…

Every builder flushes (ids are set) and returns the record; the test's transaction is rolled
back afterwards (tests/conftest.py). Catalog entries use codes starting with "t-" so they
never clash with the demo data. Defaults are sensible and fictional: pass only what a test is
about.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from openpyxl import Workbook
from sqlalchemy import func, select

from red.extensions import db
from red.models import (
    Actor,
    Attendance,
    Body,
    BodyMembership,
    Commitment,
    Entrepreneur,
    Event,
    Meeting,
    Municipality,
    Participation,
    PopulationGroup,
    ProductiveChain,
    Program,
    Referral,
    RoundMeeting,
    RouteStage,
    Sector,
    ServiceRecord,
    ServiceType,
    User,
    Venture,
)
from red.services.calendar import BOGOTA, local_today
from red.services.service_log import IMPORT_COLUMNS

_seq = itertools.count(1)
# The demo accounts (red/seed/demo_accounts.py) by the name tests log in as.
DEMO_ACCOUNTS = {
    "admin": "admin@red.demo",
    "nucleo": "nucleo@red.demo",
    "staff_ccc": "gestor.ccc@red.demo",
    "staff_sena": "gestor.sena@red.demo",
    "actor_admin_ccc": "admin.ccc@red.demo",
    "entrepreneur": "emprendedor@red.demo",
}
CCC_SLUG = "camara-de-comercio-de-cucuta"
MUNICIPALITIES = {
    "54001": ("Cúcuta", "Oriental"),
    "54810": ("Tibú", "Norte"),
    "54498": ("Ocaña", "Occidental"),
    "54518": ("Pamplona", "Suroccidental"),
}
STAGE_NAMES = {
    0: "Sensibilización y cultura",
    1: "Ideación y preincubación",
    2: "Puesta en marcha e incubación",
    3: "Fortalecimiento y crecimiento",
    4: "Aceleración y escalamiento",
    5: "Internacionalización",
}


def n() -> int:
    """A number no other record of this run has used."""
    return next(_seq)


def _saved(record):
    db.session.add(record)
    db.session.flush()
    return record


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def bogota(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment given in Colombia's time, stored as UTC."""
    return datetime.combine(day, time(hour, minute), BOGOTA).astimezone(UTC)


# --- Places and catalogs (get-or-create) ---------------------------------------------------


def municipality(code: str = "54001") -> Municipality:
    found = db.session.get(Municipality, code)
    if found is None:
        name, subregion = MUNICIPALITIES[code]
        found = _saved(
            Municipality(code=code, name=name, name_norm=name.lower(), subregion=subregion)
        )
    return found


def stage(number: int = 1) -> RouteStage:
    found = db.session.scalar(select(RouteStage).where(RouteStage.number == number))
    if found is None:
        name = STAGE_NAMES[number]
        found = _saved(
            RouteStage(number=number, code=f"t-etapa-{number}", name=name, position=number)
        )
    return found


def catalog(model, code: str, name: str, **extra):
    found = db.session.scalar(select(model).where(model.code == code))
    return found or _saved(model(code=code, name=name, **extra))


def service_type(code: str = "t-financiacion", name: str = "Financiación de prueba") -> ServiceType:
    return catalog(ServiceType, code, name)


def sector(code: str = "t-C", name: str = "Industrias de prueba") -> Sector:
    return catalog(Sector, code, name)


def chain(code: str = "t-confecciones", name: str = "Confecciones de prueba") -> ProductiveChain:
    return catalog(ProductiveChain, code, name)


def population(code: str = "t-mujeres", name: str = "Mujeres de prueba", sensitive=False):
    return catalog(PopulationGroup, code, name, sensitive=sensitive)


# --- Actors and accounts -------------------------------------------------------------------


def actor(name: str | None = None, *, slug: str | None = None, **fields) -> Actor:
    """A member actor; with a `slug`, the one already stored under it if any."""
    if slug is not None:
        found = db.session.scalar(select(Actor).where(Actor.slug == slug))
        if found is not None:
            return found
    number = n()
    name = name or f"Actor de prueba {slug or number}"
    return _saved(Actor(slug=slug or f"t-actor-{number}", name=name, **fields))


def stored_actor(slug: str) -> Actor:
    """The actor stored under `slug` (the demo's: CCC_SLUG, "sena"…); never builds one, so a
    test that names a missing actor fails here instead of testing a new one."""
    found = db.session.scalar(select(Actor).where(Actor.slug == slug))
    assert found is not None, f"no actor with slug {slug!r}"
    return found


def stored_user(email: str) -> User:
    """The account with that e-mail, or of a DEMO_ACCOUNTS name ("admin", "staff_ccc"…)."""
    email = DEMO_ACCOUNTS.get(email, email)
    found = db.session.scalar(select(User).where(User.email == email))
    assert found is not None, f"no account {email!r}"
    return found


def ccc() -> Actor:
    """The Cámara de Comercio de Cúcuta of the demo data."""
    return actor("Cámara de Comercio de Cúcuta", slug=CCC_SLUG)


def user(
    role: str,
    actor: Actor | None = None,
    *,
    person: Entrepreneur | None = None,
    email: str | None = None,
) -> User:
    """An account of any role ("admin", "nucleo", "actor_admin", "actor_staff",
    "entrepreneur"…), of `actor` or for `person` when the role has one."""
    number = n()
    return _saved(
        User(
            email=email or f"usuario{number}@prueba.test",
            full_name=email.split("@")[0] if email else f"Usuario de prueba {number}",
            password_hash="x",
            role=role,
            actor_id=actor.id if actor else None,
            entrepreneur_id=person.id if person else None,
        )
    )


# --- People --------------------------------------------------------------------------------


def person(first: str = "Persona", last: str | None = None, actor: Actor | None = None):
    """A person in the registry (no consent: nobody gains access through it)."""
    number = n()
    return _saved(
        Entrepreneur(
            doc_type="13",
            doc_number=str(900_000_000 + number),
            first_names=first,
            last_names=last or f"Prueba {number}",
            registered_by_actor_id=actor.id if actor else None,
        )
    )


def person_with_access(
    actor: Actor,
    doc_number: str | None = None,
    *,
    first: str = "Ana",
    last: str = "Prueba",
    staff: User | None = None,
    **fields,
) -> Entrepreneur:
    """A person registered by `actor`, with the consent its staff captured: the actor sees
    them (red/services/person_access.py) as a real registration would make it. Any other
    field of the person (email=, birth_date=, municipality_code=…) may be given."""
    from red.services.people import record_consent, register_person

    staff = staff or db.session.scalar(
        select(User).where(User.actor_id == actor.id).order_by(User.id).limit(1)
    )
    staff = staff or user("actor_staff", actor)
    registration = register_person(
        db.session,
        doc_type="13",
        doc_number=doc_number or str(1_090_000_000 + n()),
        first_names=first,
        last_names=last,
        registered_by_actor_id=actor.id,
        **fields,
    )
    record_consent(
        db.session,
        registration.person,
        channel="presencial",
        policy_version="2026-01",
        purpose_attention=True,
        captured_by_user_id=staff.id,
        actor_id=actor.id,
    )
    return registration.person


@dataclass
class World:
    """Two actors (A and B) with one staff account each, an admin, a núcleo account,
    catalogs and a program of each, independent of the demo data."""

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

    def person(self, doc_number: str = "1090111222", actor: Actor | None = None, **names):
        """A person registered by A (or `actor`) with consent captured by its staff."""
        actor = actor or self.actor_a
        staff = self.staff_a if actor.id == self.actor_a.id else self.staff_b
        return person_with_access(
            actor, doc_number, staff=staff, municipality_code=self.municipality.code, **names
        )


def world() -> World:
    place = db.session.get(Municipality, "99001") or _saved(
        Municipality(code="99001", name="Municipio de Prueba", name_norm="", subregion="Oriental")
    )
    actor_a = actor("Actor de Prueba A", slug="ws-actor-a", email="a@actor.test")
    actor_b = actor("Actor de Prueba B", slug="ws-actor-b", email="b@actor.test")
    return World(
        actor_a=actor_a,
        actor_b=actor_b,
        staff_a=user("actor_staff", actor_a, email="ws.a@test.co"),
        staff_b=user("actor_staff", actor_b, email="ws.b@test.co"),
        admin=user("admin", email="ws.admin@test.co"),
        nucleo=user("nucleo", email="ws.nucleo@test.co"),
        municipality=place,
        service_type=_saved(ServiceType(code="ws-formacion", name="Formación de prueba")),
        stage=_saved(RouteStage(code="ws-etapa", name="Etapa de prueba", number=90)),
        program_a=_saved(Program(slug="ws-prog-a", name="Programa A de prueba", owner=actor_a)),
        program_b=_saved(
            Program(
                slug="ws-prog-b", name="Programa B de prueba", owner=actor_b, status="publicado"
            )
        ),
    )


# --- The Ruta: programs --------------------------------------------------------------------


def program(
    name: str | None = None,
    owner: Actor | None = None,
    *,
    stages=(1,),
    municipalities=(),
    status: str = "publicado",
    **extra,
) -> Program:
    """A program of `owner` (a new actor by default), reviewed today unless `reviewed` (or
    `last_reviewed_on`) says otherwise; in the whole department unless `municipalities`."""
    number = n()
    extra.setdefault("whole_department", not municipalities)
    reviewed = extra.pop("reviewed", extra.pop("last_reviewed_on", local_today()))
    return _saved(
        Program(
            slug=f"t-{number}-programa",
            name=name or f"Programa de prueba {number}",
            owner=owner or actor(),
            status=status,
            stages=[stage(s) for s in stages],
            municipalities=[municipality(c) for c in municipalities],
            last_reviewed_on=reviewed,
            **extra,
        )
    )


# --- Activity: services and referrals ------------------------------------------------------


def service(actor: Actor, served_on: date, who: Entrepreneur | None = None) -> ServiceRecord:
    """A service (atención) the actor gave `who` (a new person by default)."""
    kind = db.session.scalar(select(ServiceType).limit(1)) or service_type()
    return _saved(
        ServiceRecord(
            actor_id=actor.id,
            entrepreneur_id=(who or person("Ana")).id,
            service_type_id=kind.id,
            served_on=served_on,
        )
    )


def referral(
    to: Actor, due_on: date, answered_at: datetime | None = None, status: str | None = None
) -> Referral:
    """A referral from the Ruta to `to`, sent a week before it is due."""
    return _saved(
        Referral(
            code=f"R-T{n():07d}",
            entrepreneur_id=person("Ana").id,
            source="ruta",
            to_actor_id=to.id,
            need="Asesoría para formalizarse",
            status=status or ("aceptada" if answered_at else "enviada"),
            sent_at=bogota(due_on - timedelta(days=7), 9),
            response_due_on=due_on,
            answered_at=answered_at,
        )
    )


# --- Import sheets -------------------------------------------------------------------------

SERVICE_COLUMNS = [key for key, _ in IMPORT_COLUMNS]  # the services import's sheet


def workbook(header: list[str], rows: list[list]) -> bytes:
    """An .xlsx file of one sheet: the header, then the rows (as a user uploads one)."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def service_row(
    number: str = "1090555001", first: str = "Nueva", last: str = "Persona", consent="si", **kw
) -> list[str]:
    """A row of the services import for world()'s actor (its service type "ws-formacion" and
    "Municipio de Prueba"); name any other column by its sheet name: fecha="03/02/2026"."""
    values = {
        "tipo_documento": "13",
        "numero_documento": number,
        "nombres": first,
        "apellidos": last,
        "correo": "",
        "telefono": "",
        "municipio": "Municipio de Prueba",
        "fecha": "02/02/2026",
        "tipo_atencion": "ws-formacion",
        "programa": "",
        "horas": "1,5",
        "resultado": "Ok",
        "autoriza_datos": consent,
    }
    values.update(kw)
    return [values[column] for column in SERVICE_COLUMNS]


# --- Events and business rounds ------------------------------------------------------------


def event(organizer: Actor | None = None, **fields) -> Event:
    """An open fair ten days from now, organised by `organizer` (a new actor by default)."""
    number = n()
    values = {
        "slug": f"evento-prueba-{number}",
        "name": f"Evento de prueba {number}",
        "kind": "feria",
        "starts_on": local_today() + timedelta(days=10),
        "registration_open": True,
    }
    return _saved(Event(organizers=[organizer or actor()], **{**values, **fields}))


def register(event: Event, person: Entrepreneur, role: str = "asistente", venture=None):
    """A registration (Participation) of `person` to `event`, through the service."""
    from red.services import events as service

    return service.register_participant(db.session, event, person, role=role, venture=venture)


def matrix_round() -> dict:
    """A rueda organised by the Cámara de Comercio de Cúcuta, with the demo entrepreneur as a
    buyer, one seller and one scheduled meeting. Built on demand, rolled back after the test."""
    found = db.session.scalar(select(Event).where(Event.slug == "rueda-matriz"))
    if found is None:
        _build_matrix_round()
    found = db.session.scalar(select(Event).where(Event.slug == "rueda-matriz"))
    buyer = db.session.scalar(
        select(Participation).where(
            Participation.event_id == found.id, Participation.role == "comprador"
        )
    )
    meeting = db.session.scalar(select(RoundMeeting).where(RoundMeeting.event_id == found.id))
    return {"event": found, "buyer": buyer, "meeting": meeting}


def _build_matrix_round() -> None:
    rueda = event(ccc(), slug="rueda-matriz", name="Rueda matriz", kind="rueda_negocios")
    account = db.session.scalar(select(User).where(User.email == "emprendedor@red.demo"))
    if account is not None and account.entrepreneur_id is None:
        account.entrepreneur_id = person("Emprendedora").id
    buyer_person = db.session.get(Entrepreneur, account.entrepreneur_id) if account else person()
    buyer = register(rueda, buyer_person, "comprador")
    seller_person = person("Vendedor")
    venture = _saved(Venture(entrepreneur=seller_person, name="Calzado Prueba"))
    seller = register(rueda, seller_person, "vendedor", venture=venture)
    business_round(rueda, buyer, [seller])


def business_round(rueda: Event, buyer: Participation, sellers: list[Participation]) -> None:
    """Two tables of 20-minute meetings on 1 May 2030 from 8:00 to 10:00; `buyer` asks to
    meet `sellers`; the agenda is built."""
    from red.services import business_rounds as rounds

    rounds.configure_round(
        db.session,
        rueda,
        tables=2,
        slot_minutes=20,
        starts_at=datetime(2030, 5, 1, 8, 0),
        ends_at=datetime(2030, 5, 1, 10, 0),
    )
    rounds.set_requests(db.session, rueda, buyer, [s.id for s in sellers])
    rounds.build_round_agenda(db.session, rueda)
    db.session.flush()


# --- Governance: bodies, meetings, commitments ---------------------------------------------


def body(members: list[Actor], coordinator: Actor | None = None, kind: str = "mesa") -> Body:
    """A mesa (or `kind`) with `members`, coordinated by `coordinator`."""
    number = n()
    record = _saved(
        Body(
            slug=f"mesa-prueba-{number}",
            kind=kind,
            name=f"Mesa de prueba {number}",
            coordinator_actor_id=coordinator.id if coordinator else None,
        )
    )
    db.session.add_all(BodyMembership(body_id=record.id, actor_id=m.id) for m in members)
    db.session.flush()
    return record


def meeting(body: Body, held_on: date, attendance: dict[Actor, str] | None = None) -> Meeting:
    """The body's next meeting, held on `held_on`, with `attendance` {actor: status}."""
    last = db.session.scalar(select(func.max(Meeting.number)).where(Meeting.body_id == body.id))
    record = _saved(
        Meeting(body_id=body.id, number=(last or 0) + 1, held_on=held_on, agenda="1. Verificación")
    )
    db.session.add_all(
        Attendance(meeting_id=record.id, actor_id=member.id, status=status)
        for member, status in (attendance or {}).items()
    )
    db.session.flush()
    return record


def commitment(
    meeting: Meeting,
    actors: list[Actor],
    due_on: date,
    status: str = "pendiente",
    completed_on: date | None = None,
) -> Commitment:
    return _saved(
        Commitment(
            meeting_id=meeting.id,
            description=f"Compromiso de prueba {n()}",
            due_on=due_on,
            status=status,
            completed_on=completed_on,
            actors=actors,
        )
    )
