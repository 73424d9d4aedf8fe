"""Ask to join from a program page, and following the request with its code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from red.models import ConsentRecord, Entrepreneur, Referral
from red.services.calendar import local_today
from red.services.referrals import transition_referral
from tests import factories as f

DOC = "1093770123"


@pytest.fixture
def program(db):
    owner = f.actor("Fundación Prueba Turquesa", slug="t-join-owner")
    return f.program("Incubadora Turquesa", owner, stages=(2,), capacity=5)


def form(**changes):
    values = {
        "doc_type": "13",
        "doc_number": "1.093.770.123",
        "first_names": "Yurley",
        "last_names": "Quintero Ascanio",
        "email": "yurley@example.com",
        "phone": "3101234567",
        "municipality_code": "54810",
        "venture_name": "Arepas La Gabarra",
        "need": "Necesito capital para un horno.",
        "consent_attention": "y",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def counts(db):
    return (
        db.session.scalar(select(func.count(Entrepreneur.id))),
        db.session.scalar(select(func.count(Referral.id))),
        db.session.scalar(select(func.count(ConsentRecord.id))),
    )


def test_join_twice_gives_two_referrals_waiting_on_what_was_declared(client, db, program):
    """The public form writes no person and no consent: each request keeps its declaration
    (an identity claim) until the program's staff confirm who the person is."""
    people, referrals, consents = counts(db)
    first = client.post(f"/ruta/{program.slug}/inscribirse", data=form())
    assert first.status_code == 302
    second = client.post(
        f"/ruta/{program.slug}/inscribirse", data=form(doc_number="1093770123", need="Otra vez")
    )
    assert second.status_code == 302
    assert counts(db) == (people, referrals + 2, consents)
    sent = db.session.scalars(select(Referral).where(Referral.program_id == program.id)).all()
    assert len(sent) == 2
    assert {r.to_actor_id for r in sent} == {program.owner_id}
    assert all(r.source == "ruta" and r.entrepreneur_id is None for r in sent)
    assert all(r.status == "enviada" and r.response_due_on > local_today() for r in sent)
    for r in sent:
        db.session.refresh(r, ["claim"])
    assert {r.claim.doc_number for r in sent} == {DOC}
    assert all(r.claim.venture_name == "Arepas La Gabarra" for r in sent)
    assert all(r.claim.policy_version for r in sent)


def test_success_page_shows_tracking_code(client, db, program):
    response = client.post(f"/ruta/{program.slug}/inscribirse", data=form())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    code = db.session.scalar(select(Referral.code).order_by(Referral.id.desc()).limit(1))
    assert "Solicitud enviada" in page and code in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"doc_number": "12AB"}, "solo lleva dígitos"),
        ({"doc_number": "0123"}, "debe tener entre"),
        ({"doc_number": ""}, "Escriba su número de documento"),
        ({"consent_attention": None}, "debe autorizar el tratamiento"),
        ({"first_names": ""}, "Escriba sus nombres"),
        ({"need": ""}, "Cuéntenos qué necesita"),
        ({"email": "no-es-correo"}, "Escriba un correo válido"),
        ({"birth_date": "2012-01-01"}, "representante legal"),
        ({"ethnicity": "indigena"}, "autorización para datos sensibles"),
    ],
)
def test_invalid_request_writes_nothing(client, db, program, changes, message):
    before = counts(db)
    response = client.post(f"/ruta/{program.slug}/inscribirse", data=form(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Quintero Ascanio"' in page  # the input is kept
    assert counts(db) == before


def test_sensitive_data_is_kept_only_with_its_consent(client, db, program):
    victims = f.population("t-victimas", "Víctimas de prueba", sensitive=True)
    response = client.post(
        f"/ruta/{program.slug}/inscribirse",
        data=form(
            consent_sensitive="y",
            is_conflict_victim="y",
            population_ids=str(victims.id),
        ),
    )
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral).where(Referral.program_id == program.id))
    db.session.refresh(referral, ["claim"])
    claim = referral.claim
    db.session.refresh(claim, ["populations"])
    assert claim.consent_sensitive and claim.is_conflict_victim
    assert victims in claim.populations


