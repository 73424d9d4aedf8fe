"""The home page per role (/inicio): where login lands, what each block counts, who sees
what, and a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from red.extensions import db
from red.models import RightsRequest, User
from red.services.calendar import local_today
from tests import factories as f
from tests.conftest import DEMO_ACCOUNTS, DEMO_PASSWORD

CCC = "camara-de-comercio-de-cucuta"


def _counts(page: str) -> dict[str, int]:
    """{block id: count} read from the page."""
    found = re.findall(r'id="bloque-([a-z_]+)">.*?data-count="(\d+)"', page, flags=re.S)
    return {key: int(value) for key, value in found}


def test_login_lands_on_the_home_of_the_role(client, db):
    response = client.post(
        "/login", data={"email": DEMO_ACCOUNTS["staff_ccc"], "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/inicio")
    page = client.get("/inicio").get_data(as_text=True)
    assert "Remisiones que esperan respuesta" in page
    assert client.get("/login").headers["Location"].endswith("/inicio")


def test_the_public_home_stays_at_the_root(client, login_as):
    login_as("staff_ccc")
    assert client.get("/").status_code == 200
    assert client.get("/inicio").status_code == 200


def test_anonymous_visitors_go_to_login(client):
    response = client.get("/inicio")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_empty_blocks_say_so(client, login_as):
    login_as("staff_sena")
    page = client.get("/inicio").get_data(as_text=True)
    counts = _counts(page)
    expected = {"remisiones", "eventos", "compromisos", "programas", "cumplimiento"}
    assert expected <= set(counts) <= expected | {"trabajos"}  # jobs: when red/jobs is there
    assert counts["remisiones"] == 0
    assert "Ninguna remisión espera respuesta de su organización." in page


def test_staff_blocks_count_their_actor_records_only(client, login_as, db):
    today = local_today()
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    late = f.referral(ccc, today - timedelta(days=10))
    soon = f.referral(ccc, today + timedelta(days=3))
    f.referral(sena, today - timedelta(days=2))  # another actor's: never on CCC's page
    event = f.event(ccc, capacity=10)
    f.register(event, f.person(actor=ccc))
    mesa = f.body([ccc, sena])
    meeting = f.meeting(mesa, today - timedelta(days=30))
    f.commitment(meeting, [ccc], today - timedelta(days=1))
    f.commitment(meeting, [sena], today - timedelta(days=1))
    f.program(owner=ccc, reviewed=None)
    db.session.commit()
    login_as("staff_ccc")
    page = client.get("/inicio").get_data(as_text=True)
    counts = _counts(page)
    assert counts["remisiones"] == 2
    assert late.code in page and "vencida hace" in page
    assert page.index(late.code) < page.index(soon.code)  # oldest deadline first
    assert counts["eventos"] == 1 and "1 inscripción de 10 cupos" in page
    assert counts["compromisos"] == 1 and "vencido hace 1 día" in page
    assert counts["programas"] >= 1 and "nunca" in page
    assert f'href="/remisiones/{late.code}"' in page
    login_as("staff_sena")
    sena_page = client.get("/inicio").get_data(as_text=True)
    assert late.code not in sena_page and _counts(sena_page)["remisiones"] == 1


def test_compliance_block_says_what_is_missing(client, login_as, db):
    today = local_today()
    ccc = f.stored_actor(CCC)
    mesa = f.body([ccc])
    f.meeting(mesa, today - timedelta(days=1) if today.day > 1 else today, {ccc: "ausente"})
    db.session.commit()
    login_as("staff_ccc")
    page = client.get("/inicio").get_data(as_text=True)
    assert "Cumplimiento de su organización" in page
    assert "para el verde" in page and "Asistencia a reuniones" in page


def _staff_home_queries(client, count_queries) -> int:
    with count_queries() as counter:
        assert client.get("/inicio").status_code == 200
    return counter.count


def test_staff_home_runs_a_fixed_number_of_queries(client, login_as, db, count_queries):
    today = local_today()
    ccc = f.stored_actor(CCC)
    login_as("staff_ccc")
    mesa = f.body([ccc])
    meeting = f.meeting(mesa, today - timedelta(days=20), {ccc: "asistio"})

    def add_rows():
        f.referral(ccc, today - timedelta(days=4))
        event = f.event(ccc, capacity=5)
        f.register(event, f.person(actor=ccc))
        f.commitment(meeting, [ccc], today + timedelta(days=2))
        f.program(owner=ccc, reviewed=None)
        db.session.commit()

    add_rows()
    one = _staff_home_queries(client, count_queries)
    for _ in range(6):
        add_rows()
    many = _staff_home_queries(client, count_queries)
    assert one == many


@pytest.mark.parametrize("who", ["nucleo", "admin", "entrepreneur"])
def test_network_homes_run_a_fixed_number_of_queries(who, client, login_as, db, count_queries):
    today = local_today()
    login_as(who)
    first = _staff_home_queries(client, count_queries)
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    mesa = f.body([ccc, sena])
    for number in range(5):
        meeting = f.meeting(mesa, today - timedelta(days=40 + number))
        f.commitment(meeting, [ccc, sena], today - timedelta(days=3))
        f.referral(sena if number % 2 else ccc, today - timedelta(days=5))
        f.user("actor_staff", ccc)
    db.session.commit()
    assert _staff_home_queries(client, count_queries) == first


def test_nucleo_reads_aggregates_not_people(client, login_as, db):
    today = local_today()
    ccc = f.stored_actor(CCC)
    late = f.referral(ccc, today - timedelta(days=10))
    mesa = f.body([ccc])
    meeting = f.meeting(mesa, today - timedelta(days=15))
    f.commitment(meeting, [ccc], today - timedelta(days=2))
    db.session.commit()
    login_as("nucleo")
    page = client.get("/inicio").get_data(as_text=True)
    counts = _counts(page)
    assert set(counts) == {
        "riesgo",
        "compromisos_vencidos",
        "actas",
        "remisiones_vencidas",
        "derechos_plazo",
    }
    assert counts["remisiones_vencidas"] >= 1 and counts["compromisos_vencidos"] >= 1
    assert counts["actas"] >= 1 and f"/mesas/reuniones/{meeting.id}" in page
    assert late.code not in page  # the núcleo sees counts per actor, not the referral
    assert "/nucleo/actores/camara-de-comercio-de-cucuta" in page


def test_admin_sees_rights_requests_by_business_days_left(client, login_as, db):
    today = local_today()
    person = f.person()
    request = RightsRequest(
        entrepreneur_id=person.id,
        kind="consulta",
        description="Quiero saber qué datos tienen",
        status="recibida",
        filed_on=today - timedelta(days=20),
        due_on=today - timedelta(days=1),
    )
    db.session.add(request)
    db.session.commit()
    login_as("admin")
    page = client.get("/inicio").get_data(as_text=True)
    counts = _counts(page)
    assert counts["derechos"] >= 1 and f"/derechos/{request.id}" in page
    assert "vencida hace" in page
    without = db.session.scalars(
        select(User).where(User.active.is_(True), User.totp_enabled_at.is_(None))
    ).all()
    assert counts["dos_pasos"] == len(without)
    assert "Cuentas sin verificación en dos pasos" in page


def test_entrepreneur_sees_own_requests_and_registrations(client, login_as, db):
    ccc = f.stored_actor(CCC)
    someone = f.person(actor=ccc)
    account = f.user("entrepreneur", person=someone)
    mine = f.referral(ccc, local_today() + timedelta(days=3))
    mine.entrepreneur_id = someone.id
    other = f.referral(ccc, local_today() + timedelta(days=3))
    event = f.event(ccc)
    f.register(event, someone)
    db.session.commit()
    login_as(account)
    page = client.get("/inicio").get_data(as_text=True)
    counts = _counts(page)
    assert counts == {"solicitudes": 1, "inscripciones": 1}
    assert mine.code in page and other.code not in page
    assert event.name in page and f"/eventos/{event.slug}" in page


def test_the_secretariats_staff_also_see_the_secretariat_blocks(client, login_as):
    """Read from the actor the compliance block already loaded (no statement of its own)."""
    f.stored_actor(CCC).network_role = "secretaria_tecnica"
    db.session.commit()
    login_as("staff_ccc")
    counts = _counts(client.get("/inicio").get_data(as_text=True))
    assert {"actas", "compromisos_vencidos"} <= set(counts)
    login_as("staff_sena")
    counts = _counts(client.get("/inicio").get_data(as_text=True))
    assert not {"actas", "compromisos_vencidos"} & set(counts)
