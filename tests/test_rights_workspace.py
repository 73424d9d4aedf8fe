"""Ley 1581 rights: deadlines on business days, "reclamo en trámite", overdue list, own data."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from red.services import rights
from red.services.calendar import local_today
from red.services.rights import RightsError
from tests import factories as f


@pytest.mark.parametrize(
    ("kind", "due"),
    [("consulta", date(2026, 4, 6)), ("reclamo", date(2026, 4, 13))],
)
def test_legal_deadlines_are_business_days(db, world, kind, due):
    ana = world.person()
    filed = rights.file_request(
        db.session,
        ana,
        kind=kind,
        description="Quiero saber",
        user_id=None,
        filed_on=date(2026, 3, 18),
    )
    assert filed.due_on == due


def test_a_claim_labels_the_record_until_answered(client, login_as, db, world):
    ana = world.person()
    filed = rights.file_request(
        db.session, ana, kind="rectificacion", description="Mi apellido", user_id=None
    )
    db.session.commit()
    assert ana.claim_in_progress
    login_as(world.staff_a)
    assert "Reclamo en trámite" in client.get(f"/emprendedores/{ana.id}").get_data(as_text=True)
    rights.answer_request(db.session, filed, response="Corregido")
    assert not ana.claim_in_progress and filed.status == "respondida"
    with pytest.raises(RightsError):
        rights.answer_request(db.session, filed, response="Otra vez")


def test_overdue_list_for_admin(client, login_as, db, world):
    ana = world.person()
    late = rights.file_request(
        db.session,
        ana,
        kind="consulta",
        description="Consulta vieja",
        user_id=None,
        filed_on=local_today() - timedelta(days=40),
    )
    rights.file_request(db.session, ana, kind="consulta", description="Nueva", user_id=None)
    db.session.commit()
    login_as(world.admin)
    page = client.get("/derechos?vencidas=1").get_data(as_text=True)
    assert "Vencida" in page and page.count("Responder") == 1
    assert late.due_on.strftime("%d/%m/%Y") in page


def test_granted_deletion_anonymises(client, login_as, db, world):
    ana = world.person()
    filed = rights.file_request(
        db.session, ana, kind="supresion", description="Borren mis datos", user_id=None
    )
    db.session.commit()
    login_as(world.admin)
    client.post(f"/derechos/{filed.id}", data={"response": "Hecho", "apply_deletion": "y"})
    db.session.refresh(ana)
    assert ana.anonymized_at is not None and ana.first_names == "Persona"


def test_staff_file_a_request_on_behalf_of_the_person(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    login_as(world.staff_a)
    response = client.post(
        f"/emprendedores/{ana.id}/solicitudes/nueva",
        data={"kind": "consulta", "description": "Pidió por teléfono qué datos tenemos"},
        follow_redirects=True,
    )
    assert "debe responderse a más tardar" in response.get_data(as_text=True)


def test_entrepreneur_sees_downloads_and_corrects_own_data(client, login_as, db, world):
    ana = world.person()
    account = f.user("entrepreneur", person=ana)
    db.session.commit()
    login_as(account)
    page = client.get("/mis-datos").get_data(as_text=True)
    assert "Ana Prueba" in page and "Presencial" in page and "política 2026-01" in page
    download = client.get("/mis-datos/descargar")
    assert "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.data)["documento"]["numero"] == "1090111222"
    client.post("/mis-datos/corregir", data={"phone": "3101234567", "email": "ana@example.com"})
    db.session.refresh(ana)
    assert ana.phone == "3101234567"
    response = client.post(
        "/mis-datos/solicitudes/nueva",
        data={"kind": "reclamo", "description": "Me llegan correos"},
        follow_redirects=True,
    )
    assert "Recibimos su solicitud" in response.get_data(as_text=True)
    # The entrepreneur never reaches the staff registry.
    assert client.get(f"/emprendedores/{ana.id}").status_code == 403


def test_requests_list_query_count_does_not_grow(client, login_as, db, world, count_queries):
    def filed(number):
        rights.file_request(
            db.session,
            world.person(number),
            kind="consulta",
            description="¿Qué datos tienen?",
            user_id=None,
        )

    filed("1090500000")
    db.session.commit()
    login_as(world.admin)
    client.get("/derechos")
    with count_queries() as few:
        client.get("/derechos")
    for i in range(1, 25):
        filed(f"10905{i:05d}")
    db.session.commit()
    client.get("/derechos")
    with count_queries() as many:
        assert client.get("/derechos").status_code == 200
    assert many.count == few.count
