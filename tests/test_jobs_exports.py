"""Big exports of an event's participants and of the audit log as jobs: above
EXPORT_INLINE_ROWS the GET offers a job and the POST starts it; the file is streamed, its
cells neutralised against formula injection, and only its owner (and admins) see the job and
download it. Below the limit the file comes at once."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from red.models import AuditEntry, Job
from tests import factories as f


@pytest.fixture
def fair(db):
    organizer = f.ccc()
    event = f.event(organizer)
    came = f.person("=HYPERLINK(1)", actor=organizer)
    f.register(event, came)
    f.register(event, f.person(actor=organizer))
    db.session.commit()
    return event


@pytest.fixture
def small_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_INLINE_ROWS", 1)


def _job_of(db, response) -> Job:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    job = db.session.get(Job, int(response.headers["Location"].rsplit("/", 1)[1]))
    db.session.refresh(job)
    return job


def _sheet(response, title=None):
    book = load_workbook(io.BytesIO(response.data))
    sheet = book[title] if title else book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_a_big_participants_export_is_a_job_only_its_owner_downloads(
    client, login_as, db, fair, small_limit
):
    url = f"/eventos/{fair.slug}/participantes/exportar"
    login_as("staff_ccc")
    offer = client.get(url)
    assert offer.status_code == 200 and "Preparar la exportación" in offer.get_data(as_text=True)
    assert "2 inscripciones" in offer.get_data(as_text=True)
    job = _job_of(db, client.post(url))
    assert job.status == "done" and job.rows_written == 2 and job.kind == "participants_export"
    rows = _sheet(client.get(f"/trabajos/{job.id}/descarga"), "Participantes")
    assert len(rows) == 2 and "'=HYPERLINK(1)" in [r[2] for r in rows]
    login_as("admin")
    assert client.get(f"/trabajos/{job.id}/descarga").status_code == 200


def test_another_actors_staff_can_neither_start_nor_see_a_participants_export(
    client, login_as, db, fair, small_limit
):
    """Attack: SENA's staff ask for CCC's event export, then try CCC's job and its file."""
    url = f"/eventos/{fair.slug}/participantes/exportar"
    login_as("staff_sena")
    jobs = db.session.scalar(select(Job.id).order_by(Job.id.desc()).limit(1))
    assert client.post(url).status_code == 403
    assert db.session.scalar(select(Job.id).order_by(Job.id.desc()).limit(1)) == jobs
    login_as("staff_ccc")
    job = _job_of(db, client.post(url))
    login_as("staff_sena")
    for path in ("", "/estado", "/descarga"):
        assert client.get(f"/trabajos/{job.id}{path}").status_code == 404
    assert f"/trabajos/{job.id}" not in client.get("/trabajos").get_data(as_text=True)


def test_the_event_export_link_leads_to_the_job_above_the_limit(
    client, login_as, db, fair, small_limit
):
    login_as("staff_ccc")
    response = client.get(f"/eventos/{fair.slug}/exportar.xlsx")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/eventos/{fair.slug}/participantes/exportar")


def test_a_small_participants_export_comes_at_once(client, login_as, db, fair):
    login_as("staff_ccc")
    response = client.get(f"/eventos/{fair.slug}/participantes/exportar")
    assert response.status_code == 200 and len(_sheet(response, "Participantes")) == 2


def test_a_big_audit_export_is_a_job_for_admins_only(client, login_as, db, fair, small_limit):
    db.session.add(
        AuditEntry(action="update", table_name="actors", record_id="=1+1", new_values={"name": "X"})
    )
    db.session.commit()
    login_as("staff_ccc")
    assert client.get("/auditoria/exportar").status_code == 403
    assert client.post("/auditoria/exportar").status_code == 403
    login_as("admin")
    job = _job_of(db, client.post("/auditoria/exportar?table=actors"))
    assert job.status == "done" and job.kind == "audit_export" and job.rows_written >= 1
    rows = _sheet(client.get(f"/trabajos/{job.id}/descarga"))
    assert {r[3] for r in rows} == {"Actores"}  # the filter held
    assert any(r[4] == "'=1+1" and r[5] == "name: X" for r in rows)
    login_as("staff_ccc")
    assert client.get(f"/trabajos/{job.id}/descarga").status_code == 404
    assert client.get(f"/trabajos/{job.id}").status_code == 404
