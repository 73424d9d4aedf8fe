"""Writing a record is never a way into a person's record (issue «Trust», items 1–2).

On the demo data: person P is known only to the Cámara de Comercio de Cúcuta (CCC); the
SENA's staff gets 404 on P's page. Each route that used to grant SENA access by writing a
record (a service by id or by document, an event registration by id or by document, a new
person with P's document and other names, an import row) now refuses and gains nothing.
The way in is «Vincular persona»: the document, the names as the document shows them, and
P's authorisation for SENA — and CCC is told.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from red.extensions import db
from red.models import (
    AuditEntry,
    ConsentRecord,
    Entrepreneur,
    Notification,
    Participation,
    PersonAccess,
    ServiceRecord,
    ServiceType,
    Venture,
)
from red.services import identity
from red.services.calendar import local_today
from tests import factories as f

CCC, SENA = "camara-de-comercio-de-cucuta", "sena"
DOC, FIRST, LAST = "1090444555", "Perla", "Quiroga Mantilla"


@pytest.fixture
def world(db):
    """P, known only to the CCC (registered by it, consent naming it), with a venture; and a
    SENA event open for registration."""
    ccc, sena = f.stored_actor(CCC), f.stored_actor(SENA)
    p = f.person_with_access(
        ccc,
        DOC,
        first=FIRST,
        last=LAST,
        staff=f.stored_user("staff_ccc"),
        email="perla@example.com",
        birth_date=date(1990, 5, 17),
    )
    venture = Venture(entrepreneur_id=p.id, name="Dulces de Perla")
    db.session.add(venture)
    event = f.event(sena, name="Taller del SENA", registration_open=True)
    db.session.commit()
    return {"p": p, "venture": venture, "event": event, "ccc": ccc, "sena": sena}


def sena_sees(person: Entrepreneur) -> bool:
    return (
        db.session.scalar(
            select(PersonAccess.actor_id).where(
                PersonAccess.actor_id == f.stored_actor(SENA).id,
                PersonAccess.entrepreneur_id == person.id,
            )
        )
        is not None
    )


def snapshot(person: Entrepreneur) -> tuple:
    """Everything about P that a write could change."""
    db.session.expire_all()
    row = db.session.get(Entrepreneur, person.id)
    counts = tuple(
        db.session.scalar(
            select(func.count()).select_from(model).where(model.entrepreneur_id == person.id)
        )
        for model in (ServiceRecord, Participation, ConsentRecord, Venture)
    )
    return (row.first_names, row.last_names, row.email, row.phone, row.version_id, counts)


def _service_type_id() -> int:
    return db.session.scalar(select(ServiceType.id).order_by(ServiceType.id).limit(1))


def test_service_for_a_foreign_person_id_is_404_and_grants_nothing(client, login_as, world):
    p = world["p"]
    before = snapshot(p)
    login_as("staff_sena")
    assert client.get(f"/emprendedores/{p.id}").status_code == 404
    for data in (
        {"entrepreneur_id": p.id},
        {"persona": p.id},
    ):
        response = client.post(
            "/atenciones/nueva",
            data={
                **data,
                "served_on": local_today().isoformat(),
                "service_type_id": _service_type_id(),
            },
        )
        assert response.status_code == 404
    assert snapshot(p) == before and not sena_sees(p)
    assert client.get(f"/emprendedores/{p.id}").status_code == 404


def test_service_by_a_foreign_document_says_what_an_unknown_one_says(client, login_as, world):
    p = world["p"]
    before = snapshot(p)
    login_as("staff_sena")

    def post(number: str) -> str:
        response = client.post(
            "/atenciones/nueva",
            data={
                "doc_type": "13",
                "doc_number": number,
                "served_on": local_today().isoformat(),
                "service_type_id": _service_type_id(),
            },
        )
        assert response.status_code == 200
        return response.get_data(as_text=True).replace(number, "#")

    foreign, unknown = post(DOC), post("1090000999")
    assert "No encontramos a esa persona entre las de su organización" in foreign
    assert foreign == unknown  # nothing tells the two apart
    assert FIRST not in foreign and "Dulces de Perla" not in foreign
    assert snapshot(p) == before and not sena_sees(p)


def test_service_with_a_venture_of_someone_else_is_404(client, login_as, world):
    sena = world["sena"]
    own = Entrepreneur(
        doc_type="13",
        doc_number="1090444666",
        first_names="Olga",
        last_names="Propia",
        registered_by_actor_id=sena.id,
    )
    db.session.add(own)
    db.session.commit()
    login_as("staff_sena")
    response = client.post(
        "/atenciones/nueva",
        data={
            "entrepreneur_id": own.id,
            "venture_id": world["venture"].id,
            "served_on": local_today().isoformat(),
            "service_type_id": _service_type_id(),
        },
    )
    assert response.status_code in (200, 404)  # a foreign choice never reaches the service
    assert (
        db.session.scalar(
            select(func.count(ServiceRecord.id)).where(ServiceRecord.entrepreneur_id == own.id)
        )
        == 0
    )


def test_event_registration_of_a_foreign_person_id_is_404(client, login_as, world):
    p, event = world["p"], world["event"]
    before = snapshot(p)
    login_as("staff_sena")
    response = client.post(
        f"/eventos/{event.slug}/participantes",
        data={"entrepreneur_id": p.id, "role": "asistente", "venture_id": world["venture"].id},
    )
    assert response.status_code == 404
    assert snapshot(p) == before and not sena_sees(p)


def test_event_search_by_document_does_not_find_a_foreign_person(client, login_as, world):
    login_as("staff_sena")
    page = client.get(f"/eventos/{world['event'].slug}/participantes?buscar={DOC}")
    text = page.get_data(as_text=True)
    assert FIRST not in text and "Dulces de Perla" not in text
    assert "Vincular a alguien que ya está en la Red" in text


@pytest.mark.parametrize(
    "url",
    ["/eventos/{slug}/participantes/nuevo", "/emprendedores/nuevo"],
)
def test_registering_with_a_foreign_document_and_other_names_is_refused(
    client, login_as, world, url
):
    p = world["p"]
    before = snapshot(p)
    login_as("staff_sena")
    response = client.post(
        url.format(slug=world["event"].slug),
        data={
            "doc_type": "13",
            "doc_number": DOC,
            "first_names": "Inventada",
            "last_names": "Suplantadora",
            "email": "otro@example.com",
            "channel": "presencial",
            "purpose_attention": "y",
            "consent_attention": "y",
            "role": "asistente",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "No se puede registrar con ese documento" in text
    assert FIRST not in text and "perla@example.com" not in text
    assert snapshot(p) == before and not sena_sees(p)
    refused = db.session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.action == identity.REFUSED_LINK, AuditEntry.record_id == str(p.id)
        )
    )
    assert refused == 1  # the attempt is on record


def test_an_import_row_about_a_foreign_person_is_a_row_error(client, login_as, world):
    p = world["p"]
    before = snapshot(p)
    today = local_today().strftime("%d/%m/%Y")
    content = f.workbook(
        f.SERVICE_COLUMNS,
        [
            [
                "13",
                "1090777001",
                "Nueva",
                "Persona",
                "",
                "",
                "Cúcuta",
                today,
                "formacion",
                "",
                "1",
                "",
                "si",
            ],
            ["13", DOC, FIRST, LAST, "", "", "Cúcuta", today, "formacion", "", "1", "", "si"],
        ],
    )
    login_as("staff_sena")
    response = client.post(
        "/atenciones/importar",
        data={"file": (io.BytesIO(content), "atenciones.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,  # the import is a job: its page lists the row errors
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "No se importó ninguna fila" in text
    assert "vincúlela primero" in text and "Vincular persona" in text
    assert (
        db.session.scalar(
            select(func.count(Entrepreneur.id)).where(Entrepreneur.doc_number == "1090777001")
        )
        == 0
    )  # all or nothing: the good row waits too
    assert snapshot(p) == before and not sena_sees(p)


def _link(client, **changes):
    data = {
        "doc_type": "13",
        "doc_number": DOC,
        "first_names": FIRST.upper(),
        "last_names": "Quiroga  Mantilla",
        "birth_date": "1990-05-17",
        "channel": "presencial",
        "purpose_attention": "y",
        "evidence": "Formato firmado n.º 12",
    }
    data.update(changes)
    return client.post("/emprendedores/vincular", data=data)


def test_linking_needs_the_names_and_birth_date_and_reveals_nothing_until_then(
    client, login_as, world
):
    p = world["p"]
    before = snapshot(p)
    login_as("staff_sena")
    pages = []
    for changes in (
        {"first_names": "Perlita"},
        {"birth_date": ""},
        {"birth_date": "1991-05-17"},
        {"doc_number": "1090000999"},
    ):
        response = _link(client, **changes)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "No encontramos a una persona con esos datos" in text
        assert "Dulces de Perla" not in text and "perla@example.com" not in text
        pages.append(text.count("No encontramos"))
    assert len(set(pages)) == 1
    assert snapshot(p) == before and not sena_sees(p)


def test_linking_with_the_persons_authorisation_grants_access_and_tells_the_others(
    client, login_as, world
):
    p = world["p"]
    login_as("staff_sena")
    response = _link(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/emprendedores/{p.id}")
    assert sena_sees(p)
    consent = db.session.scalar(
        select(ConsentRecord).where(
            ConsentRecord.entrepreneur_id == p.id, ConsentRecord.actor_id == world["sena"].id
        )
    )
    assert consent.evidence == "Formato firmado n.º 12"
    assert consent.captured_by_user_id == f.stored_user("staff_sena").id
    assert db.session.get(Entrepreneur, p.id).first_names == FIRST  # the record is unchanged
    notices = db.session.scalars(
        select(Notification).where(Notification.kind == "persona_vinculada")
    ).all()
    recipients = {n.user_id for n in notices}
    assert f.stored_user("staff_ccc").id in recipients
    assert f.stored_user("staff_sena").id not in recipients
    assert all(FIRST not in (n.title + (n.body or "")) for n in notices)  # no personal data
    assert client.get(f"/emprendedores/{p.id}").status_code == 200
    login_as("staff_ccc")
    inbox = client.get("/avisos").get_data(as_text=True)
    assert "vinculó a una persona que ustedes atienden" in inbox


def test_linking_without_the_authorisation_writes_nothing(client, login_as, world):
    p = world["p"]
    login_as("staff_sena")
    response = _link(client, purpose_attention="")
    assert response.status_code == 200
    assert "Sin la autorización" in response.get_data(as_text=True)
    assert not sena_sees(p)


def test_linking_goes_back_to_the_form_that_asked(client, login_as, world):
    login_as("staff_sena")
    response = _link(client, siguiente="/atenciones/nueva")
    assert response.headers["Location"].endswith(f"/atenciones/nueva?persona={world['p'].id}")
    evil = _link(client, siguiente="//evil.example/x")
    assert "evil.example" not in evil.headers.get("Location", "")


def test_refused_link_attempts_are_throttled_per_user(client, login_as, world, monkeypatch):
    monkeypatch.setattr(identity, "MAX_REFUSED_LINKS_PER_HOUR", 3)
    login_as("staff_sena")
    for _ in range(3):
        assert "No encontramos" in _link(client, first_names="Nadie").get_data(as_text=True)
    blocked = _link(client)  # even the right names, once throttled
    assert "demasiados intentos" in blocked.get_data(as_text=True).lower()
    assert not sena_sees(world["p"])


def test_the_staff_of_the_cámara_still_serve_their_own_person(client, login_as, world):
    p = world["p"]
    login_as("staff_ccc")
    response = client.post(
        "/atenciones/nueva",
        data={
            "doc_type": "13",
            "doc_number": DOC,
            "served_on": local_today().isoformat(),
            "service_type_id": _service_type_id(),
        },
    )
    assert response.status_code == 302
    assert (
        db.session.scalar(
            select(func.count(ServiceRecord.id)).where(ServiceRecord.entrepreneur_id == p.id)
        )
        == 1
    )


def test_a_referral_cannot_name_another_actors_or_an_unpublished_program(world):
    """The program named on a referral must be a published one of the receiving actor: a
    foreign program id smuggled into the form is refused and no referral is written."""
    from red.models import Program, Referral
    from red.services.referrals import ReferralError, refer_person

    p, ccc, sena = world["p"], world["ccc"], world["sena"]
    foreign = db.session.scalar(select(Program).where(Program.owner_id != sena.id).limit(1))
    draft = Program(owner_id=sena.id, name="Borrador del SENA", slug="borrador-sena")
    draft.status = "borrador"
    db.session.add(draft)
    db.session.flush()
    before = db.session.scalar(select(func.count()).select_from(Referral))

    def refused_field(**given) -> str | None:
        with pytest.raises(ReferralError) as refused:
            refer_person(
                db.session,
                person=p,
                to_actor_id=sena.id,
                need="Formación en costos",
                from_actor_id=ccc.id,
                **{"data_sharing": True, **given},
            )
        return refused.value.field

    for program in (foreign, draft):
        assert refused_field(program_id=program.id) == "program_id"
    assert refused_field(data_sharing=False) == "data_sharing"
    assert db.session.scalar(select(func.count()).select_from(Referral)) == before
