"""Imports and big exports as jobs: every row checked, all or nothing, the access rule on
every row (a foreign person is an error, never a way in), bulk writes, files for the owner."""

from __future__ import annotations

import hashlib
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from red.models import (
    AuditEntry,
    ConsentRecord,
    Entrepreneur,
    Job,
    JobRow,
    Notification,
    Participation,
    PersonAccess,
    ServiceRecord,
)
from tests import factories as f


@pytest.fixture
def world(db):
    world = f.world()
    db.session.commit()
    return world


def _upload(client, url, content, name="archivo.xlsx", **data):
    response = client.post(
        url,
        data={"file": (io.BytesIO(content), name), **data},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    from red.extensions import db

    db.session.expire_all()
    return db.session.get(Job, job_id)


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _sees(db, actor, someone) -> bool:
    return bool(
        _count(
            db,
            PersonAccess,
            PersonAccess.actor_id == actor.id,
            PersonAccess.entrepreneur_id == someone.id,
        )
    )


# --- services ---------------------------------------------------------------------


def test_a_service_import_writes_every_row_with_one_audit_entry(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    content = f.workbook(
        f.SERVICE_COLUMNS,
        [
            f.service_row(),
            f.service_row(fecha="03/02/2026"),  # the same new person twice: one record
            f.service_row(ana.doc_number, "Ana", "Prueba"),
        ],
    )
    login_as(world.staff_a)
    job = _upload(client, "/atenciones/importar", content)
    assert job.status == "done" and (job.rows_checked, job.rows_written) == (3, 3)
    new = db.session.scalar(select(Entrepreneur).where(Entrepreneur.doc_number == "1090555001"))
    assert new.registered_by_actor_id == world.actor_a.id and new.name_norm == "nueva persona"
    assert _count(db, ServiceRecord, ServiceRecord.actor_id == world.actor_a.id) == 3
    consent = db.session.scalar(
        select(ConsentRecord).where(ConsentRecord.entrepreneur_id == new.id)
    )
    assert consent.channel == "importacion" and consent.actor_id == world.actor_a.id
    assert _sees(db, world.actor_a, new)
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "import", AuditEntry.record_id == f"trabajo:{job.id}"
        )
    )
    assert entry.new_values["filas"] == 3
    assert entry.new_values["sha256"] == hashlib.sha256(content).hexdigest()
    assert _count(db, JobRow, JobRow.job_id == job.id) == 0  # staging emptied
    created = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "create",
            AuditEntry.table_name == "entrepreneurs",
            AuditEntry.record_id == str(new.id),
        )
    )
    assert created.new_values["doc_number"] == "1090555001"
    assert created.user_id == world.staff_a.id and created.actor_id == world.actor_a.id
    notice = db.session.scalar(select(Notification).where(Notification.user_id == world.staff_a.id))
    assert notice.url == f"/trabajos/{job.id}"


def test_bad_rows_are_all_listed_with_column_and_nothing_is_written(client, login_as, db, world):
    people = _count(db, Entrepreneur)
    rows = [f.service_row(f"10905550{i:02d}") for i in range(30)]
    rows[4] = f.service_row("1090555004", horas="30")
    rows[20] = f.service_row("1090555020", municipio="Atlántida")
    login_as(world.staff_a)
    job = _upload(client, "/atenciones/importar", f.workbook(f.SERVICE_COLUMNS, rows))
    assert job.status == "failed" and job.error_count == 2 and job.rows_checked == 30
    assert [(r, c) for r, c, _ in job.errors] == [(6, "horas"), (22, "municipio")]
    assert _count(db, Entrepreneur) == people
    assert _count(db, ServiceRecord, ServiceRecord.actor_id == world.actor_a.id) == 0
    assert _count(db, JobRow, JobRow.job_id == job.id) == 0
    sheet = load_workbook(io.BytesIO(client.get(f"/trabajos/{job.id}/errores.xlsx").data)).active
    assert [c.value for c in sheet[2]] == [6, "horas", "Las horas deben estar entre 0 y 24."]
    login_as(world.staff_b)
    assert client.get(f"/trabajos/{job.id}/errores.xlsx").status_code == 404


