"""IDOR sweep: records of the Cámara de Comercio de Cúcuta are out of reach of SENA's staff.

Every object route (GET and POST) pointed at a CCC record answers 403 or 404 to gestor.sena and
writes nothing; SENA's lists, searches and exports never show the CCC-only person.
"""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from red.extensions import db
from red.models import Body, BodyMembership, Commitment, Meeting, ServiceType, Venture
from red.permissions import PUBLIC, declared_access
from red.services.periods import local_today
from tests import factories as f

CCC, SENA, OTHER = "camara-de-comercio-de-cucuta", "sena", "gobernacion-de-norte-de-santander"
FIRST, LAST, DOC = "Zoraida", "Quintanilla Urquijo", "1090888777"
WRITE = ("INSERT", "UPDATE", "DELETE")

# Reachable by any staff on purpose (not a leak), with the reason.
BY_DESIGN = {
    "events.summary": "cifras agregadas del evento, sin datos personales",
    # Every staff member may read every mesa, its meetings, actas and attachments
    # (governance.bodies lists them all); only commitments are limited to those involved.
    "governance.body_detail": "las mesas son de consulta para toda la Red",
    "governance.meeting_detail": "las reuniones y actas son de consulta para toda la Red",
    "governance.meeting_print": "las reuniones y actas son de consulta para toda la Red",
    "governance.meeting_calendar": "la reunión en .ics, como la reunión",
    "governance.meeting_pdf": "el acta en PDF, como el acta",
    "governance.attachment_download": "los adjuntos de las actas, como las actas",
}
SECRETS = (FIRST, LAST, DOC, "Capital semilla para Zoraida", "Plan de negocio de Zoraida")


@pytest.fixture
def ccc_world(db):
    """One record of each kind, owned by the CCC, none shared with SENA."""
    from red.services.referrals import send_referral
    from red.services.rights import file_request
    from red.services.service_log import register_service
    from red.services.uploads import store_upload

    ccc, other = f.stored_actor(CCC), f.stored_actor(OTHER)
    gestor = f.stored_user("staff_ccc")
    person = f.person_with_access(ccc, DOC, first=FIRST, last=LAST, staff=gestor)
    venture = Venture(entrepreneur_id=person.id, name="Arepas Zoraida")
    db.session.add(venture)
    service = register_service(
        db.session,
        actor_id=ccc.id,
        person=person,
        service_type_id=db.session.scalar(select(ServiceType.id).limit(1)),
        served_on=local_today(),
        outcome="Plan de negocio de Zoraida",
    )
    referral = send_referral(
        db.session,
        person=person,
        to_actor_id=other.id,
        from_actor_id=ccc.id,
        need="Capital semilla para Zoraida",
    )
    rights = file_request(db.session, person, kind="consulta", description="Consulta", user_id=None)
    draft = f.program("Programa borrador de la Cámara", ccc, status="borrador")
    event = f.event(ccc, name="Feria de la Cámara")
    participation = f.register(event, person)
    body = Body(
        slug="mesa-sin-sena", kind="mesa", name="Mesa sin SENA", coordinator_actor_id=ccc.id
    )
    db.session.add(body)
    db.session.flush()
    membership = BodyMembership(body_id=body.id, actor_id=ccc.id)
    db.session.add_all([membership, BodyMembership(body_id=body.id, actor_id=other.id)])
    meeting = Meeting(body_id=body.id, number=1, held_on=local_today() - timedelta(days=2))
    db.session.add(meeting)
    db.session.flush()
    commitment = Commitment(
        meeting_id=meeting.id,
        description="Compromiso reservado de la Gobernación",
        due_on=local_today() + timedelta(days=10),
        actors=[other],
    )
    db.session.add(commitment)
    from red.models import MeetingAttachment

    stored = store_upload(io.BytesIO(b"%PDF-1.4 acta"), "acta.pdf")
    attachment = MeetingAttachment(
        meeting_id=meeting.id,
        original_name=stored.original_name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
    )
    db.session.add(attachment)
    db.session.commit()
    by_blueprint = {
        "entrepreneurs": {
            "person_id": person.id,
            "venture_id": venture.id,
            "record_id": service.id,
            "request_id": rights.id,
        },
        "referrals": {"code": referral.code, "person_id": person.id},
        "events": {"slug": event.slug, "participation_id": participation.id},
        "governance": {
            "slug": body.slug,
            "meeting_id": meeting.id,
            "commitment_id": commitment.id,
            "membership_id": membership.id,
            "attachment_id": attachment.id,
        },
        "ruta": {"slug": draft.slug},
        "api": {"slug": draft.slug},
        "actors": {"slug": CCC},
        "admin": {"user_id": gestor.id},
    }
    return {"person": person, "event": event, "commitment": commitment, "args": by_blueprint}


