"""The demo data loaded from the report, and the synthetic-data generator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, selectinload
from stdnum.co import nit

from red.models import (
    Actor,
    Base,
    Body,
    BodyMembership,
    ConsentRecord,
    Entrepreneur,
    Event,
    Indicator,
    Municipality,
    Participation,
    PopulationGroup,
    Program,
    Referral,
    ReferralStatusChange,
    RouteStage,
    ScorecardVersion,
    Sector,
    ServiceRecord,
    User,
    Venture,
)
from red.seed import SeedError
from red.seed.demo import seed_demo
from red.seed.demo_accounts import DEMO_PASSWORD
from red.seed.synthetic import seed_synthetic
from red.services.accounts import verify_password
from tests.factories import DEMO_ACCOUNTS

COUNTED = [
    Municipality,
    RouteStage,
    Sector,
    PopulationGroup,
    Actor,
    Program,
    Event,
    Indicator,
    Body,
    BodyMembership,
    ScorecardVersion,
    User,
    Entrepreneur,
    Venture,
    ConsentRecord,
]


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _actor(session, slug: str) -> Actor:
    return session.scalar(select(Actor).where(Actor.slug == slug))


def _program(session, slug: str) -> Program:
    """The program with what these tests read of it (relationships never load themselves)."""
    loads = (selectinload(Program.municipalities), selectinload(Program.owner))
    return session.scalar(select(Program).where(Program.slug == slug).options(*loads))


def _event(session, slug: str) -> Event:
    return session.scalar(select(Event).where(Event.slug == slug))


def _indicator(session, code: str) -> Indicator:
    return session.scalar(select(Indicator).where(Indicator.code == code))


# --- counts ----------------------------------------------------------------------------------


def test_catalog_and_reference_counts(db):
    s = db.session
    assert _count(s, Municipality) == 40
    assert _count(s, RouteStage) == 6
    assert [st.name for st in s.scalars(select(RouteStage).order_by(RouteStage.number))] == [
        "Sensibilización y cultura",
        "Ideación y preincubación",
        "Puesta en marcha e incubación",
        "Fortalecimiento y crecimiento",
        "Aceleración y escalamiento",
        "Internacionalización",
    ]
    assert _count(s, Sector) == 21
    assert set(s.scalars(select(Sector.code))) == set("ABCDEFGHIJKLMNOPQRSTU")
    assert _count(s, PopulationGroup, PopulationGroup.code == "ninos") == 1
    sensitive = set(s.scalars(select(PopulationGroup.code).where(PopulationGroup.sensitive)))
    assert {"victimas", "discapacidad", "etnicos", "reincorporacion", "lgbtiq"} <= sensitive
    assert "mujeres" not in sensitive


def test_actor_program_event_counts(db):
    s = db.session
    assert _count(s, Actor) >= 35
    assert _count(s, Program, Program.status == "publicado") >= 30
    assert _count(s, Event) >= 20
    assert _count(s, Indicator, Indicator.kind == "resultado") == 6
    assert _count(s, Indicator, Indicator.kind == "producto") == 20
    assert _count(s, Body, Body.kind == "nucleo") == 1
    assert _count(s, Body, Body.kind == "mesa") >= 3
    assert _count(s, ScorecardVersion) >= 1


def test_every_program_has_owner_and_searchable_text(db):
    loads = selectinload(Program.owner), selectinload(Program.municipalities)
    for program in db.session.scalars(select(Program).options(*loads)):
        assert program.owner is not None
        assert program.search_norm and program.search_norm == program.search_norm.lower()
        assert program.last_reviewed_on is not None
        assert program.whole_department or program.municipalities or program.period


# --- idempotence -----------------------------------------------------------------------------


def test_second_seed_adds_nothing(db):
    s = db.session
    before = {model.__name__: _count(s, model) for model in COUNTED}
    summary = seed_demo(s)
    assert summary and all(count == 0 for count in summary.values()), summary
    after = {model.__name__: _count(s, model) for model in COUNTED}
    assert after == before


def test_cli_seed_demo_adds_the_living_demo_once(runner):
    """The first run adds the demonstration activity; the second adds nothing and is not
    refused: the demo's own people do not count as real ones."""
    first = runner.invoke(args=["red", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "personas_demo: 0 nuevos" not in first.output and "atenciones_demo:" in first.output
    second = runner.invoke(args=["red", "seed-demo"])
    assert second.exit_code == 0, second.output
    lines = [line for line in second.output.splitlines() if line.strip()]
    assert lines
    assert all(line.endswith(": 0 nuevos") for line in lines), second.output


# --- exact figures ---------------------------------------------------------------------------


def test_result_goals_exact_figures(db):
    s = db.session
    mr3 = _indicator(s, "MR-3")
    assert mr3.table_number == 1
    assert (mr3.baseline_text, mr3.progress_text, mr3.target_text) == ("63,5%", "62,8%**", "60%")
    assert mr3.baseline_value == Decimal("63.5")
    assert mr3.progress_value == Decimal("62.8")
    assert mr3.baseline_year == 2023 and mr3.progress_year == 2025 and mr3.target_year == 2027
    assert mr3.measure == "bajar"
    assert mr3.footnote == "**Medición DANE Cúcuta y AM, disponible a septiembre-2025"

    mr6 = _indicator(s, "MR-6")
    assert (mr6.baseline_text, mr6.progress_text, mr6.target_text) == ("2.378", "664", "3.500")
    assert (mr6.baseline_value, mr6.progress_value, mr6.target_value) == (2378, 664, 3500)
    assert mr6.measure == "acumulado"

    mr1 = _indicator(s, "MR-1")
    assert (mr1.baseline_value, mr1.progress_value, mr1.target_value) == (23, 22, 20)
    assert mr1.measure == "bajar"
    assert mr1.footnote.startswith("*Última medición disponible, Índice Departamental de")

    mr5 = _indicator(s, "MR-5")
    assert mr5.progress_text == "3***" and mr5.progress_value == 3
    assert "Internacionalización año 2024" in mr5.footnote


def test_product_goals_exact_figures(db):
    s = db.session
    mp14 = _indicator(s, "MP-14")
    assert mp14.table_number == 4 and mp14.goal_number == 14
    assert (mp14.target_value, mp14.progress_value) == (250, 25)
    assert mp14.name == "Iniciativas de la Asociatividad solidaria fomentadas"

    mp16 = _indicator(s, "MP-16")
    assert mp16.progress_value is None and mp16.progress_text == "En ejecución"
    assert mp16.target_value == 1

    mp18 = _indicator(s, "MP-18")
    assert mp18.target_text == "1.000" and mp18.target_value == 1000
    assert mp18.progress_value == 337 and mp18.table_number == 5

    tables = dict(
        s.execute(
            select(Indicator.table_number, func.count())
            .where(Indicator.kind == "producto")
            .group_by(Indicator.table_number)
        ).all()
    )
    assert tables == {2: 5, 3: 4, 4: 8, 5: 3}


def test_reported_event_figures(db):
    s = db.session
    expocuc = _event(s, "expocuc")
    assert expocuc.is_reported
    assert expocuc.reported_sales_cop == 28_000_000_000
    assert expocuc.reported_buyers == 150
    assert expocuc.reported_exhibitors == 170
    assert "725.000 pares" in expocuc.reported_notes
    db.session.refresh(expocuc, ["organizer_links"])
    assert {a.slug for a in expocuc.organizers} == {
        "corpoincal",
        "gobernacion-de-norte-de-santander",
    }

    cumo = _event(s, "cumo")
    assert cumo.reported_sales_cop == 8_900_000_000
    db.session.refresh(cumo, ["organizer_links"])
    assert {a.slug for a in cumo.organizers} == {"corpomoda", "gobernacion-de-norte-de-santander"}

    macro = _event(s, "macrorrueda-nacional-colombia-2025")
    assert macro.city == "Cali" and macro.reported_participants == 20
    assert (macro.starts_on, macro.ends_on, macro.date_precision) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        "anio",
    )

    descuento = _event(s, "feria-cucuta-en-descuento-2024")
    assert descuento.reported_exhibitors == 50
    assert descuento.reported_sales_cop == 200_000_000


def test_gobernacion_presides_with_valid_nit(db):
    s = db.session
    gobernacion = _actor(s, "gobernacion-de-norte-de-santander")
    assert gobernacion.nit == "800103927-7"
    assert nit.is_valid(gobernacion.nit)
    assert gobernacion.network_role == "presidencia"
    assert _count(s, Actor, Actor.nit.is_not(None)) == 1

    ccc = _actor(s, "camara-de-comercio-de-cucuta")
    # The report does not say who is the network's secretaría técnica: nobody is.
    assert ccc.network_role == "miembro" and ccc.is_member
    assert _count(s, Actor, Actor.network_role == "secretaria_tecnica") == 0
    assert ccc.municipality_code == "54001"
    assert _actor(s, "sena").acronym == "SENA"
    for slug in ("acicam", "corpoincal", "corpomoda", "cluster-nortic", "ifinorte", "andi"):
        assert _actor(s, slug) is not None, slug
    assert _actor(s, "procolombia").network_role == "aliado"
    assert not _actor(s, "procolombia").is_member
    assert all(
        a.email is None and a.phone is None and a.website is None for a in s.scalars(select(Actor))
    )


def test_programs_municipalities_from_report(db):
    s = db.session
    pequenos = _program(s, "pequenos-emprendedores")
    assert pequenos.status == "publicado" and pequenos.is_free
    db.session.refresh(pequenos, ["municipalities"])
    assert {m.name for m in pequenos.municipalities} == {
        "Pamplona",
        "Ocaña",
        "Gramalote",
        "El Zulia",
        "Chinácota",
        "Los Patios",
        "Villa del Rosario",
    }
    db.session.refresh(pequenos, ["populations", "owner"])
    assert [p.code for p in pequenos.populations] == ["ninos"]
    assert "185 niños y niñas" in pequenos.reported_results
    assert pequenos.owner.slug == "gobernacion-de-norte-de-santander"

    emprendefest = _program(s, "emprendefest")
    assert "54810" in {m.code for m in emprendefest.municipalities}

    zasca = _program(s, "zasca-cucuta-sistema-moda")
    assert zasca.owner.slug == "camara-de-comercio-de-cucuta"

    credit = _program(s, "credito-ifinorte-coopfuturo")
    assert credit.is_free is False and credit.cost_cop is None
    assert "2024-460" in credit.summary

    rural = _program(s, "ruta-de-emprendimiento-rural")
    assert {m.name for m in rural.municipalities} == {
        "Durania",
        "El Zulia",
        "Chitagá",
        "Arboledas",
        "Ábrego",
    }


def test_bodies(db):
    s = db.session
    nucleo = s.scalar(select(Body).where(Body.slug == "nucleo"))
    assert nucleo.kind == "nucleo"
    db.session.refresh(nucleo, ["coordinator", "memberships"])
    assert nucleo.coordinator.slug == "gobernacion-de-norte-de-santander"
    for m in nucleo.memberships:
        db.session.refresh(m, ["actor"])
    members = {m.actor.slug for m in nucleo.memberships}
    assert "camara-de-comercio-de-cucuta" in members and "sena" in members
    assert all(m.actor.is_member for m in nucleo.memberships)
    mesas = select(Body).where(Body.kind == "mesa")
    for mesa in s.scalars(
        mesas.options(selectinload(Body.coordinator), selectinload(Body.memberships))
    ):
        assert mesa.coordinator is not None and mesa.memberships
        assert "demostración" in mesa.description


# --- demo accounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "role", "actor_slug"),
    [
        ("admin", "admin", None),
        ("nucleo", "nucleo", None),
        ("staff_ccc", "actor_staff", "camara-de-comercio-de-cucuta"),
        ("actor_admin_ccc", "actor_admin", "camara-de-comercio-de-cucuta"),
        ("staff_sena", "actor_staff", "sena"),
        ("entrepreneur", "entrepreneur", None),
    ],
)
def test_demo_accounts(db, key, role, actor_slug):
    user = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[key]))
    assert user is not None and user.active
    assert user.role == role
    assert (user.actor.slug if user.actor else None) == actor_slug