def test_solo_revisar_checks_and_writes_nothing(client, login_as, db, world):
    login_as(world.staff_a)
    job = _upload(
        client,
        "/atenciones/importar",
        f.workbook(f.SERVICE_COLUMNS, [f.service_row()]),
        check_only="y",
    )
    assert job.status == "done" and job.check_only and job.rows_written == 0
    assert "solo revisar" in job.message
    assert _count(db, Entrepreneur, Entrepreneur.doc_number == "1090555001") == 0
    assert _count(db, JobRow, JobRow.job_id == job.id) == 0


def test_checking_costs_the_same_queries_for_ten_rows_or_three_hundred(
    client, login_as, db, world, count_queries
):
    login_as(world.staff_a)
    few = f.workbook(f.SERVICE_COLUMNS, [f.service_row(f"10906660{i:02d}") for i in range(10)])
    many = f.workbook(f.SERVICE_COLUMNS, [f.service_row(f"1090667{i:03d}") for i in range(300)])
    with count_queries() as small:
        _upload(client, "/atenciones/importar", few, check_only="y")
    with count_queries() as large:
        _upload(client, "/atenciones/importar", many, check_only="y")
    assert large.count == small.count


def test_a_failure_in_the_final_step_leaves_the_tables_as_they_were(
    client, login_as, db, world, monkeypatch
):
    """The promotion is one transaction: when its last statement fails, the people it had
    created (and their consents, access rows and audit entries) are rolled back with it."""
    from red.jobs import staging

    ana = world.person()
    db.session.commit()
    created = (AuditEntry.table_name == "entrepreneurs", AuditEntry.action == "create")
    people, audits = _count(db, Entrepreneur), _count(db, AuditEntry, *created)
    promote_services = staging.promote_services

    def failing(*args, **kwargs):
        promote_services(*args, **kwargs)
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(staging, "promote_services", failing)
    rows = [f.service_row(f"10905551{i:02d}") for i in range(5)] + [
        f.service_row(ana.doc_number, "Ana", "Prueba")
    ]
    login_as(world.staff_a)
    job = _upload(client, "/atenciones/importar", f.workbook(f.SERVICE_COLUMNS, rows))
    assert job.status == "failed" and "error inesperado" in job.message
    assert _count(db, Entrepreneur) == people
    assert _count(db, ServiceRecord, ServiceRecord.actor_id == world.actor_a.id) == 0
    assert _count(db, ConsentRecord, ConsentRecord.import_job_id == job.id) == 0
    assert _count(db, JobRow, JobRow.job_id == job.id) == 0
    assert _count(db, AuditEntry, *created) == audits
    assert _sees(db, world.actor_a, ana)


def test_an_import_cut_off_before_its_final_step_is_failed_by_the_sweep(
    client, login_as, db, world, monkeypatch
):
    """As if the consumer had died after checking: the job still says "writing", its rows
    are staged, nothing is in the real tables; the sweep fails it and drops the rows."""
    from datetime import timedelta

    from red.jobs import importing, store, tasks
    from red.jobs.registry import Outcome
    from red.models.base import utcnow

    monkeypatch.setattr(importing, "_promote", lambda *a: Outcome("cortado"))
    monkeypatch.setattr(store, "finish", lambda *a, **k: None)
    monkeypatch.setattr(tasks, "_notify", lambda *a: None)
    login_as(world.staff_a)
    job = _upload(client, "/atenciones/importar", f.workbook(f.SERVICE_COLUMNS, [f.service_row()]))
    assert job.status == "writing" and _count(db, JobRow, JobRow.job_id == job.id) == 1
    store.move(db.session, job.id, updated_at=utcnow() - timedelta(minutes=5))
    tasks.sweep_jobs.call_local()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == "failed" and "se interrumpió" in job.message
    assert _count(db, JobRow, JobRow.job_id == job.id) == 0
    assert _count(db, Entrepreneur, Entrepreneur.doc_number == "1090555001") == 0