def _object_urls(app, args):
    """(endpoint, method, url) for every route whose every argument names a CCC record."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        blueprint = rule.endpoint.split(".")[0]
        values = args.get(blueprint, {})
        if not rule.arguments or not rule.arguments <= set(values):
            continue
        audience = declared_access(rule.endpoint) or frozenset()
        if PUBLIC in audience and blueprint not in ("ruta", "api"):
            continue  # public pages of published things (events, actors) are public
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
        for method in ("GET", "POST"):
            if method in rule.methods:
                yield rule.endpoint, method, url


def test_sena_staff_reaches_no_ccc_record(app, client, login_as, count_queries, ccc_world):
    login_as("staff_sena")
    checked, leaks = set(), []
    for endpoint, method, url in _object_urls(app, ccc_world["args"]):
        if endpoint in BY_DESIGN:
            continue
        with count_queries() as counter:
            response = client.open(url, method=method, data={})
        writes = [s for s in counter.statements if s.lstrip().upper().startswith(WRITE)]
        if response.status_code not in (403, 404) or writes:
            leaks.append(f"{method} {url} ({endpoint}): {response.status_code} {writes[:1]}")
        checked.add(endpoint)
    assert not leaks, "\n".join(leaks)
    # The sweep really covered the records of the brief.
    assert {
        "entrepreneurs.detail",
        "entrepreneurs.edit",
        "entrepreneurs.service_edit",
        "entrepreneurs.service_delete",
        "referrals.detail",
        "referrals.transition",
        "referrals.send",
        "ruta.program",
        "ruta.edit",
        "events.participants",
        "events.export",
        "governance.commitment_detail",
        "governance.commitment_progress",
    } <= checked


def _text(response) -> str:
    if "spreadsheetml" in response.content_type:
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return response.get_data(as_text=True)


LISTS = (
    "/emprendedores",
    f"/emprendedores?q={FIRST}",
    f"/emprendedores?q={LAST.split()[0]}",
    f"/emprendedores?q={DOC}",
    "/atenciones",
    f"/atenciones?q={FIRST}",
    f"/atenciones?q={DOC}",
    "/atenciones/exportar",
    "/remisiones",
    f"/remisiones?q={FIRST}",
    "/remisiones?bandeja=enviadas",
    "/remisiones?bandeja=todas",
    "/compromisos",
    "/mesas",
    "/ruta/gestion",
    "/indicadores/actividad",
    "/mi-cumplimiento",
)


@pytest.mark.parametrize("path", LISTS)
def test_sena_lists_searches_and_exports_never_show_the_ccc_person(
    client, login_as, ccc_world, path
):
    login_as("staff_sena")
    response = client.get(path)
    # An unknown inbox (?bandeja=todas) is a 400 that repeats the filters, and no more.
    assert response.status_code == (400 if "bandeja=todas" in path else 200)
    text = _text(response)
    # The search box repeats what was typed: look for the person's *other* data.
    term = parse_qs(urlsplit(path).query).get("q", [""])[0]
    for secret in (s for s in SECRETS if not term or term not in s):
        assert secret not in text, f"{path} shows {secret!r} to SENA"
    assert "Compromiso reservado de la Gobernación" not in text
    assert "Programa borrador de la Cámara" not in text


def test_sena_event_exports_never_show_the_ccc_person(client, login_as, ccc_world):
    sena_event = f.event(f.stored_actor(SENA), name="Feria del SENA")
    db.session.commit()
    login_as("staff_sena")
    for url in (
        f"/eventos/{sena_event.slug}/exportar.xlsx",
        f"/eventos/{sena_event.slug}/participantes?q={DOC}",
        f"/eventos/{sena_event.slug}/participantes?q={FIRST}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        term = parse_qs(urlsplit(url).query).get("q", [""])[0]
        assert all(secret not in text for secret in SECRETS if not term or term not in secret), url
    assert client.get(f"/eventos/{ccc_world['event'].slug}/exportar.xlsx").status_code == 403


def test_the_ccc_staff_does_see_them(client, login_as, ccc_world):
    """The control: the same lists show the person to the actor that registered them."""
    login_as("staff_ccc")
    assert FIRST in client.get(f"/emprendedores?q={FIRST}").get_data(as_text=True)
    assert FIRST in client.get("/atenciones").get_data(as_text=True)
    assert DOC in _text(client.get("/atenciones/exportar"))