def test_demo_password_and_entrepreneur(db):
    s = db.session
    user = s.scalar(select(User).where(User.email == DEMO_ACCOUNTS["entrepreneur"]))
    assert verify_password(user.password_hash, DEMO_PASSWORD)
    person = s.get(Entrepreneur, user.entrepreneur_id)
    assert (person.doc_type, person.doc_number) == ("13", "1090123456")
    assert person.municipality_code == "54810"
    db.session.refresh(person, ["ventures", "consents"])
    assert len(person.ventures) == 1
    (consent,) = person.consents
    assert consent.policy_version == "2026-01" and consent.channel == "web"
    assert consent.purpose_attention and consent.purpose_statistics


# --- synthetic data --------------------------------------------------------------------------


def test_seed_synthetic_small(db):
    s = db.session
    people_before = _count(s, Entrepreneur)
    summary = seed_synthetic(s, entrepreneurs=50, random_seed=7)
    assert summary["emprendedores"] == 50
    assert summary["emprendimientos"] == 50
    assert summary["atenciones"] >= 50
    assert _count(s, Entrepreneur) == people_before + 50

    new_people = list(
        s.scalars(
            select(Entrepreneur)
            .order_by(Entrepreneur.id.desc())
            .limit(50)
            .options(selectinload(Entrepreneur.ventures), selectinload(Entrepreneur.consents))
        )
    )
    for person in new_people:
        assert person.doc_type in ("13", "48")
        assert person.name_norm and person.name_norm == person.name_norm.lower()
        assert len(person.ventures) == 1
        assert person.consents
    ids = [p.id for p in new_people]
    services = _count(s, ServiceRecord, ServiceRecord.entrepreneur_id.in_(ids))
    assert services == summary["atenciones"]
    published = set(s.scalars(select(Program.id).where(Program.status == "publicado")))
    members = set(s.scalars(select(Actor.id).where(Actor.is_member)))
    for record in s.scalars(select(ServiceRecord).where(ServiceRecord.entrepreneur_id.in_(ids))):
        assert record.program_id in published and record.actor_id in members

    referrals = list(
        s.scalars(
            select(Referral)
            .where(Referral.entrepreneur_id.in_(ids))
            .options(selectinload(Referral.history))
        )
    )
    assert len(referrals) == summary["remisiones"]
    assert len({r.code for r in referrals}) == len(referrals)
    for referral in referrals:
        assert referral.history and referral.history[-1].to_status == referral.status
        assert referral.history[0].from_status is None
        if referral.status == "rechazada":
            assert referral.rejection_reason
    changes = _count(
        s,
        ReferralStatusChange,
        ReferralStatusChange.referral_id.in_([r.id for r in referrals] or [0]),
    )
    assert changes == summary["cambios_de_estado"]
    participations = _count(s, Participation, Participation.entrepreneur_id.in_(ids))
    assert participations == summary["participaciones"]


def test_seed_synthetic_needs_demo_data():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session, pytest.raises(SeedError, match="seed-demo"):
        seed_synthetic(session, entrepreneurs=5)
    engine.dispose()


def test_synthetic_programs_and_events(db):
    from sqlalchemy import func, select

    from red.models import Event, Program
    from red.seed.synthetic import seed_synthetic

    before = db.session.scalar(select(func.count(Program.id)))
    counts = seed_synthetic(db.session, entrepreneurs=20, programs=30, events=10)
    assert counts["programas"] == 30 and counts["eventos"] == 10
    assert db.session.scalar(select(func.count(Program.id))) == before + 30
    program = db.session.scalar(select(Program).where(Program.slug.like("sintetico-%")).limit(1))
    db.session.refresh(program, ["stages"])
    assert program.stages and "sintetico" in program.search_norm
    assert (
        db.session.scalar(select(func.count(Event.id)).where(Event.slug.like("evento-sintetico-%")))
        == 10
    )
