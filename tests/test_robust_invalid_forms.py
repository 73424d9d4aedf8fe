"""Invalid input to the important forms writes nothing and answers in Spanish.

Each form starts from a submission that is accepted (checked below); each example breaks at
least one required field (empty, blank, too long, NUL) and fills other fields with hostile
values. No row may be added (or, for the program edit, changed), and the answer is the form
again with its Spanish errors or a Spanish error page — never a redirect to success, never a 500.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from red.extensions import db, limiter
from red.models import (
    ConsentRecord,
    Entrepreneur,
    Participation,
    Program,
    Referral,
    ServiceRecord,
    ServiceType,
    Venture,
)
from red.services.calendar import local_today
from tests import factories as f
from tests.matrix.ruta import ccc_program
from tests.matrix.workspace import _ccc_person
from tests.test_robust_forms import hostile, sent

CCC = "camara-de-comercio-de-cucuta"
# How to break a required field of each kind.
TEXT = st.sampled_from(["", " ", "\t\n", "x" * 20000, "ñ" * 20000, "\x00", "a\x00b"])
CHOICE = st.sampled_from(["", " ", "zz", "-1", "0", "99999999999", "3.5", "\x00"])
DATE = st.sampled_from(["", " ", "2026-02-30", "31/12/2026", "ayer", "\x00"])
UNTICKED = st.none()  # a check box a browser leaves out
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TABLES = (Entrepreneur, ConsentRecord, Venture, Referral, ServiceRecord, Participation, Program)
SPANISH_ERRORS = (
    "is-invalid",  # a field marked with its error
    "alert-danger",  # a flashed error
    "Solicitud no válida",  # the 400 page
    "Conflicto de edición",  # the 409 page
)


def _open_event():
    event = f.event(f.stored_actor(CCC), name="Feria abierta")
    event.registration_open = True
    db.session.flush()
    return event


def _person_fields() -> dict:
    return {
        "doc_type": "13",
        "doc_number": "1.090.555.432",
        "first_names": "Luz Marina",
        "last_names": "Peñaranda",
        "municipality_code": "",
        "consent_attention": "y",
    }


def _program_fields(client) -> dict:
    from tests.test_robust_forms import form_fields

    return form_fields(client, f"/ruta/{ccc_program().slug}/editar")


# name: (role, path, valid fields, {required field: how to break it})
FORMS = {
    "registro": (
        "staff_ccc",
        lambda: "/emprendedores/nuevo",
        lambda client: {
            "doc_type": "13",
            "doc_number": "1090444555",
            "first_names": "Ana Sofía",
            "last_names": "Ibáñez",
            "channel": "presencial",
            "purpose_attention": "y",
        },
        {
            "doc_type": CHOICE,
            "doc_number": TEXT,
            "first_names": TEXT,
            "last_names": TEXT,
            "channel": CHOICE,
        },
    ),
    "atencion": (
        "staff_ccc",
        lambda: "/atenciones/nueva",
        lambda client: {
            "doc_type": "13",
            "doc_number": _ccc_person().doc_number,
            "service_type_id": str(db.session.scalar(select(ServiceType.id).limit(1))),
            "served_on": local_today().isoformat(),
            "hours": "2",
            "outcome": "Plan de negocio revisado",
        },
        {"service_type_id": CHOICE, "served_on": DATE},
    ),
    "remision": (
        "staff_ccc",
        lambda: f"/remisiones/nueva/{_ccc_person().id}",
        lambda client: {
            "to_actor_id": str(f.stored_actor("sena").id),
            "need": "Formación técnica en panadería",
            "data_sharing": "y",
            "program_id": "",
        },
        {"to_actor_id": CHOICE, "need": TEXT},
    ),
    "inscripcion_ruta": (
        "anon",
        lambda: f"/ruta/{ccc_program().slug}/inscribirse",
        lambda client: {
            **_person_fields(),
            "doc_number": "1093770123",
            "municipality_code": "54810",
            "need": "Necesito capital para un horno.",
        },
        {
            "doc_type": CHOICE,
            "doc_number": TEXT,
            "first_names": TEXT,
            "last_names": TEXT,
            "consent_attention": UNTICKED,
        },
    ),
    "inscripcion_evento": (
        "anon",
        lambda: f"/eventos/{_open_event().slug}/inscribirme",
        lambda client: _person_fields(),
        {
            "doc_type": CHOICE,
            "doc_number": TEXT,
            "first_names": TEXT,
            "last_names": TEXT,
            "consent_attention": UNTICKED,
        },
    ),
    "programa": (
        "staff_ccc",
        lambda: f"/ruta/{ccc_program().slug}/editar",
        _program_fields,
        {"name": TEXT, "modality": CHOICE},
    ),
}


def _counts() -> tuple:
    return tuple(db.session.scalar(select(func.count()).select_from(t)) for t in TABLES)


def _program_state() -> tuple:
    program = ccc_program()
    db.session.refresh(program)
    return (program.version_id, program.name, program.summary, program.description)


def _setup(name, client, login_as):
    role, path, valid, required = FORMS[name]
    if role != "anon":
        login_as(role)
    return role, path(), valid(client), required


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_valid_submission_is_accepted(client, login_as, name):
    """The starting point of the property test below really is valid."""
    role, path, valid, _required = _setup(name, client, login_as)
    before, program_before = _counts(), _program_state()
    if name == "programa":
        valid = {**valid, "summary": valid["summary"] + " (revisado)"}
    response = client.post(path, data=sent(valid))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _counts() != before or _program_state() != program_before


@pytest.mark.parametrize("name", sorted(FORMS))
def test_invalid_input_writes_nothing_and_answers_in_spanish(client, login_as, monkeypatch, name):
    monkeypatch.setattr(limiter, "enabled", False)  # the public forms allow 20 a minute
    role, path, valid, required = _setup(name, client, login_as)

    @st.composite
    def invalid_forms(draw):
        broken = draw(st.sets(st.sampled_from(sorted(required)), min_size=1))
        others = draw(st.sets(st.sampled_from(sorted(valid)), max_size=3))
        data = {**valid, **{field: draw(hostile) for field in others}}
        for field in broken:
            data[field] = draw(required[field])
        return data

    @SETTINGS
    @given(data=invalid_forms())
    def post(data):
        if role != "anon":
            login_as(role)
        before, program_before = _counts(), _program_state()
        response = client.post(path, data=sent(data))
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 400, 409, 422), f"{response.status_code} for {data!r}"
        assert _counts() == before, f"{path} wrote rows for {data!r}"
        assert _program_state() == program_before, f"{path} changed the program for {data!r}"
        assert '<html lang="es' in page
        assert any(marker in page for marker in SPANISH_ERRORS), f"no error shown for {data!r}"

    post()


def test_public_event_sign_up_works_with_the_fields_the_page_shows(client):
    """The public form has no 'Participa como' field; the view required it, so every sign-up
    from the page failed with 'hay 1 con errores' and no field marked."""
    from tests.test_robust_forms import form_fields

    event = _open_event()
    fields = form_fields(client, f"/eventos/{event.slug}/inscribirme")
    assert "role" not in fields
    fields.update(_person_fields())
    fields.pop("role", None)
    before = _counts()
    response = client.post(f"/eventos/{event.slug}/inscribirme", data=sent(fields))
    assert response.status_code == 302
    assert _counts() != before
