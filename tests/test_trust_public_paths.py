"""The public forms never write into an existing person nor open one (issue «Trust», item 3).

Anonymous, no login: the join form of a program and the sign-up of an event, filled with
the document of person P (known only to the Cámara de Comercio de Cúcuta) and invented names,
e-mail and sensitive answers. P's record stays as it was, no consent is recorded in P's
name, the receiving actor (SENA) gets only what the stranger declared, and the answer is
the same as for a document nobody has. Only when SENA's staff confirm the identity with the
right names (they saw the document) is the request linked to P — and then what was declared
differently is offered field by field.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from red.extensions import db
from red.models import (
    ConsentRecord,
    Entrepreneur,
    IdentityClaim,
    Notification,
    Participation,
    PersonAccess,
    PopulationGroup,
    Referral,
)
from red.services.calendar import local_today
from tests import factories as f

CCC, SENA = "camara-de-comercio-de-cucuta", "sena"
DOC, FIRST, LAST = "1090444777", "Perla", "Quiroga Mantilla"


@pytest.fixture
def world(db):
    ccc, sena = f.stored_actor(CCC), f.stored_actor(SENA)
    p = f.person_with_access(
        ccc,
        DOC,
        first=FIRST,
        last=LAST,
        staff=f.stored_user("staff_ccc"),
    )
    program = f.program("Formación del SENA para la prueba", sena, capacity=50)
    event = f.event(sena, name="Feria del SENA para la prueba", registration_open=True)
    victims = db.session.scalar(select(PopulationGroup).where(PopulationGroup.sensitive.is_(True)))
    db.session.commit()
    return {"p": p, "program": program, "event": event, "sena": sena, "victims": victims}


def snapshot(person: Entrepreneur) -> tuple:
    db.session.expire_all()
    row = db.session.get(Entrepreneur, person.id)
    db.session.refresh(row, ["populations"])
    return (
        row.first_names,
        row.email,
        row.phone,
        row.sensitive_consent,
        row.is_conflict_victim,
        row.version_id,
        tuple(sorted(g.id for g in row.populations)),
        db.session.scalar(
            select(func.count(ConsentRecord.id)).where(ConsentRecord.entrepreneur_id == row.id)
        ),
        db.session.scalar(
            select(func.count(PersonAccess.actor_id)).where(PersonAccess.entrepreneur_id == row.id)
        ),
    )


def join_form(world, **changes) -> dict:
    data = {
        "doc_type": "13",
        "doc_number": DOC,
        "first_names": "Inventada",
        "last_names": "Suplantadora",
        "email": "intrusa@example.com",
        "phone": "3109998877",
        "need": "Quiero formación en costura.",
        "consent_attention": "y",
        "consent_sensitive": "y",
        "is_conflict_victim": "y",
        "population_ids": str(world["victims"].id),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _done_page(client, response) -> str:
    """The success page with the tracking code blanked, to compare two of them."""
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.sub(r"R-[A-Z0-9]{8}", "R-XXXXXXXX", page)


def test_join_with_a_known_document_changes_nothing_and_answers_like_an_unknown_one(client, world):
    p, program = world["p"], world["program"]
    before = snapshot(p)
    known = client.post(f"/ruta/{program.slug}/inscribirse", data=join_form(world))
    assert known.status_code == 302
    known_page = _done_page(client, known)
    unknown = client.post(
        f"/ruta/{program.slug}/inscribirse", data=join_form(world, doc_number="1090000123")
    )
    assert _done_page(client, unknown) == known_page
    assert snapshot(p) == before  # names, contact, sensitive data, consents, access
    referral = db.session.scalar(
        select(Referral)
        .where(Referral.program_id == program.id)
        .order_by(Referral.id)
        .options(joinedload(Referral.claim))
    )
    assert referral.entrepreneur_id is None and referral.claim.first_names == "Inventada"


def test_the_receiving_actor_sees_only_the_declared_data(client, login_as, world):
    p, program = world["p"], world["program"]
    client.post(f"/ruta/{program.slug}/inscribirse", data=join_form(world))
    referral = db.session.scalar(select(Referral).where(Referral.program_id == program.id))
    login_as("staff_sena")
    inbox = client.get("/remisiones").get_data(as_text=True)
    assert "Inventada Suplantadora" in inbox and FIRST not in inbox
    page = client.get(f"/remisiones/{referral.code}").get_data(as_text=True)
    assert "Inventada Suplantadora" in page and "Sin verificar" in page
    assert FIRST not in page and LAST not in page
    assert f"/emprendedores/{p.id}" not in page
    assert client.get(f"/emprendedores/{p.id}").status_code == 404


def _confirm(client, referral, **changes):
    data = {
        "doc_type": "13",
        "doc_number": DOC,
        "first_names": FIRST,
        "last_names": LAST,
        "verified": "y",
    }
    data.update(changes)
    return client.post(f"/remisiones/{referral.code}/identidad", data=data)


def test_confirming_with_the_wrong_names_is_refused_and_reveals_nothing(client, login_as, world):
    p, program = world["p"], world["program"]
    client.post(f"/ruta/{program.slug}/inscribirse", data=join_form(world))
    referral = db.session.scalar(select(Referral).where(Referral.program_id == program.id))
    before = snapshot(p)
    login_as("staff_sena")
    response = _confirm(client, referral, first_names="Inventada", last_names="Suplantadora")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Los datos no coinciden" in text
    assert FIRST not in text.replace("Inventada", "")
    assert snapshot(p) == before
    assert db.session.get(Referral, referral.id).entrepreneur_id is None
    unverified = _confirm(client, referral, verified="")
    assert "Confirme que verificó el documento" in unverified.get_data(as_text=True)


def test_confirming_the_identity_links_the_request_and_offers_the_differences(
    client, login_as, world
):
    p, program = world["p"], world["program"]
    client.post(f"/ruta/{program.slug}/inscribirse", data=join_form(world))
    referral = db.session.scalar(select(Referral).where(Referral.program_id == program.id))
    login_as("staff_sena")
    response = _confirm(client, referral)
    assert response.status_code == 302
    db.session.expire_all()
    linked = db.session.get(Referral, referral.id)
    assert linked.entrepreneur_id == p.id
    assert db.session.get(Entrepreneur, p.id).email is None  # nothing applied yet
    consent = db.session.scalar(
        select(ConsentRecord).where(
            ConsentRecord.entrepreneur_id == p.id, ConsentRecord.channel == "web"
        )
    )
    assert consent.actor_id == world["sena"].id and "identidad confirmada" in consent.evidence
    ccc_notices = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == f.stored_user("staff_ccc").id
        )
    )
    assert ccc_notices == 1
    page = client.get(f"/remisiones/{referral.code}").get_data(as_text=True)
    assert "Cambios propuestos por la persona" in page and "intrusa@example.com" in page
    applied = client.post(f"/remisiones/{referral.code}/cambios", data={"campos": ["email"]})
    assert applied.status_code == 302
    db.session.expire_all()
    person = db.session.get(Entrepreneur, p.id)
    assert person.email == "intrusa@example.com" and person.phone is None  # only the ticked
    again = client.get(f"/remisiones/{referral.code}").get_data(as_text=True)
    assert "Cambios propuestos" not in again


def test_confirming_a_new_document_creates_the_record_from_the_declaration(client, login_as, world):
    program = world["program"]
    client.post(
        f"/ruta/{program.slug}/inscribirse",
        data=join_form(world, doc_number="1090555000", first_names="Nueva", last_names="Persona"),
    )
    referral = db.session.scalar(select(Referral).where(Referral.program_id == program.id))
    assert (
        db.session.scalar(
            select(func.count(Entrepreneur.id)).where(Entrepreneur.doc_number == "1090555000")
        )
        == 0
    )
    login_as("staff_sena")
    response = _confirm(
        client, referral, doc_number="1090555000", first_names="Nueva", last_names="Persona"
    )
    assert response.status_code == 302
    person = db.session.scalar(
        select(Entrepreneur)
        .where(Entrepreneur.doc_number == "1090555000")
        .options(selectinload(Entrepreneur.populations))
    )
    assert person.email == "intrusa@example.com" and person.registered_by_actor_id
    assert person.sensitive_consent and person.is_conflict_victim
    assert world["victims"] in person.populations
    assert client.get(f"/emprendedores/{person.id}").status_code == 200


def test_a_logged_in_entrepreneur_asks_for_themselves(client, login_as, world):
    me = login_as("entrepreneur")
    own = db.session.get(Entrepreneur, me.entrepreneur_id)
    response = client.post(
        f"/ruta/{world['program'].slug}/inscribirse",
        data=join_form(
            world,
            doc_type=own.doc_type,
            doc_number=own.doc_number,
            consent_sensitive=None,
            is_conflict_victim=None,
            population_ids=None,
        ),
    )
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral).where(Referral.program_id == world["program"].id))
    assert referral.entrepreneur_id == own.id and referral.claim_id is None


def sign_up(client, event, **changes):
    data = {
        "doc_type": "13",
        "doc_number": DOC,
        "first_names": "Inventada",
        "last_names": "Suplantadora",
        "email": "intrusa@example.com",
        "consent_attention": "y",
    }
    data.update(changes)
    return client.post(f"/eventos/{event.slug}/inscribirme", data=data, follow_redirects=True)


def test_event_sign_up_with_a_known_document_changes_nothing(client, login_as, world):
    p, event = world["p"], world["event"]
    before = snapshot(p)
    known = sign_up(client, event).get_data(as_text=True)
    unknown = sign_up(client, event, doc_number="1090000456").get_data(as_text=True)
    assert "Inscripción recibida" in known and "Inscripción recibida" in unknown
    assert snapshot(p) == before
    twice = sign_up(client, event).get_data(as_text=True)
    assert "Inscripción recibida" in twice  # the same answer, no second seat
    pending = db.session.scalars(
        select(Participation).where(Participation.event_id == event.id)
    ).all()
    assert len(pending) == 2 and all(x.entrepreneur_id is None for x in pending)
    login_as("staff_sena")
    listing = client.get(f"/eventos/{event.slug}/participantes").get_data(as_text=True)
    assert "Inventada Suplantadora" in listing and FIRST not in listing
    assert "Confirmar identidad" in listing
    assert client.get(f"/emprendedores/{p.id}").status_code == 404


def test_organisers_confirm_a_sign_up_at_the_door(client, login_as, world):
    p, event = world["p"], world["event"]
    sign_up(client, event, first_names=FIRST, last_names=LAST)
    participation = db.session.scalar(
        select(Participation).where(Participation.event_id == event.id)
    )
    login_as("staff_sena")
    url = f"/eventos/{event.slug}/participantes/{participation.id}/identidad"
    assert "Confirmar identidad" in client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={
            "doc_type": "13",
            "doc_number": DOC,
            "first_names": FIRST,
            "last_names": LAST,
            "verified": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participation, participation.id).entrepreneur_id == p.id
    assert client.get(f"/emprendedores/{p.id}").status_code == 200


def test_join_twice_gives_one_person_once_confirmed(client, login_as, world):
    program = world["program"]
    for need in ("Primera vez", "Segunda vez"):
        client.post(
            f"/ruta/{program.slug}/inscribirse",
            data=join_form(
                world, doc_number="1090555111", first_names="Dos", last_names="Veces", need=need
            ),
        )
    referrals = db.session.scalars(select(Referral).where(Referral.program_id == program.id)).all()
    assert len(referrals) == 2
    assert (
        db.session.scalar(
            select(func.count(IdentityClaim.id)).where(IdentityClaim.doc_number == "1090555111")
        )
        == 2
    )
    login_as("staff_sena")
    for referral in referrals:
        assert (
            _confirm(
                client, referral, doc_number="1090555111", first_names="Dos", last_names="Veces"
            ).status_code
            == 302
        )
    people = db.session.scalars(
        select(Entrepreneur).where(Entrepreneur.doc_number == "1090555111")
    ).all()
    assert len(people) == 1
    db.session.expire_all()
    assert {db.session.get(Referral, r.id).entrepreneur_id for r in referrals} == {people[0].id}


def test_tracking_works_with_the_document_typed_on_the_request(client, world):
    response = client.post(
        f"/ruta/{world['program'].slug}/inscribirse", data=join_form(world, doc_number="1090555222")
    )
    code = re.search(
        r"R-[A-Z0-9]{8}", client.get(response.headers["Location"]).get_data(as_text=True)
    ).group(0)
    found = client.post("/ruta/seguimiento", data={"code": code, "doc_number": "1090555222"})
    assert code in found.get_data(as_text=True) and "Enviada" in found.get_data(as_text=True)
    other = client.post("/ruta/seguimiento", data={"code": code, "doc_number": DOC})
    assert "Enviada" not in other.get_data(as_text=True)
    assert local_today()  # the request was sent today (see the tracking page's steps)
