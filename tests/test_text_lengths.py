"""Every text has a maximum length, in the form (a Spanish message on the field, and the
browser's maxlength) and in the schema (String(n)); a text too long for its column never
reaches the database, whichever way it comes in. Forms and tables added later are covered:
the tests walk every form class and the models' metadata."""

from __future__ import annotations

import importlib
import io
import pkgutil

import pytest
from sqlalchemy import String, Text, func, select
from wtforms import HiddenField, StringField
from wtforms.validators import Length

import red.blueprints
from red.forms import FlaskForm
from red.models import Base, Event, ServiceRecord, ServiceType, lengths
from red.services.text_limits import TextTooLong

# Derived from other columns (a program's folded search text), never typed by anyone.
DERIVED_TEXT = {("programs", "search_norm")}


def _all_forms() -> list[type]:
    for module in pkgutil.walk_packages(red.blueprints.__path__, "red.blueprints."):
        importlib.import_module(module.name)
    found, pending = [], [FlaskForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return found


def _text_fields(form_class):
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        field_class = getattr(unbound, "field_class", None)
        if field_class and issubclass(field_class, StringField):
            if not issubclass(field_class, HiddenField):
                yield name, unbound


def _max_length(unbound) -> int | None:
    validators = unbound.kwargs.get("validators") or []
    limits = [v.max for v in validators if isinstance(v, Length) and v.max and v.max > 0]
    return min(limits) if limits else None


def test_every_text_field_of_every_form_has_a_maximum_length(app):
    forms = _all_forms()
    assert len(forms) > 30
    missing = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms
        for name, unbound in _text_fields(form)
        if _max_length(unbound) is None
    ]
    assert missing == [], f"add Length(max=…) (red/models/lengths.py): {missing}"


def test_every_text_column_of_every_table_has_a_length():
    unbounded = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text)
        and not getattr(column.type, "length", None)
        and (table.name, column.name) not in DERIVED_TEXT
    ]
    assert unbounded == [], f"give these String(n) (red/models/lengths.py): {unbounded}"


def test_the_browser_is_told_the_maximum(client, login_as):
    login_as("staff_ccc")
    page = client.get("/eventos/nuevo").get_data(as_text=True)
    assert f'maxlength="{lengths.LONG_DESCRIPTION}"' in page


def test_a_9_mb_event_description_is_a_message_on_the_field(client, login_as, db):
    login_as("staff_ccc")
    response = client.post(
        "/eventos/nuevo",
        data={
            "name": "Feria de la descripción eterna",
            "kind": "feria",
            "country": "Colombia",
            "description": "Muy larga. " * 820_000,  # about 9 MB
        },
    )
    assert response.status_code < 500
    page = response.get_data(as_text=True)
    assert f"Escriba como máximo {lengths.LONG_DESCRIPTION} caracteres." in page
    assert "Feria de la descripción eterna" in page  # the input is kept
    stored = select(func.count(Event.id)).where(Event.name == "Feria de la descripción eterna")
    assert db.session.scalar(stored) == 0


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/login", {"email": "a@b.co", "password": "x" * 5000}, "password"),
        ("/ruta/seguimiento", {"code": "R-" + "9" * 300, "doc_number": "1"}, "code"),
    ],
)
def test_public_forms_refuse_overlong_input_with_a_message(client, path, data, field):
    response = client.post(path, data=data)
    assert response.status_code < 500
    assert "Escriba como máximo" in response.get_data(as_text=True), field


def test_a_text_too_long_for_its_column_never_reaches_the_database(db):
    """Behind the forms (a service, an import, a script): refused on SQLite and PostgreSQL
    alike, with a Spanish message, before any SQL is sent."""
    db.session.add(ServiceType(code="larga", name="Larga", description="x" * 2001, position=99))
    with pytest.raises(TextTooLong, match="como máximo 2.000 caracteres y tiene 2.001"):
        db.session.flush()
    db.session.rollback()


def test_an_overlong_value_in_an_import_is_a_spanish_page_not_a_500(client, login_as, db):
    from red.services import service_log

    login_as("staff_ccc")
    row = {
        "tipo_documento": "13",
        "numero_documento": "1090777111",
        "nombres": "Carla",
        "apellidos": "Larga",
        "fecha": "02/02/2026",
        "tipo_atencion": "formacion",
        "horas": "1",
        "resultado": "r" * (lengths.NOTE + 1),
        "autoriza_datos": "si",
    }
    header = [key for key, _ in service_log.IMPORT_COLUMNS]
    lines = [",".join(header), ",".join(row.get(key, "") for key in header)]
    response = client.post(
        "/atenciones/importar",
        data={"file": (io.BytesIO("\n".join(lines).encode()), "a.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,  # the import is a job: its page lists the row's problem
    )
    assert response.status_code < 500
    assert "No se guardó nada" in response.get_data(as_text=True) or (
        "Escriba como máximo" in response.get_data(as_text=True)
    )
    overlong = select(func.count(ServiceRecord.id)).where(func.length(ServiceRecord.outcome) > 2000)
    assert db.session.scalar(overlong) == 0
