"""The report's facts as the demo carries them: 40 members by a rule written next to the
data, events with dates, places and figures in fields, and the report's figures summed by
year and subregion apart from the records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from red.extensions import db
from red.models import Actor, Event, Program
from red.seed.report_data import apply_membership_rule, load, network_facts
from red.services.report_figures import JOINT_YEARS, SEVERAL_PLACES, reported_figures
from tests import factories as f


def _event(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def test_the_demo_has_the_40_members_the_report_counts():
    members = db.session.scalar(select(func.count(Actor.id)).where(Actor.is_member.is_(True)))
    assert members == 40 == network_facts().reported_members


def test_membership_follows_the_written_rule_in_report_order():
    rows = load().actors
    in_order = sorted(rows, key=lambda r: r["mention"])
    expected = [r["slug"] for r in in_order if r["in_department"]][:40]
    assert {r["slug"] for r in rows if r["is_member"]} == set(expected)
    assert [r["mention"] for r in in_order] == list(range(1, len(rows) + 1))
    # Partners the report does not place in the department.
    for slug in ("procolombia", "ministerio-de-trabajo", "giz", "bancoldex", "magneto-empleos"):
        assert not f.stored_actor(slug).is_member and f.stored_actor(slug).network_role == "aliado"
    for slug in ("coopfuturo", "sena", "cluster-moda-norte", "cluster-construccion"):
        assert f.stored_actor(slug).is_member, slug


def test_the_rule_refuses_data_that_gives_fewer_members_than_the_report():
    import pytest

    from red.seed import SeedError

    rows = [dict(r, network_role=None) for r in load().actors]
    rows[0]["in_department"] = False
    with pytest.raises(SeedError, match="la regla da 39 miembros y el informe cuenta 40"):
        apply_membership_rule(rows, 40)


def test_what_the_report_states_has_no_assumption_and_the_rest_says_so(client):
    gobernacion = f.stored_actor("gobernacion-de-norte-de-santander")
    assert gobernacion.network_role == "presidencia" and gobernacion.demo_assumption is None
    ccc = f.stored_actor("camara-de-comercio-de-cucuta")
    assert ccc.demo_assumption.startswith("Miembro según la regla de la demostración")
    assert "Cámaras de Comercio existentes en la región" in ccc.demo_assumption
    page = client.get("/actores/camara-de-comercio-de-cucuta").get_data(as_text=True)
    assert "Supuesto de la demostración" in page and "Secretaría técnica" not in page
    directory = client.get("/actores").get_data(as_text=True)
    assert "Supuesto de la demostración" in directory and "no publica la lista" in directory
    assert "Supuesto de la demostración" not in client.get(
        "/actores/gobernacion-de-norte-de-santander"
    ).get_data(as_text=True)


def test_missing_report_facts_are_carried():
    assert f.stored_actor("cluster-moda-norte").chains[0].code == "confecciones"
    cluster = db.session.scalar(select(Program).where(Program.slug == "apoyo-iniciativas-cluster"))
    assert {"cluster-moda-norte", "cluster-construccion", "cluster-nortic"} <= {
        a.slug for a in cluster.cooperators
    }
    apuesta_3 = load().apuestas[4]
    assert (apuesta_3["investment_cop"], apuesta_3["beneficiaries"]) == (988_000_000, 2500)
    mp13 = {r["code"]: r for r in load().indicators}["MP-13"]
    assert "113 actores institucionales, 90 organizaciones sociales" in mp13["source_note"]


def test_the_ruta_says_how_many_of_the_72_programs_the_report_describes(client):
    described = db.session.scalar(select(func.count(Program.id)))
    assert described == len(load().programs) == network_facts().described_programs
    sentence = f"{described} de los 72 programas y servicios que reporta la Red"
    assert sentence in client.get("/").get_data(as_text=True)
    assert sentence in client.get("/ruta").get_data(as_text=True)
    employment = db.session.scalar(
        select(Program).where(Program.slug == "agencia-publica-de-empleo-sena")
    )
    assert employment.owner.slug == "sena"


def test_every_report_event_has_dates_and_its_figures_in_fields():
    events = db.session.scalars(select(Event).where(Event.is_reported.is_(True))).all()
    assert len(events) == len(load().events)
    for event in events:
        assert event.starts_on and event.ends_on and event.starts_on <= event.ends_on, event.slug
        assert (
            event.municipality_code
            or event.city
            or event.venue
            or event.country != "Colombia"
            or "ni dónde se realizó" in (event.reported_notes or "")
            or "dice dónde" in (event.reported_notes or "")
        ), event.slug
        said = f"{event.reported_notes} {event.demo_assumption}"
        assert event.organizers or "quién lo organiz" in said, event.slug
    expocuc = _event("expocuc")
    assert (expocuc.reported_exhibitors, expocuc.reported_buyers) == (170, 150)
    assert expocuc.figures_qualifier == "mas_de"
    assert "28.000" not in expocuc.reported_notes  # the figure lives in its field
    popup = _event("pop-up-market-2025")
    assert (popup.starts_on, popup.date_precision) == (date(2025, 10, 1), "trimestre")
    december = _event("feria-cucuta-en-descuento-2025")
    assert (december.starts_on, december.date_precision) == (date(2025, 12, 1), "mes")


def test_the_pop_up_market_target_is_the_programs_cupos_not_the_events(client):
    """«impulsar 100 emprendedores regionales» is what the strategy means to reach: neither
    people who took part (a reported figure) nor a cap on who may sign up for the event."""
    popup = _event("pop-up-market-2025")
    assert (popup.capacity, popup.reported_participants, popup.reported_exhibitors) == (
        None,
        None,
        None,
    )
    assert popup.program.slug == "pop-up-market" and popup.program.capacity == 100
    event_page = client.get("/eventos/pop-up-market-2025").get_data(as_text=True)
    assert "Cupo" not in event_page and "meta del programa Pop-Up Market" in event_page
    program_page = client.get("/ruta/pop-up-market").get_data(as_text=True)
    assert "100 en total" in program_page and "Meta: impulsar 100 emprendedores" in program_page
    by_year = {row.label: row for row in reported_figures(db.session).by_year}
    assert by_year["2025"].participants == 20 + 105  # Macrorueda and IFLS+EICI, not the 100


def test_event_pages_show_dates_as_precisely_as_the_report_gives_them(client):
    assert "diciembre de 2025" in client.get("/eventos/feria-cucuta-en-descuento-2025").get_data(
        as_text=True
    )
    page = client.get("/eventos/expocuc").get_data(as_text=True)
    assert "2024 y 2025" in page and "más de 170" in page
    assert "último trimestre de 2025" in client.get("/eventos/pop-up-market-2025").get_data(
        as_text=True
    )


def test_report_figures_sum_by_year_and_subregion_as_the_report_gives_them():
    figures = reported_figures(db.session)
    by_year = {row.label: row for row in figures.by_year}
    # 2024: Feria Cúcuta en Descuento (50 expositores, más de $200 millones); Congreso de
    # Iniciativas Clúster (alrededor de 160) and the Simposio ladrillero (25 empresas).
    assert by_year["2024"].sales_cop == 200_000_000
    assert by_year["2024"].exhibitors == 50
    assert by_year["2024"].participants == 185
    # 2025: Pop-Up Market (más de $50 millones), Macrorueda (20) and IFLS+EICI (105).
    assert by_year["2025"].sales_cop == 50_000_000
    assert by_year["2025"].participants == 125
    # Two editions together: EXPOCUC $28.000 M + CÚMO $8.900 M + Feria Cúcuta Textil $4.000 M.
    joint = by_year[JOINT_YEARS]
    assert joint.sales_cop == 40_900_000_000
    assert (joint.exhibitors, joint.buyers) == (170 + 150 + 42, 150 + 160)
    assert joint.participants == 60 + 1600 + 200  # misiones, ferias laborales, EmprendeFEST
    assert figures.total.sales_cop == 41_150_000_000
    by_place = {row.label: row for row in figures.by_place}
    assert by_place["Oriental"].sales_cop == 41_150_000_000  # every sale was in Cúcuta
    assert by_place[SEVERAL_PLACES].participants == 1600 + 200
    assert by_place["Fuera del departamento"].participants == 20 + 60  # Cali; the missions


def test_activity_page_keeps_report_figures_apart_from_the_records(client, login_as):
    login_as("nucleo")
    page = client.get("/indicadores/actividad").get_data(as_text=True)
    report = page[
        page.index("Cifras del informe 2024–2025") : page.index("Actividad registrada en Red")
    ]
    assert "$ 40.900.000.000" in report and "2024 y 2025 (cifras conjuntas)" in report
    live = page[page.index("Actividad registrada en Red") :]
    assert "Ventas reportadas" not in live and "40.900.000.000" not in live


def _row(page: str, text: str) -> str:
    start = page.index(text, page.index("<tbody"))
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_the_report_facts_the_demo_missed_are_on_the_pages(client, login_as):
    """Apuesta 3's investment and reach, the Trabajo Digno y Decente policy and the clusters
    Moda Norte and Construcción, where a núcleo member reads the plan."""
    login_as("nucleo")
    page = client.get("/indicadores").get_data(as_text=True)
    assert (
        "Apuesta 3. Fortalecimiento de la gestión y dirección de los sectores Trabajo, Comercio,"
        in page
    )
    assert "inversión de más de $988 millones y más de 2.500 ciudadanos beneficiados" in page
    assert "más de $13.843 millones" in page and "más de $2.181 millones" in page
    # Product tables carry the report's columns: Iniciativa, Meta N°, Indicador.
    row = _row(
        page, "Formulación de Política Pública Departamental para el Trabajo Digno y Decente"
    )
    assert ">13</td>" in row and "Documentos de política elaborados" in row
    row = _row(page, "Apoyo a consolidación de iniciativas clúster")
    assert ">5</td>" in row and "Clústeres asistidos en la implementación" in row
    policy = client.get("/indicadores/meta/MP-13").get_data(as_text=True)
    assert "trabajo digno y decente" in policy and "113 actores institucionales" in policy
    clusters = client.get("/indicadores/meta/MP-5").get_data(as_text=True)
    assert "Moda Norte, Construcción y NORTIC" in clusters
    for slug, name in (("cluster-moda-norte", "Clúster Moda Norte"),
                       ("cluster-construccion", "Clúster Construcción")):  # fmt: skip
        actor = client.get(f"/actores/{slug}").get_data(as_text=True)
        assert name in actor and "asistida" in actor
