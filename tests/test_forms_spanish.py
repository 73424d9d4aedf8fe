"""Every form speaks Spanish: WTForms' built-in messages never reach a user in English."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import SelectFieldBase

import red.blueprints
from red.forms import FlaskForm

ENGLISH = re.compile(
    r"\b(field|required|valid|invalid|choice|must|number|characters?|value|address|token)\b",
    re.IGNORECASE,
)


def _all_forms() -> list[type]:
    for module in pkgutil.walk_packages(red.blueprints.__path__, "red.blueprints."):
        importlib.import_module(module.name)
    found, pending = [], list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        found.append(form)
        pending.extend(form.__subclasses__())
    return sorted(set(found), key=lambda f: f"{f.__module__}.{f.__qualname__}")


def test_every_form_of_red_uses_the_spanish_base():
    from flask_wtf import FlaskForm as FlaskWTFForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    stray = [
        f"{form.__module__}.{form.__qualname__}"
        for form in subclasses(FlaskWTFForm)
        if form.__module__.startswith("red.") and not issubclass(form, FlaskForm)
    ]
    assert not stray, f"import FlaskForm from red.forms in: {stray}"


@pytest.mark.parametrize("form_class", _all_forms(), ids=lambda f: f.__qualname__)
@pytest.mark.parametrize("value", ["", "zz-no-válido"])
def test_no_english_error_messages(app, form_class, value):
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict())
        data = MultiDict()
        for field in form:
            if field.type in ("CSRFTokenField", "SubmitField"):
                continue
            data.add(field.name, value)
        form = form_class(formdata=data)
        for field in form:
            if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
                field.choices = [("1", "Uno")]
        form.validate()
        messages = [m for errors in form.errors.values() for m in errors if isinstance(m, str)]
        english = [m for m in messages if ENGLISH.search(m)]
        assert not english, english


def test_builtin_messages_are_spanish(app):
    from wtforms import DateField, EmailField, IntegerField, SelectField, StringField
    from wtforms.validators import DataRequired, Email, Length

    class Sample(FlaskForm):
        name = StringField("Nombre", validators=[DataRequired(), Length(min=3)])
        email = EmailField("Correo", validators=[Email()])
        when = DateField("Fecha")
        count = IntegerField("Cantidad")
        kind = SelectField("Tipo", choices=[("a", "A")])

    with app.test_request_context(method="POST"):
        form = Sample(
            formdata=MultiDict({"name": "", "email": "x", "when": "x", "count": "x", "kind": "z"})
        )
        assert not form.validate()
        assert form.errors["name"] == ["Este campo es obligatorio."]
        assert "correo electrónico válido" in form.errors["email"][0]
        assert "fecha válida" in form.errors["when"][0]
        assert "número entero" in form.errors["count"][0]
        assert form.errors["kind"] == ["Elija una de las opciones de la lista."]
        form = Sample(formdata=MultiDict({"name": "ab"}))
        form.validate()
        assert form.errors["name"] == ["Escriba al menos 3 caracteres."]
