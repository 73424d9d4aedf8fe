"""The issue's acceptance story with the demo accounts: register, log, refer, accept."""

from __future__ import annotations

from sqlalchemy import select

from red.models import Actor, Entrepreneur, Referral, ServiceRecord, ServiceType
from red.services.calendar import local_today


def test_ccc_registers_logs_and_refers_then_sena_accepts(client, login_as, db):
    sena = db.session.scalar(select(Actor).where(Actor.slug == "sena"))
    formacion = db.session.scalar(select(ServiceType).where(ServiceType.code == "formacion"))

    login_as("staff_ccc")
    registered = client.post(
        "/emprendedores/nuevo",
        data={
            "doc_type": "48",
            "doc_number": "7654321",
            "first_names": "Yusmary",
            "last_names": "Rondón",
            "phone": "3157654321",
            "channel": "presencial",
            "purpose_attention": "y",
        },
    )
    assert registered.status_code == 302
    person = db.session.scalar(select(Entrepreneur).where(Entrepreneur.doc_number == "7654321"))

    logged = client.post(
        "/atenciones/nueva",
        data={
            "entrepreneur_id": person.id,
            "served_on": local_today().isoformat(),
            "service_type_id": formacion.id,
            "hours": "2",
            "outcome": "Orientación sobre la Ruta",
        },
    )
    assert logged.status_code == 302
    assert db.session.scalar(
        select(ServiceRecord.id).where(ServiceRecord.entrepreneur_id == person.id)
    )

    sent = client.post(
        f"/remisiones/nueva/{person.id}",
        data={"to_actor_id": sena.id, "need": "Curso de panadería", "data_sharing": "y"},
    )
    assert sent.status_code == 302
    referral = db.session.scalar(select(Referral).where(Referral.entrepreneur_id == person.id))

    login_as("staff_sena")
    inbox = client.get("/remisiones")
    assert referral.code in inbox.get_data(as_text=True)
    assert "Yusmary Rondón" in client.get(f"/emprendedores/{person.id}").get_data(as_text=True)
    accepted = client.post(
        f"/remisiones/{referral.code}/estado",
        data={"to_status": "aceptada", "version": referral.version_id},
        follow_redirects=True,
    )
    assert "Aceptada" in accepted.get_data(as_text=True)
    db.session.refresh(referral)
    db.session.refresh(referral, ["history"])
    assert referral.status == "aceptada"
    assert [c.to_status for c in referral.history] == ["enviada", "aceptada"]


def test_balance_partial_renders_for_an_actor(app, db):
    from flask import render_template_string

    sena = db.session.scalar(select(Actor).where(Actor.slug == "sena"))
    with app.test_request_context("/"):
        html = render_template_string('{% include "referrals/_balance.html" %}', actor=sena)
    assert "Respondidas a tiempo" in html and "Enviadas" in html