def test_sensitive_population_without_consent_is_refused(client, db, program):
    victims = f.population("t-victimas", "Víctimas de prueba", sensitive=True)
    before = counts(db)
    response = client.post(
        f"/ruta/{program.slug}/inscribirse", data=form(population_ids=str(victims.id))
    )
    assert response.status_code == 422
    assert counts(db) == before


def test_honeypot_writes_nothing(client, db, program):
    before = counts(db)
    response = client.post(
        f"/ruta/{program.slug}/inscribirse", data=form(sitio_web="http://spam.example")
    )
    assert response.status_code == 302
    assert counts(db) == before


def test_closed_call_or_no_places_refuses(client, db, program):
    program.closes_on = local_today() - timedelta(days=1)
    program.opens_on = local_today() - timedelta(days=30)
    db.session.flush()
    before = counts(db)
    response = client.post(f"/ruta/{program.slug}/inscribirse", data=form())
    assert response.status_code == 422
    assert "no está recibiendo solicitudes" in response.get_data(as_text=True) or (
        "no recibe solicitudes" in response.get_data(as_text=True)
    )
    assert counts(db) == before
    full = f.program("Taller Turquesa lleno", program.owner, capacity=1)
    assert client.post(f"/ruta/{full.slug}/inscribirse", data=form()).status_code == 302
    page = client.get(f"/ruta/{full.slug}").get_data(as_text=True)
    assert "0 disponibles" in page and "no recibe solicitudes" in page
    again = client.post(f"/ruta/{full.slug}/inscribirse", data=form(doc_number="88123456"))
    assert again.status_code == 422


def test_draft_program_cannot_be_joined(client, db, program):
    program.status = "borrador"
    db.session.flush()
    assert client.get(f"/ruta/{program.slug}/inscribirse").status_code == 404
    assert client.post(f"/ruta/{program.slug}/inscribirse", data=form()).status_code == 404


def test_join_is_rate_limited(app, client, db, program):
    app.config["RUTA_JOIN_RATE_LIMIT"] = "2 per hour"
    try:
        codes = [
            client.post(f"/ruta/{program.slug}/inscribirse", data=form(need="")).status_code
            for _ in range(3)
        ]
    finally:
        app.config.pop("RUTA_JOIN_RATE_LIMIT")
    assert codes == [422, 422, 429]


def test_tracking_shows_status_and_history_only_with_code_and_document(client, db, program):
    client.post(f"/ruta/{program.slug}/inscribirse", data=form())
    referral = db.session.scalar(select(Referral).order_by(Referral.id.desc()).limit(1))
    db.session.refresh(program, ["owner"])
    staff = f.user("actor_staff", program.owner)
    staff.full_name = "Nombre Secreto Del Gestor"
    transition_referral(db.session, referral, "aceptada", user_id=staff.id, comment="nota interna")
    db.session.flush()

    page = client.post(
        "/ruta/seguimiento", data={"code": referral.code, "doc_number": "1.093.770.123"}
    ).get_data(as_text=True)
    assert referral.code in page and "Aceptada" in page and "Enviada" in page
    assert "Incubadora Turquesa" in page
    assert "Nombre Secreto Del Gestor" not in page and "nota interna" not in page
    assert "Yurley" not in page

    wrong = client.post(
        "/ruta/seguimiento", data={"code": referral.code, "doc_number": "1093770124"}
    ).get_data(as_text=True)
    assert "No encontramos una solicitud" in wrong and "Aceptada" not in wrong
    lower = client.post(
        "/ruta/seguimiento", data={"code": referral.code.lower()[2:], "doc_number": DOC}
    ).get_data(as_text=True)
    assert "Aceptada" in lower


def test_join_notifies_the_receiving_actor(client, db, program):
    from red.services import mail
    from red.services.accounts import create_user

    create_user(
        db.session,
        email="gestora@turquesa.co",
        full_name="Gestora",
        password="clave-segura-1",
        role="actor_staff",
        actor_id=program.owner_id,
    )
    db.session.commit()
    mail.outbox.clear()
    assert client.post(f"/ruta/{program.slug}/inscribirse", data=form()).status_code == 302
    sent = [m for m in mail.outbox if "gestora@turquesa.co" in str(m["To"])]
    assert sent, "the receiving actor's staff got no e-mail"
