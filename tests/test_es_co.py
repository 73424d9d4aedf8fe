"""es-CO input and order: 1,5 hours, 1.500.000 pesos, 31/12/2025, Ábrego before Cácota.

Parsing is tested through the real forms (the record written holds the value), sorting
through the pages and services that list names; both run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import red.blueprints
from red import es_co
from red.forms import (
    ColombianDateField,
    ColombianDecimalField,
    ColombianIntegerField,
    FlaskForm,
)
from red.models import Actor, Entrepreneur, Event, Municipality, Program, ServiceRecord
from red.services import catalog_search
from red.services.calendar import local_today
from red.services.route_finder import Profile, find_route
from tests import factories as f

PLACES = ["Villa del Rosario", "Ocaña", "Cácota", "Ábrego"]
SPANISH_ORDER = ["Ábrego", "Cácota", "Ocaña", "Villa del Rosario"]


def text(response) -> str:
    return response.get_data(as_text=True)


def in_page_order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: page.index(n))


# --- the helper ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,5", Decimal("1.5")),
        ("1.500.000", Decimal("1500000")),
        ("1500000", Decimal("1500000")),
        ("$ 1.500.000", Decimal("1500000")),
        ("1.500,75", Decimal("1500.75")),
        ("0,25", Decimal("0.25")),
        ("2.5", Decimal("2.5")),  # a phone keyboard without a comma
        ("1 500 000", Decimal("1500000")),
        ("-3", Decimal("-3")),
    ],
)
def test_numbers_are_read_as_written_in_colombia(typed, value):
    assert es_co.parse_number(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1,5,6", "12,345.6", "1.50.0", ""])
def test_malformed_numbers_are_refused_not_guessed(typed):
    with pytest.raises(es_co.NumberError):
        es_co.parse_number(typed)


def test_whole_numbers_refuse_decimals():
    assert es_co.parse_whole_number("1.500.000") == 1_500_000
    with pytest.raises(es_co.NumberError, match="entero"):
        es_co.parse_whole_number("1,5")


def test_dates_dd_mm_aaaa_and_iso():
    assert es_co.parse_date("31/12/2025") == date(2025, 12, 31)
    assert es_co.parse_date("1/2/2026") == date(2026, 2, 1)
    assert es_co.parse_date("2025-12-31") == date(2025, 12, 31)
    with pytest.raises(ValueError):
        es_co.parse_date("31/13/2025")


def test_numbers_are_shown_as_they_are_typed():
    assert es_co.format_number(1_500_000) == "1.500.000"
    assert es_co.format_number(2.5, 1) == "2,5"
    assert es_co.format_input_number(Decimal("1.50")) == "1,5"
    assert es_co.parse_number(es_co.format_input_number(Decimal("1500000.25"))) == Decimal(
        "1500000.25"
    )


def test_sort_key_orders_the_spanish_way():
    assert sorted(PLACES, key=es_co.sort_key) == SPANISH_ORDER
    # ñ after every n, before o.
    assert sorted(["Ocaño", "Ocanto", "Ocaña", "Ocaz"], key=es_co.sort_key) == [
        "Ocanto",
        "Ocaña",
        "Ocaño",
        "Ocaz",
    ]


# --- every form ------------------------------------------------------------------------------


def _all_forms() -> list[type]:
    for module in pkgutil.walk_packages(red.blueprints.__path__, "red.blueprints."):
        importlib.import_module(module.name)
    found, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        found.add(form)
        pending.extend(form.__subclasses__())
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__qualname__}")


@pytest.mark.parametrize("form_class", _all_forms(), ids=lambda f: f.__qualname__)
def test_every_number_and_date_field_reads_es_co(app, form_class):
    """No form can forget: whatever WTForms class it declares, a number or date field is
    bound as the es-CO one (text box with a numeric keyboard, not <input type=number>)."""
    from wtforms import DateField, DecimalField, FloatField, IntegerField

    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict())
        for field in form:
            if isinstance(field, IntegerField):
                assert isinstance(field, ColombianIntegerField), field.name
                assert 'type="text"' in str(field()) and 'inputmode="numeric"' in str(field())
            elif isinstance(field, DecimalField | FloatField):
                assert isinstance(field, ColombianDecimalField), field.name
            elif isinstance(field, DateField):
                assert isinstance(field, ColombianDateField), field.name


def test_hours_1_5_are_saved_as_one_and_a_half(client, login_as, db):
    world = f.world()
    ana = world.person()
    db.session.commit()
    login_as(world.staff_a)
    response = client.post(
        "/atenciones/nueva",
        data={
            "doc_type": "13",
            "doc_number": ana.doc_number,
            "served_on": "31/12/2025",
            "service_type_id": world.service_type.id,
            "hours": "1,5",
        },
    )
    assert response.status_code == 302, text(response)
    record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.entrepreneur_id == ana.id))
    assert record.hours == Decimal("1.5")
    assert record.served_on == date(2025, 12, 31)
    edit = text(client.get(f"/atenciones/{record.id}/editar"))
    assert 'value="1,5"' in edit  # shown back as typed


def test_bad_hours_get_one_message_not_two(client, login_as, db):
    world = f.world()
    ana = world.person()
    db.session.commit()
    login_as(world.staff_a)
    response = client.post(
        "/atenciones/nueva",
        data={
            "doc_type": "13",
            "doc_number": ana.doc_number,
            "served_on": "32/12/2025",
            "service_type_id": world.service_type.id,
            "hours": "1,5 horas",
        },
    )
    page = text(response)
    assert response.status_code in (200, 422)
    assert "Escriba un número como 1,5" in page
    assert "deben estar entre 0 y 24" not in page  # no contradictory range message
    assert "fecha" in page.lower() and 'value="1,5 horas"' in page  # input kept
    assert (
        db.session.scalar(select(ServiceRecord).where(ServiceRecord.entrepreneur_id == ana.id))
        is None
    )


def _program_form() -> dict:
    return {
        "name": "Mentoría Granate es-CO",
        "stage_ids": [str(f.stage(2).id)],
        "whole_department": "y",
        "cost_cop": "1.500.000",
        "modality": "presencial",
        "capacity": "1.200",
        "opens_on": "1/12/2025",
        "closes_on": "31/12/2025",
    }


def _event_form() -> dict:
    return {
        "name": "Feria es-CO",
        "kind": "feria",
        "country": "Colombia",
        "starts_on": "30/12/2025",
        "ends_on": "31/12/2025",
        "is_reported": "y",
        "reported_sales_cop": "1.500.000",
        "reported_participants": "1.250",
    }


@pytest.mark.parametrize(
    ("path", "who", "form", "model", "saved"),
    [
        pytest.param(
            "/ruta/nuevo",
            lambda: "staff_ccc",
            _program_form,
            Program,
            {
                "cost_cop": 1_500_000,
                "capacity": 1200,
                "opens_on": date(2025, 12, 1),
                "closes_on": date(2025, 12, 31),
            },
            id="program",
        ),
        pytest.param(
            "/eventos/nuevo",
            lambda: f.user("actor_staff", f.actor("Corporación es-CO")),
            _event_form,
            Event,
            {
                "reported_sales_cop": 1_500_000,
                "reported_participants": 1250,
                "starts_on": date(2025, 12, 30),
                "ends_on": date(2025, 12, 31),
            },
            id="event",
        ),
    ],
)
def test_pesos_figures_and_dates_typed_the_colombian_way_are_saved(
    client, login_as, db, path, who, form, model, saved
):
    """1.500.000 pesos, 1.200 places and dd/mm/aaaa through the real forms."""
    login_as(who())
    sent = form()
    response = client.post(path, data=sent)
    assert response.status_code == 302, text(response)
    record = db.session.scalar(select(model).where(model.name == sent["name"]))
    assert {name: getattr(record, name) for name in saved} == saved


@pytest.mark.parametrize(
    ("field_class", "typed", "message"),
    [
        (ColombianIntegerField, "muchos", "Escriba un número entero, como 25 o 1.500.000."),
        (ColombianIntegerField, "1,5", "Escriba un número entero, como 25 o 1.500.000."),
        (ColombianDecimalField, "1,5 horas", "Escriba un número como 1,5 o 1.500.000."),
        (ColombianDateField, "31/02/2025", "Escriba una fecha válida (dd/mm/aaaa)."),
    ],
)
def test_unreadable_input_gets_a_spanish_message_and_is_kept(app, field_class, typed, message):
    class OneField(FlaskForm):
        class Meta:
            csrf = False

        value = field_class("Valor")

    with app.test_request_context(method="POST"):
        form = OneField(formdata=MultiDict({"value": typed}))
        assert not form.validate()
        assert form.value.errors == [message]
        assert f'value="{typed}"' in str(form.value())


def test_all_errors_at_once_each_next_to_its_field(client, login_as, db):
    organiser = f.actor("Corporación errores")
    login_as(f.user("actor_staff", organiser))
    response = client.post(
        "/eventos/nuevo",
        data={
            "name": "",
            "kind": "feria",
            "starts_on": "31/02/2025",
            "capacity": "muchos",
            "reported_sales_cop": "1,5",
        },
    )
    page = text(response)
    assert response.status_code in (200, 422)
    for field in ("name", "starts_on", "capacity", "reported_sales_cop"):
        # The message sits right after its field and the field points at it.
        tag = re.search(rf'<(input|select|textarea|fieldset)\b[^>]*\bid="{field}"[^>]*>', page)
        assert tag and re.search(rf'aria-describedby="[^"]*{field}-error', tag.group(0)), field
        assert f'id="{field}-error"' in page
        assert f'href="#{field}"' in page  # the summary links to each field
    assert db.session.scalar(select(Event).where(Event.organizers.any(id=organiser.id))) is None


# --- Spanish order --------------------------------------------------------------------------


def test_municipality_choices_sort_the_spanish_way(client, login_as, db):
    world = f.world()
    db.session.commit()
    login_as(world.staff_a)
    page = text(client.get("/emprendedores/nuevo"))
    assert in_page_order(page, PLACES) == SPANISH_ORDER


def test_actors_and_programs_sort_the_spanish_way(client, db):
    for name in PLACES:
        slug = f"orden-{es_co.sort_key(name).replace(' ', '-').replace('~', '')}"
        actor = Actor(slug=slug, name=f"{name} Zeta")
        db.session.add(actor)
        db.session.flush()
        f.program(f"{name} Emprende Zeta", actor, stages=(1,))
    db.session.commit()
    names = [f"{n} Zeta" for n in PLACES]
    expected = [f"{n} Zeta" for n in SPANISH_ORDER]
    assert in_page_order(text(client.get("/actores?q=zeta")), names) == expected
    ordered = db.session.scalars(
        select(Actor.name).where(Actor.name.in_(names)).order_by(Actor.name_sort)
    ).all()
    assert ordered == expected
    programs = db.session.scalars(
        select(Program.name).where(Program.name.like("% Zeta")).order_by(Program.name_sort)
    ).all()
    assert programs == [f"{n} Emprende Zeta" for n in SPANISH_ORDER]


def _zeta_programs(db, **extra) -> list[str]:
    """One program per place name, each owned by an actor of the same name (in code-point
    order Villa comes first and Ábrego last)."""
    for name in PLACES:
        slug = f"orden-{es_co.sort_key(name).replace(' ', '-').replace('~', '')}"
        actor = f.actor(f"{name} Zeta", slug=slug)
        f.program(f"{name} Emprende Zeta", actor, stages=(5,), **extra)
    db.session.commit()
    return [f"{n} Emprende Zeta" for n in SPANISH_ORDER]


def test_catalog_lists_programs_the_spanish_way(client, db):
    expected = _zeta_programs(db)
    # Searched (the in-memory index, all four equal in relevance) and filtered only.
    for path in ("/ruta?q=zeta", "/ruta?q=emprende+zeta&etapa=5"):
        assert in_page_order(text(client.get(path)), expected) == expected, path
    # The same order from the SQL the HSDS API runs.
    filters = catalog_search.prepare(db.session, catalog_search.ProgramFilters(q="zeta"))
    found = db.session.scalars(catalog_search.matching_programs(filters, local_today())).all()
    assert [p.name for p in found] == expected


def test_catalog_facets_list_actors_and_places_the_spanish_way(client, db):
    _zeta_programs(db)
    page = text(client.get("/ruta?q=zeta"))
    actors = page[page.index('id="f-actor"') :]
    names = [f"{n} Zeta" for n in PLACES]
    assert in_page_order(actors, names) == [f"{n} Zeta" for n in SPANISH_ORDER]
    towns = page[page.index('id="f-municipio"') :]
    assert in_page_order(towns, PLACES) == SPANISH_ORDER


def test_route_finder_suggests_in_spanish_order(client, db):
    need = f.service_type("t-orden", "Necesidad de orden")
    expected = _zeta_programs(db, service_types=[need])
    steps = find_route(db.session, Profile(stage=5, necesidad=need.code))
    names = [s.program.name for step in steps for s in step.suggestions]
    assert [n for n in names if n in expected] == expected
    page = text(client.get("/ruta/encuentra"))
    towns = page[page.index('id="municipio"') :]
    assert in_page_order(towns, PLACES) == SPANISH_ORDER


def test_manage_views_list_actors_and_places_the_spanish_way(client, login_as, db):
    _zeta_programs(db)
    login_as("admin")
    names = [f"{n} Zeta" for n in PLACES]
    expected = [f"{n} Zeta" for n in SPANISH_ORDER]
    listing = text(client.get("/ruta/gestion"))
    assert in_page_order(listing[listing.index('id="actor"') :], names) == expected
    form = text(client.get("/ruta/nuevo"))
    assert in_page_order(form[form.index('id="owner_id"') :], names) == expected
    towns = form[form.index('id="municipality_codes"') :]
    assert in_page_order(towns, PLACES) == SPANISH_ORDER


def test_people_list_sorts_surnames_the_spanish_way(client, login_as, db):
    world = f.world()
    for n, surname in enumerate(PLACES):
        world.person(f"10901110{n}0", first="Ana", last=surname)
    db.session.commit()
    login_as(world.staff_a)
    page = text(client.get("/emprendedores"))
    assert in_page_order(page, PLACES) == SPANISH_ORDER
    # An edit refreshes the key (flush hook), not only the insert.
    someone = db.session.scalar(select(Entrepreneur).where(Entrepreneur.last_names == "Ocaña"))
    someone.last_names = "Ñáñez"
    db.session.commit()
    assert someone.name_sort == "n~an~ez ana"


def test_municipality_keys_of_the_report_data(db):
    keys = dict(db.session.execute(select(Municipality.name, Municipality.name_sort)).all())
    assert keys["Ábrego"] == "abrego" and keys["Ocaña"] == "ocan~a"


def test_import_reads_hours_and_dates_the_same_way(client, login_as, db):
    """The service import (a job, red/jobs/imports.py) uses the forms' reading: "1,5" hours,
    dd/mm/aaaa."""
    import io

    world = f.world()
    db.session.commit()
    login_as(world.staff_a)
    content = f.workbook(
        f.SERVICE_COLUMNS, [f.service_row("1090222001", fecha="31/12/2025", horas="1,5")]
    )
    response = client.post(
        "/atenciones/importar",
        data={"file": (io.BytesIO(content), "a.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    record = db.session.scalar(
        select(ServiceRecord).where(ServiceRecord.actor_id == world.actor_a.id)
    )
    assert record.hours == Decimal("1.5") and record.served_on == date(2025, 12, 31)


def test_indicator_progress_value_reads_es_co():
    from red.services.indicators import parse_value

    assert parse_value("2.378") == Decimal("2378") and parse_value("62,8 %") == Decimal("62.8")
    assert parse_value("1.500.000") == Decimal("1500000")