def test_a_person_the_actor_stops_seeing_while_the_file_is_checked_is_not_written(
    client, login_as, db, world, monkeypatch
):
    """The final step checks again that every known person is still visible to the actor."""
    from sqlalchemy import delete

    from red.jobs.service_import import ServiceImport
    from red.services import person_access

    ana = world.person()
    db.session.commit()
    check = ServiceImport.check_batch
    lost = (PersonAccess.actor_id == world.actor_a.id, PersonAccess.entrepreneur_id == ana.id)

    def losing_access(self, batch):
        errors = check(self, batch)
        self.session.execute(delete(PersonAccess).where(*lost))
        return errors

    monkeypatch.setattr(ServiceImport, "check_batch", losing_access)
    login_as(world.staff_a)
    content = f.workbook(
        f.SERVICE_COLUMNS, [f.service_row(), f.service_row(ana.doc_number, "Ana", "Prueba")]
    )
    job = _upload(client, "/atenciones/importar", content)
    assert job.status == "failed" and "dejó de ver a 1 de las personas" in job.message
    assert _count(db, ServiceRecord, ServiceRecord.entrepreneur_id == ana.id) == 0
    assert _count(db, Entrepreneur, Entrepreneur.doc_number == "1090555001") == 0
    person_access.refresh_people(db.session.connection(), [ana.id])  # as the rule says
    db.session.commit()


def test_a_file_over_the_row_limit_is_refused_before_it_is_read(client, login_as, db, world, app):
    login_as(world.staff_a)
    app.config["IMPORT_MAX_ROWS"] = 5
    try:
        content = f.workbook(
            f.SERVICE_COLUMNS, [f.service_row(f"10906660{i:02d}") for i in range(8)]
        )
        response = client.post(
            "/atenciones/importar",
            data={"file": (io.BytesIO(content), "grande.xlsx")},
            content_type="multipart/form-data",
        )
    finally:
        app.config["IMPORT_MAX_ROWS"] = 200_000
    assert response.status_code == 422
    assert "tiene 8 filas y el máximo de una importación es 5" in response.get_data(as_text=True)
    assert _count(db, Job) == 0


