"""Events: public list and page, creating and editing, registration, check-in, outcomes."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from red.models import ConsentRecord, Entrepreneur, Event, Participation, Venture
from red.services import event_participants
from red.services import events as service
from red.services.calendar import local_today
from tests import factories as f


@pytest.fixture
def world(db):
    """Two actors with one gestor each; an open event of the first with two seats."""
    ours, theirs = f.actor("Corporación Organizadora"), f.actor("Otra Entidad")
    return {
        "ours": ours,
        "theirs": theirs,
        "staff": f.user("actor_staff", ours),
        "other_staff": f.user("actor_staff", theirs),
        "admin": f.user("admin"),
        "event": f.event(ours, name="Feria de Prueba Norte", capacity=2),
    }


def text(response) -> str:
    return response.get_data(as_text=True)


# --- public list and page ------------------------------------------------------------------


def test_public_list_shows_events_and_reported_figures(client, world):
    f.event(
        world["ours"],
        name="Gran Feria Reportada",
        is_reported=True,
        reported_exhibitors=170,
        reported_sales_cop=28_000_000_000,
        starts_on=None,
        period_label="2024 y 2025",
    )
    assert "Feria de Prueba Norte" in text(client.get("/eventos?q=prueba norte"))
    page = text(client.get("/eventos?q=gran feria reportada"))
    assert "Gran Feria Reportada" in page and "Cifras reportadas" in page
    assert "$ 28.000.000.000" in page and "170" in page


def test_filters_by_text_type_and_time(client, world):
    f.event(world["ours"], name="Rueda Agroindustrial", kind="rueda_negocios")
    f.event(world["ours"], name="Feria Pasada", starts_on=date(2020, 3, 1))
    assert "Rueda Agroindustrial" not in text(client.get("/eventos?q=norte"))
    by_kind = text(client.get("/eventos?tipo=rueda_negocios"))
    assert "Rueda Agroindustrial" in by_kind and "Feria de Prueba Norte" not in by_kind
    past = text(client.get("/eventos?cuando=pasados&q=pasada"))  # the report's fairs are past too
    assert "Feria Pasada" in past and "Feria de Prueba Norte" not in past
    upcoming = text(client.get("/eventos?cuando=proximos"))
    assert "Feria de Prueba Norte" in upcoming and "Feria Pasada" not in upcoming
    by_actor = text(client.get(f"/eventos?actor={world['theirs'].slug}"))
    assert "No hay eventos que coincidan" in by_actor


def test_demo_reported_events_show_their_figures(client, db):
    pytest.importorskip("red.seed.demo")
    page = text(client.get("/eventos?q=expocuc"))
    assert "EXPOCUC" in page and "$ 28.000.000.000" in page
    cumo = text(client.get("/eventos/cumo"))
    assert "Cifras reportadas" in cumo and "$ 8.900.000.000" in cumo


def test_list_page_runs_the_same_queries_with_few_and_many_events(client, world, count_queries):
    def measure() -> int:
        with count_queries() as counter:
            assert client.get("/eventos?q=lote").status_code == 200
        return counter.count

    f.event(world["ours"], name="Lote 0")
    few = measure()
    for n in range(1, 25):
        f.event(world["theirs"], name=f"Lote {n}", municipality_code=None)
    assert measure() == few


# --- creating and editing ------------------------------------------------------------------


def test_staff_creates_an_event_their_actor_organises(client, login_as, world):
    login_as(world["staff"])
    response = client.post(
        "/eventos/nuevo",
        data={"name": "Rueda Textil 2026", "kind": "rueda_negocios", "country": "Colombia"},
    )
    assert response.status_code == 302
    event = db_event("Rueda Textil 2026")
    assert [a.id for a in event.organizers] == [world["ours"].id]


def db_event(name: str) -> Event:
    from red.extensions import db
    from red.services.events import organizers_loaded

    return db.session.scalar(select(Event).where(Event.name == name).options(organizers_loaded()))


def test_form_keeps_input_and_explains_errors(client, login_as, world):
    login_as(world["staff"])
    response = client.post(
        "/eventos/nuevo",
        data={"name": "", "kind": "feria", "venue": "Centro de Convenciones"},
    )
    assert response.status_code == 200
    assert "Escriba el nombre." in text(response) and "Centro de Convenciones" in text(response)


def test_other_actor_and_entrepreneur_cannot_edit(client, login_as, world):
    slug = world["event"].slug
    login_as(world["other_staff"])
    assert client.get(f"/eventos/{slug}/editar").status_code == 403
    assert client.get(f"/eventos/{slug}/participantes").status_code == 403
    login_as(f.user("entrepreneur"))
    assert client.get("/eventos/nuevo").status_code == 403


def test_stale_edit_answers_409_and_keeps_the_record(client, login_as, world):
    event = world["event"]
    login_as(world["staff"])
    data = {"name": "Nombre nuevo", "kind": "feria", "country": "Colombia", "version": "0"}
    data["organizers"] = [str(world["ours"].id)]
    response = client.post(f"/eventos/{event.slug}/editar", data=data)
    assert response.status_code == 409
    assert "Otra persona guardó cambios" in text(response)
    assert 'value="Nombre nuevo"' in text(response)  # the typed input is kept
    assert db_event("Feria de Prueba Norte") is not None
    data["version"] = str(event.version_id)
    assert client.post(f"/eventos/{event.slug}/editar", data=data).status_code == 302
    assert db_event("Nombre nuevo") is not None


# --- registration --------------------------------------------------------------------------


def test_capacity_waitlist_and_move_up_on_cancel(db, world):
    event = world["event"]
    first, second, third, fourth = (f.person() for _ in range(4))
    a, b = f.register(event, first), f.register(event, second)
    c, d = f.register(event, third), f.register(event, fourth)
    assert (a.status, b.status) == ("inscrito", "inscrito")
    assert (c.status, c.waitlist_position) == ("lista_espera", 1)
    assert d.waitlist_position == 2
    promoted = service.cancel_participation(db.session, a)
    assert promoted == [c] and c.status == "inscrito" and c.waitlist_position is None
    assert d.status == "lista_espera"
    assert service.seats_taken(db.session, event) == 2


def test_no_person_is_registered_twice(client, login_as, world):
    person = f.person("Doble", actor=world["ours"])
    login_as(world["staff"])
    url = f"/eventos/{world['event'].slug}/participantes"
    for _ in range(2):
        client.post(url, data={"entrepreneur_id": person.id, "role": "asistente"})
    page = text(client.get(url, follow_redirects=True))
    count = world_count(world["event"], person)
    assert count == 1
    response = client.post(
        url, data={"entrepreneur_id": person.id, "role": "asistente"}, follow_redirects=True
    )
    assert "ya tiene una inscripción" in text(response)
    assert "Doble" in page


def world_count(event, person) -> int:
    from red.extensions import db

    return db.session.scalar(
        select(func.count(Participation.id)).where(
            Participation.event_id == event.id, Participation.entrepreneur_id == person.id
        )
    )


def person_form(**changes) -> dict:
    data = {
        "doc_type": "13",
        "doc_number": "1.090.555.432",
        "first_names": "Luz Marina",
        "last_names": "Peñaranda",
        "municipality_code": "",
        "venture_name": "Arepas La Frontera",
        "role": "expositor",
        "consent_attention": "y",
    }
    data.update(changes)
    return data


def test_register_on_the_spot_with_consent_and_no_duplicate_person(client, login_as, world, db):
    login_as(world["staff"])
    url = f"/eventos/{world['event'].slug}/participantes/nuevo"
    assert client.post(url, data=person_form()).status_code == 302
    person = db.session.scalar(select(Entrepreneur).where(Entrepreneur.doc_number == "1090555432"))
    assert person.registered_by_actor_id == world["ours"].id
    assert db.session.scalar(select(func.count()).where(ConsentRecord.entrepreneur_id == person.id))
    assert db.session.scalar(select(Venture).where(Venture.entrepreneur_id == person.id)).name == (
        "Arepas La Frontera"
    )
    other = f.event(world["ours"])
    client.post(f"/eventos/{other.slug}/participantes/nuevo", data=person_form())
    people = db.session.scalar(
        select(func.count(Entrepreneur.id)).where(Entrepreneur.doc_number == "1090555432")
    )
    assert people == 1 and world_count(other, person) == 1


def test_register_on_the_spot_requires_consent(client, login_as, world, db):
    login_as(world["staff"])
    url = f"/eventos/{world['event'].slug}/participantes/nuevo"
    response = client.post(url, data=person_form(consent_attention=""))
    assert response.status_code == 200 and "autorización" in text(response)
    assert "Peñaranda" in text(response)
    assert not db.session.scalar(
        select(Entrepreneur).where(Entrepreneur.doc_number == "1090555432")
    )


def test_public_sign_up_and_closed_registration(client, world, db):
    event = world["event"]
    response = client.post(f"/eventos/{event.slug}/inscribirme", data=person_form())
    assert response.status_code == 302
    assert (
        db.session.scalar(
            select(func.count(Participation.id)).where(Participation.event_id == event.id)
        )
        == 1
    )
    refused = client.post(
        f"/eventos/{event.slug}/inscribirme",
        data=person_form(doc_number="1090999888", consent_attention=""),
    )
    assert refused.status_code == 422 and "Ley 1581" in text(refused)
    event.registration_open = False
    db.session.flush()
    closed = client.post(f"/eventos/{event.slug}/inscribirme", data=person_form(doc_number="77"))
    assert closed.status_code == 409


def test_search_shows_only_people_the_organiser_may_see_not_even_by_document(db, world):
    ours = f.person("Visible", actor=world["ours"])
    hidden = f.person("Escondida", actor=world["theirs"])
    found = db.session.scalars(
        event_participants.visible_people_query(world["staff"], "escondida")
    ).all()
    assert hidden not in found
    assert (
        ours
        in db.session.scalars(
            event_participants.visible_people_query(world["staff"], "visible")
        ).all()
    )
    by_doc = db.session.scalars(
        event_participants.visible_people_query(world["staff"], hidden.doc_number)
    )
    assert list(by_doc) == []  # a document in hand is no way in: «Vincular persona» is


# --- check-in ------------------------------------------------------------------------------


def test_check_in_by_document_on_the_door_page(client, login_as, world, db):
    person = f.person("Carmenza", "Rolón")
    participation = f.register(world["event"], person)
    login_as(world["staff"])
    page = client.get(f"/eventos/{world['event'].slug}/ingreso?q={person.doc_number}")
    assert "Carmenza Rolón" in text(page) and "Marcar ingreso" in text(page)
    assert 'name="viewport"' in text(page)
    response = client.post(f"/eventos/{world['event'].slug}/ingreso/{participation.id}")
    assert response.status_code == 302
    assert participation.status == "asistio" and participation.checked_in_at is not None
    again = client.get(f"/eventos/{world['event'].slug}/ingreso?q=carmenza")
    assert "Ingresó" in text(again)


def test_waitlisted_person_cannot_check_in(client, login_as, world):
    event = world["event"]
    for _ in range(2):
        f.register(event, f.person())
    waiting = f.register(event, f.person())
    login_as(world["staff"])
    response = client.post(f"/eventos/{event.slug}/ingreso/{waiting.id}", follow_redirects=True)
    assert "Sin cupo confirmado" in text(response) or "lista de espera" in text(response)
    assert waiting.status == "lista_espera"


# --- outcomes, totals, export --------------------------------------------------------------


def test_outcome_totals_on_the_summary(client, login_as, world, db):
    event = world["event"]
    one, two = f.register(event, f.person()), f.register(event, f.person())
    login_as(world["staff"])
    for participation, sales in ((one, 1_500_000), (two, 2_500_000)):
        client.post(
            f"/eventos/{event.slug}/participantes/{participation.id}/resultados",
            data={
                "sales_cop": sales,
                "contacts": 3,
                "deals": 1,
                "version": participation.version_id,
            },
        )
    totals = event_participants.event_totals(db.session, event)
    assert (totals["sales_cop"], totals["contacts"], totals["deals"]) == (4_000_000, 6, 2)
    page = text(client.get(f"/eventos/{event.slug}/resumen"))
    assert "$ 4.000.000" in page and "Ventas registradas (COP)" in page


def test_stale_outcome_is_refused(client, login_as, world):
    participation = f.register(world["event"], f.person())
    login_as(world["staff"])
    url = f"/eventos/{world['event'].slug}/participantes/{participation.id}/resultados"
    response = client.post(url, data={"sales_cop": 10, "version": "999"})
    assert response.status_code == 409 and participation.sales_cop is None


def test_export_has_the_columns_and_one_row_per_participant(client, login_as, world):
    event = world["event"]
    f.register(event, f.person('=HYPERLINK("x")', "Pérez"))
    f.register(event, f.person("Ana", "Gómez"))
    login_as(world["staff"])
    response = client.get(f"/eventos/{event.slug}/exportar.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book["Participantes"].iter_rows(values_only=True))
    assert rows[0] == event_participants.EXPORT_COLUMNS
    assert len(rows) == 3
    names = {row[2] for row in rows[1:]}
    assert "Ana" in names and '\'=HYPERLINK("x")' in names
    assert book["Resumen"]["A2"].value == "Inscripciones" and book["Resumen"]["B2"].value == 2


def test_other_actor_cannot_export(client, login_as, world):
    login_as(world["other_staff"])
    assert client.get(f"/eventos/{world['event'].slug}/exportar.xlsx").status_code == 403


def test_participants_page_queries_do_not_grow_with_rows(client, login_as, world, count_queries):
    event = f.event(world["ours"], capacity=None)
    login_as(world["staff"])

    def measure() -> int:
        with count_queries() as counter:
            assert client.get(f"/eventos/{event.slug}/participantes").status_code == 200
        return counter.count

    f.register(event, f.person())
    measure()  # warm: the login's commit expired what the first request reloads
    few = measure()
    for _ in range(24):
        person = f.person()
        from red.extensions import db

        venture = Venture(entrepreneur=person, name="Empresa")
        db.session.add(venture)
        db.session.flush()
        f.register(event, person, venture=venture)
    assert measure() == few


# --- organiser activity --------------------------------------------------------------------


def test_organiser_activity_counts_events_and_participations(db, world):
    today = local_today()
    f.register(world["event"], f.person())
    old = f.event(world["ours"], starts_on=today - timedelta(days=400))
    f.register(old, f.person())
    activity = event_participants.organiser_activity(
        db.session, [world["ours"].id, world["theirs"].id], today, today + timedelta(days=30)
    )
    assert activity[world["ours"].id] == {"events": 1, "participations": 1}
    assert activity[world["theirs"].id] == {"events": 0, "participations": 0}


def test_raising_capacity_moves_the_waitlist_up(db, world):
    event = world["event"]
    people = [f.register(event, f.person()) for _ in range(3)]
    assert people[2].status == "lista_espera"
    data = {"capacity": 3}
    service.update_event(db.session, world["staff"], event, data, [world["ours"]])
    assert people[2].status == "inscrito"
