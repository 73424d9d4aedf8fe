"""Service log: quick form, list scoped to the actor, Excel export, import all-or-nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from red.models import Entrepreneur, ServiceRecord
from red.services import service_log
from red.services.calendar import local_today
from red.services.service_log import ServiceError, register_service
from tests import factories as f


def _services(db, **where):
    query = select(func.count(ServiceRecord.id)).where(ServiceRecord.deleted_at.is_(None))
    for key, value in where.items():
        query = query.where(getattr(ServiceRecord, key) == value)
    return db.session.scalar(query)


def _log(db, world, someone, actor=None, **kw):
    return register_service(
        db.session,
        actor_id=(actor or world.actor_a).id,
        person=someone,
        service_type_id=world.service_type.id,
        served_on=kw.pop("served_on", date(2026, 2, 2)),
        **kw,
    )


def test_quick_form_logs_a_service_for_a_person_found_by_document(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    login_as(world.staff_a)
    response = client.post(
        "/atenciones/nueva",
        data={
            "doc_type": "13",
            "doc_number": "1.090.111.222",
            "served_on": local_today().isoformat(),
            "service_type_id": world.service_type.id,
            "program_id": world.program_a.id,
            "hours": "2,5".replace(",", "."),
            "outcome": "Plan de negocio",
        },
    )
    assert response.status_code == 302
    record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.entrepreneur_id == ana.id))
    assert record.actor_id == world.actor_a.id and record.created_by_user_id == world.staff_a.id
    assert "Plan de negocio" in client.get("/atenciones").get_data(as_text=True)


def test_service_rules_are_enforced(db, world):
    ana = world.person()
    with pytest.raises(ServiceError, match="futura"):
        _log(db, world, ana, served_on=local_today() + timedelta(days=1))
    with pytest.raises(ServiceError, match="24"):
        _log(db, world, ana, hours=30)
    with pytest.raises(ServiceError, match="no es de su actor"):
        _log(db, world, ana, program_id=world.program_b.id)


def test_unknown_person_is_not_logged(client, login_as, db, world):
    db.session.commit()
    login_as(world.staff_a)
    response = client.post(
        "/atenciones/nueva",
        data={
            "doc_type": "13",
            "doc_number": "1090999000",
            "served_on": local_today().isoformat(),
            "service_type_id": world.service_type.id,
        },
    )
    assert response.status_code == 200
    assert "No encontramos a esa persona entre las de su organización" in response.get_data(
        as_text=True
    )
    assert _services(db, actor_id=world.actor_a.id) == 0


def test_other_actors_services_never_appear_in_list_or_export(client, login_as, db, world):
    ana = world.person()
    bruno = world.person("1090111333", actor=world.actor_b, first="Bruno")
    _log(db, world, ana, outcome="De A")
    _log(db, world, bruno, actor=world.actor_b, outcome="De B")
    db.session.commit()
    login_as(world.staff_b)
    listing = client.get("/atenciones").get_data(as_text=True)
    assert "De B" in listing and "De A" not in listing
    export = client.get("/atenciones/exportar")
    sheet = load_workbook(io.BytesIO(export.data)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "De B" in values and "De A" not in values


def test_export_neutralises_formulas(db, world):
    ana = world.person()
    record = _log(db, world, ana, outcome='=HYPERLINK("http://x")')
    sheet = load_workbook(io.BytesIO(service_log.export_workbook([record]))).active
    assert sheet.cell(row=2, column=10).value == '\'=HYPERLINK("http://x")'


def test_another_actor_cannot_edit_a_service_and_stale_edits_get_409(client, login_as, db, world):
    ana = world.person()
    record = _log(db, world, ana)
    db.session.commit()
    login_as(world.staff_b)
    assert client.get(f"/atenciones/{record.id}/editar").status_code == 404  # does not leak
    login_as(world.staff_a)
    stale = record.version_id
    record.outcome = "Cambio de otra persona"
    db.session.commit()
    response = client.post(
        f"/atenciones/{record.id}/editar",
        data={
            "version": stale,
            "served_on": "2026-02-02",
            "service_type_id": world.service_type.id,
            "outcome": "Mi cambio",
        },
    )
    assert response.status_code == 409, response.get_data(as_text=True)[-3000:]
    db.session.refresh(record)
    assert record.outcome == "Cambio de otra persona"


def test_delete_asks_then_soft_deletes(client, login_as, db, world):
    ana = world.person()
    record = _log(db, world, ana)
    db.session.commit()
    login_as(world.staff_a)
    assert "¿Eliminar" in client.get(f"/atenciones/{record.id}/eliminar").get_data(as_text=True)
    client.post(f"/atenciones/{record.id}/eliminar", data={"version": record.version_id})
    db.session.refresh(record)
    assert record.deleted_at is not None and _services(db, actor_id=world.actor_a.id) == 0


def _people(db):
    return db.session.scalar(select(func.count(Entrepreneur.id)))


def _latest_job(db):
    from red.models import Job

    db.session.expire_all()
    return db.session.scalar(select(Job).order_by(Job.id.desc()).limit(1))


def test_import_all_or_nothing_lists_every_bad_row(client, login_as, db, world):
    """The upload answers with the job's page; the job (immediate in tests) lists every bad
    row with its column and writes nothing."""
    db.session.commit()
    people = _people(db)
    login_as(world.staff_a)
    content = f.workbook(
        f.SERVICE_COLUMNS,
        [
            f.service_row("1090222001"),
            f.service_row("12ab", fecha="31/02/2026"),
            f.service_row("1090222003", tipo_atencion="desconocido"),
            f.service_row("1090222004", consent="no"),
        ],
    )
    response = client.post(
        "/atenciones/importar",
        data={"file": (io.BytesIO(content), "atenciones.xlsx")},
        content_type="multipart/form-data",
    )
    job = _latest_job(db)
    assert response.status_code == 302 and response.headers["Location"] == f"/trabajos/{job.id}"
    page = client.get(f"/trabajos/{job.id}").get_data(as_text=True)
    assert "No se importó ninguna fila" in page
    errors = {(row, column): reason for row, column, reason in job.errors}
    assert "solo lleva dígitos" in errors[(3, "numero_documento")]
    assert "dd/mm/aaaa" in errors[(3, "fecha")]
    assert "Tipo de atención desconocido" in errors[(4, "tipo_atencion")]
    assert "autorización" in errors[(5, "autoriza_datos")]
    assert not [e for e in job.errors if e[0] == 2]
    assert "solo lleva dígitos" in page and "Tipo de atención desconocido" in page
    assert _services(db, actor_id=world.actor_a.id) == 0
    assert _people(db) == people


def test_import_without_consent_for_a_new_person_imports_nothing(client, login_as, db, world):
    people = _people(db)
    db.session.commit()
    login_as(world.staff_a)
    client.post(
        "/atenciones/importar",
        data={
            "file": (
                io.BytesIO(
                    f.workbook(
                        f.SERVICE_COLUMNS,
                        [f.service_row("1090222001"), f.service_row("1090222002", consent="no")],
                    )
                ),
                "a.xlsx",
            )
        },
        content_type="multipart/form-data",
    )
    job = _latest_job(db)
    assert job.status == "failed" and [e[0] for e in job.errors] == [3]
    assert _services(db, actor_id=world.actor_a.id) == 0
    assert _people(db) == people


def test_good_csv_imports_every_row_and_dedupes_people(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    people = _people(db)
    header = ",".join(key for key, _ in service_log.IMPORT_COLUMNS)
    lines = [
        header,
        "13,1090222001,Carla,Importada,,,Municipio de Prueba,02/02/2026,ws-formacion,,2,Ok,si",
        f"13,{ana.doc_number},Ana,Prueba,,,99001,03/02/2026,Formación de prueba,,1,Ok,si",
    ]
    login_as(world.staff_a)
    response = client.post(
        "/atenciones/importar",
        data={"file": (io.BytesIO("\n".join(lines).encode()), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    job = _latest_job(db)
    assert job.status == "done" and job.rows_written == 2
    assert "Se importaron 2 atenciones (1 personas nuevas)." in job.message
    assert _services(db, actor_id=world.actor_a.id) == 2
    assert _people(db) == people + 1


def test_templates_download(client, login_as, db, world):
    db.session.commit()
    login_as(world.staff_a)
    xlsx = client.get("/atenciones/plantilla.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(xlsx.data)).active[1]]
    assert header[:2] == ["tipo_documento", "numero_documento"]
    assert "numero_documento" in client.get("/atenciones/plantilla.csv").get_data(as_text=True)


def test_service_list_has_a_fixed_number_of_queries(client, login_as, db, world, count_queries):
    ana = world.person()
    _log(db, world, ana, program_id=world.program_a.id)
    db.session.commit()
    login_as(world.staff_a)
    client.get("/atenciones")
    with count_queries() as few:
        client.get("/atenciones")
    for i in range(24):
        someone = world.person(f"10903{i:05d}")
        _log(db, world, someone, program_id=world.program_a.id)
    db.session.commit()
    client.get("/atenciones")
    with count_queries() as many:
        assert client.get("/atenciones").status_code == 200
    assert many.count == few.count