def test_a_csv_over_the_row_limit_is_refused_before_any_row_is_checked(
    client, login_as, db, world, app
):
    header = ",".join(f.SERVICE_COLUMNS)
    lines = [header] + [",".join(f.service_row(f"10906660{i:02d}")) for i in range(8)]
    login_as(world.staff_a)
    app.config["IMPORT_MAX_ROWS"] = 5
    try:
        job = _upload(client, "/atenciones/importar", "\n".join(lines).encode(), "a.csv")
    finally:
        app.config["IMPORT_MAX_ROWS"] = 200_000
    assert job.status == "failed" and job.rows_checked == 0
    assert "tiene 8 filas y el máximo de una importación es 5" in job.errors[0][2]


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_spanish(client, login_as, db, world):
    login_as(world.staff_a)
    response = client.post(
        "/atenciones/importar",
        data={"file": (io.BytesIO(b"hola"), "datos.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "no es un Excel" in response.get_data(as_text=True)


# --- people -----------------------------------------------------------------------

PEOPLE_COLUMNS = [
    "tipo_documento",
    "numero_documento",
    "nombres",
    "apellidos",
    "correo",
    "telefono",
    "municipio",
    "autoriza_datos",
    "fecha_nacimiento",
    "sexo",
    "representante_legal",
]


def _person_row(number, first="Luz", last="Importada", consent="si", born="", rep="", sex="F"):
    return ["13", number, first, last, "", "", "99001", consent, born, sex, rep]


def test_a_people_import_registers_new_people_and_keeps_the_known_ones(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    login_as(world.staff_a)
    job = _upload(
        client,
        "/emprendedores/importar",
        f.workbook(
            PEOPLE_COLUMNS,
            [
                _person_row("1090777001", born="15/05/1990"),
                _person_row(ana.doc_number, "Ana", "Prueba"),
            ],
        ),
    )
    assert job.status == "done", job.errors
    assert "1 nuevas y 1 que ya estaban" in job.message
    luz = db.session.scalar(select(Entrepreneur).where(Entrepreneur.doc_number == "1090777001"))
    assert luz.sex == "F" and luz.birth_date.year == 1990 and _sees(db, world.actor_a, luz)


def test_a_minor_needs_a_legal_representative(client, login_as, db, world):
    login_as(world.staff_a)
    job = _upload(
        client,
        "/emprendedores/importar",
        f.workbook(PEOPLE_COLUMNS, [_person_row("1090777002", born="01/01/2015")]),
    )
    assert job.status == "failed" and job.errors[0][1] == "representante_legal"


def test_a_document_twice_in_one_file_is_an_error_of_its_second_row(client, login_as, db, world):
    login_as(world.staff_a)
    twice = [_person_row("1090777003"), _person_row("1090777003", "Luz", "Otra")]
    job = _upload(client, "/emprendedores/importar", f.workbook(PEOPLE_COLUMNS, twice))
    assert job.status == "failed"
    assert [(e[1], e[2]) for e in job.errors] == [
        ("numero_documento", "Documento repetido en el archivo.")
    ]
    assert _count(db, Entrepreneur, Entrepreneur.doc_number == "1090777003") == 0


def _service_file(doc_number):
    return f.workbook(
        f.SERVICE_COLUMNS, [f.service_row(), f.service_row(doc_number, "Ana", "Prueba")]
    )


def _people_file(doc_number):
    return f.workbook(
        PEOPLE_COLUMNS,
        [_person_row("1090555001", "Nueva", "Persona"), _person_row(doc_number, "Ana", "Prueba")],
    )


@pytest.mark.parametrize(
    ("url", "content"),
    [("/atenciones/importar", _service_file), ("/emprendedores/importar", _people_file)],
    ids=["atenciones", "personas"],
)
def test_a_row_about_another_actors_person_is_an_error_never_a_way_in(
    client, login_as, db, world, url, content
):
    """Attack: staff of B name A's person (right document and names) in an import, next to
    a new person: the row is refused, and nothing at all is written."""
    ana = world.person()
    db.session.commit()
    login_as(world.staff_b)
    job = _upload(client, url, content(ana.doc_number))
    assert job.status == "failed"
    assert [(r, c) for r, c, _ in job.errors] == [(3, "numero_documento")]
    assert "vincúlela primero" in job.errors[0][2]
    assert not _sees(db, world.actor_b, ana)
    assert _count(db, ServiceRecord, ServiceRecord.entrepreneur_id == ana.id) == 0
    assert _count(db, ConsentRecord, ConsentRecord.entrepreneur_id == ana.id) == 1
    assert _count(db, Entrepreneur, Entrepreneur.doc_number == "1090555001") == 0
    assert _count(db, JobRow, JobRow.job_id == job.id) == 0


# --- event attendance -------------------------------------------------------------

ATTENDANCE = [
    "tipo_documento",
    "numero_documento",
    "asistio",
    "hora_ingreso",
    "ventas_cop",
    "contactos",
    "negocios",
]


@pytest.fixture
def fair(db):
    organizer = f.ccc()
    event = f.event(organizer)
    came = f.person(actor=organizer)
    absent = f.person(actor=organizer)
    f.register(event, came)
    f.register(event, absent)
    other_event = f.event(f.actor())
    stranger = f.person()
    f.register(other_event, stranger)
    db.session.commit()
    return {"event": event, "came": came, "absent": absent, "stranger": stranger}


def test_an_attendance_sheet_marks_registrations_by_document(client, login_as, db, fair):
    came, absent = fair["came"], fair["absent"]
    login_as("staff_ccc")
    job = _upload(
        client,
        f"/eventos/{fair['event'].slug}/asistencia/importar",
        f.workbook(
            ATTENDANCE,
            [
                ["13", came.doc_number, "si", "10/11/2026 08:30", "1.500.000", "3", "1"],
                ["13", absent.doc_number, "no", "", "", "", ""],
            ],
        ),
    )
    assert job.status == "done", job.errors
    status = dict(
        db.session.execute(
            select(Participation.entrepreneur_id, Participation.status).where(
                Participation.event_id == fair["event"].id
            )
        ).all()
    )
    assert status == {came.id: "asistio", absent.id: "no_asistio"}
    sale = db.session.scalar(select(Participation).where(Participation.entrepreneur_id == came.id))
    assert sale.sales_cop == 1_500_000 and sale.checked_in_at is not None


def test_an_attendance_row_for_someone_not_registered_is_an_error_never_a_way_in(
    client, login_as, db, fair
):
    """Attack: the organiser lists a person of another event (whom CCC does not see)."""
    stranger = fair["stranger"]
    login_as("staff_ccc")
    job = _upload(
        client,
        f"/eventos/{fair['event'].slug}/asistencia/importar",
        f.workbook(
            ATTENDANCE,
            [
                ["13", fair["came"].doc_number, "si", "", "", "", ""],
                ["13", stranger.doc_number, "si", "", "", "", ""],
            ],
        ),
    )
    assert job.status == "failed"
    assert [(r, c) for r, c, _ in job.errors] == [(3, "numero_documento")]
    assert "No hay una inscripción" in job.errors[0][2]
    assert _count(db, Participation, Participation.entrepreneur_id == stranger.id) == 1
    ccc = f.ccc()
    assert not _sees(db, ccc, stranger)
    came = db.session.scalar(
        select(Participation).where(Participation.entrepreneur_id == fair["came"].id)
    )
    assert came.status == "inscrito"  # all or nothing


def test_an_attendance_row_with_a_wrong_document_type_is_reported_on_the_type(
    client, login_as, db, fair
):
    """The sheet's own column is named, as in the people import: the number may be right."""
    login_as("staff_ccc")
    job = _upload(
        client,
        f"/eventos/{fair['event'].slug}/asistencia/importar",
        f.workbook(ATTENDANCE, [["99", fair["came"].doc_number, "si", "", "", "", ""]]),
    )
    assert job.status == "failed"
    assert [(r, c) for r, c, _ in job.errors] == [(2, "tipo_documento")]
    assert "tipo de documento" in job.errors[0][2]


def test_only_the_events_organisers_import_its_attendance(client, login_as, db, fair):
    login_as("staff_sena")
    assert client.get(f"/eventos/{fair['event'].slug}/asistencia/importar").status_code == 403


# --- exports ----------------------------------------------------------------------


def test_a_big_service_export_is_a_job_only_its_owner_downloads(client, login_as, db, world, app):
    ana = world.person()
    bea = world.person("1090111333", actor=world.actor_b, first="Bea")
    from tests.test_services_log_workspace import _log

    _log(db, world, ana, outcome="=HYPERLINK(1)")
    _log(db, world, bea, actor=world.actor_b)
    db.session.commit()
    login_as(world.staff_a)
    app.config["EXPORT_INLINE_ROWS"] = 0
    try:
        offer = client.get("/atenciones/exportar")
        assert offer.status_code == 200 and "Preparar la exportación" in offer.get_data(
            as_text=True
        )
        response = client.post("/atenciones/exportar")
    finally:
        app.config["EXPORT_INLINE_ROWS"] = 5_000
    assert response.status_code == 302
    job = db.session.get(Job, int(response.headers["Location"].rsplit("/", 1)[1]))
    db.session.refresh(job)
    assert job.status == "done" and job.rows_written == 1
    download = client.get(f"/trabajos/{job.id}/descarga")
    sheet = load_workbook(io.BytesIO(download.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 1 and values[0][4] == "Ana Prueba" and values[0][9] == "'=HYPERLINK(1)"
    login_as(world.staff_b)
    assert client.get(f"/trabajos/{job.id}/descarga").status_code == 404
    login_as(world.admin)
    assert client.get(f"/trabajos/{job.id}/descarga").status_code == 200


def test_the_registry_export_holds_only_the_people_the_owner_sees(client, login_as, db, world):
    ana = world.person()
    bea = world.person("1090111333", actor=world.actor_b, first="Bea")
    db.session.commit()
    login_as(world.staff_b)
    response = client.post("/emprendedores/exportar")
    job = db.session.get(Job, int(response.headers["Location"].rsplit("/", 1)[1]))
    db.session.refresh(job)
    sheet = load_workbook(io.BytesIO(client.get(f"/trabajos/{job.id}/descarga").data)).active
    documents = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert bea.doc_number in documents and ana.doc_number not in documents
    login_as(world.staff_a)
    assert client.get(f"/trabajos/{job.id}/descarga").status_code == 404
