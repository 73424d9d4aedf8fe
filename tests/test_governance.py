"""Bodies, meetings, attendance, actas, attachments and commitments through the pages."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from sqlalchemy import func, select

from red.extensions import db
from red.models import Attendance, Body, Commitment, Meeting, MeetingAttachment
from red.services.governance import active_members
from red.services.periods import local_today
from tests import factories as f


def _nucleo() -> Body:
    return db.session.scalar(select(Body).where(Body.slug == "nucleo"))


def _mesa_of_ccc() -> Body:
    """A test mesa coordinated by the Cámara de Comercio de Cúcuta, with SENA as a member."""
    ccc, sena = f.stored_actor("camara-de-comercio-de-cucuta"), f.stored_actor("sena")
    return f.body([ccc, sena], coordinator=ccc)


def test_bodies_page_lists_nucleo_and_mesas(client, login_as):
    login_as("staff_sena")
    page = client.get("/mesas").get_data(as_text=True)
    assert "Núcleo y mesas de trabajo" in page
    assert _nucleo().name in page
    assert "Mesa de trabajo" in page
    assert client.get("/mesas?tipo=nucleo").get_data(as_text=True).count("/mesas/") >= 1


def test_nucleo_schedules_a_meeting_takes_attendance_and_writes_the_acta(client, login_as):
    login_as("nucleo")
    body = _nucleo()
    response = client.post(
        f"/mesas/{body.slug}/reuniones/nueva",
        data={"held_on": "2026-10-05", "kind": "ordinaria", "place": "Gobernación", "agenda": ""},
    )
    assert "Escriba el orden del día" in response.get_data(as_text=True)
    response = client.post(
        f"/mesas/{body.slug}/reuniones/nueva",
        data={
            "held_on": "2026-10-05",
            "kind": "ordinaria",
            "place": "Gobernación",
            "agenda": "1. Informe",
        },
    )
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting).where(Meeting.body_id == body.id))
    assert meeting.number == 1

    page = client.get(f"/mesas/reuniones/{meeting.id}/asistencia").get_data(as_text=True)
    assert "Asistencia a la reunión 1" in page
    members = active_members(db.session, body, meeting.held_on)
    form = {"version": str(meeting.version_id)}
    for index, member in enumerate(members):
        status = ("asistio", "excusa", "ausente")[index % 3]
        form[f"estado-{member.actor_id}"] = status
        form[f"rol-{member.actor_id}"] = "principal"
        form[f"delegado-{member.actor_id}"] = "Delegada de prueba" if status == "asistio" else ""
    assert client.post(f"/mesas/reuniones/{meeting.id}/asistencia", data=form).status_code == 302
    recorded = db.session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.meeting_id == meeting.id)
    )
    assert recorded == len(members)

    # An attendee without a delegate's name is refused and nothing changes.
    first = members[0].actor_id
    bad = {**form, f"estado-{first}": "asistio", f"delegado-{first}": ""}
    response = client.post(f"/mesas/reuniones/{meeting.id}/asistencia", data=bad)
    assert response.status_code == 422
    assert "nombre del delegado" in response.get_data(as_text=True)

    response = client.post(
        f"/mesas/reuniones/{meeting.id}/editar",
        data={
            "version": str(meeting.version_id),
            "held_on": "2026-10-05",
            "kind": "ordinaria",
            "place": "Gobernación",
            "agenda": "1. Informe",
            "acta": "Se presentó el informe de gestión.",
            "acta_status": "borrador",
        },
    )
    assert response.status_code == 302
    printed = client.get(f"/mesas/reuniones/{meeting.id}/acta").get_data(as_text=True)
    assert "Acta de la reunión n.º 1" in printed
    assert "Se presentó el informe de gestión." in printed
    assert "Delegada de prueba" in printed


def test_a_stale_meeting_edit_is_refused_with_409(client, login_as):
    login_as("nucleo")
    meeting = f.meeting(_nucleo(), date(2026, 10, 5))
    data = {
        "version": str(meeting.version_id),
        "held_on": "2026-10-05",
        "kind": "ordinaria",
        "agenda": "1. Cambiado por mí",
        "acta_status": "pendiente",
    }
    meeting.agenda = "1. Cambiado por otra persona"
    db.session.flush()  # bumps version_id
    response = client.post(f"/mesas/reuniones/{meeting.id}/editar", data=data)
    assert response.status_code == 409
    assert "Otra persona guardó cambios en este registro" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.agenda == "1. Cambiado por otra persona"


def test_only_those_who_run_the_body_schedule_meetings(client, login_as):
    mesa = _mesa_of_ccc()
    login_as("staff_sena")
    assert client.get(f"/mesas/{mesa.slug}/reuniones/nueva").status_code == 403
    login_as("staff_ccc")
    assert client.get(f"/mesas/{mesa.slug}/reuniones/nueva").status_code == 200


def test_attachments_are_limited_stored_and_served_as_downloads(client, login_as):
    login_as("nucleo")
    meeting = f.meeting(_nucleo(), date(2026, 10, 5))
    url = f"/mesas/reuniones/{meeting.id}/adjuntos"
    response = client.post(
        url, data={"file": (BytesIO(b"MZ\x90\x00"), "virus.exe")}, follow_redirects=True
    )
    assert "Tipo de archivo no permitido" in response.get_data(as_text=True)
    response = client.post(
        url, data={"file": (BytesIO(b"no soy un pdf"), "acta.pdf")}, follow_redirects=True
    )
    assert "no corresponde a su extensión" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MeetingAttachment)) == 0

    response = client.post(
        url, data={"file": (BytesIO(b"%PDF-1.4 acta firmada"), "../../Acta 1.pdf")}
    )
    assert response.status_code == 302
    attachment = db.session.scalar(select(MeetingAttachment))
    assert attachment.original_name == "Acta 1.pdf"
    assert attachment.stored_name != attachment.original_name
    download = client.get(f"/mesas/adjuntos/{attachment.id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.data == b"%PDF-1.4 acta firmada"

    big = BytesIO(b"%PDF-" + b"0" * (5 * 1024 * 1024))
    response = client.post(url, data={"file": (big, "grande.pdf")}, follow_redirects=True)
    assert "supera el tamaño máximo" in response.get_data(as_text=True)


def _commitment_for_sena(mesa: Body, due_on: date | None = None) -> Commitment:
    meeting = f.meeting(mesa, local_today() - timedelta(days=20))
    return f.commitment(
        meeting, [f.stored_actor("sena")], due_on or local_today() + timedelta(days=5)
    )


def test_commitment_created_from_a_meeting(client, login_as):
    mesa = _mesa_of_ccc()
    meeting = f.meeting(mesa, local_today() - timedelta(days=1))
    login_as("staff_ccc")
    sena = f.stored_actor("sena")
    response = client.post(
        f"/mesas/reuniones/{meeting.id}/compromisos/nuevo",
        data={
            "description": "Presentar la oferta 2026",
            "due_on": "2020-01-01",
            "actor_ids": [sena.id],
        },
    )
    assert "no puede ser anterior a la reunión" in response.get_data(as_text=True)
    response = client.post(
        f"/mesas/reuniones/{meeting.id}/compromisos/nuevo",
        data={
            "description": "Presentar la oferta 2026",
            "due_on": (local_today() + timedelta(days=30)).isoformat(),
            "actor_ids": [sena.id],
        },
    )
    assert response.status_code == 302
    commitment = db.session.scalar(
        select(Commitment).where(Commitment.description == "Presentar la oferta 2026")
    )
    db.session.refresh(commitment, ["actors"])
    assert [a.slug for a in commitment.actors] == ["sena"]


def test_responsible_staff_report_progress_and_only_coordinator_or_nucleo_verify(client, login_as):
    commitment = _commitment_for_sena(_mesa_of_ccc())
    url = f"/compromisos/{commitment.id}"
    data = {
        "version": str(commitment.version_id),
        "notes": "Se envió el borrador",
        "evidence": "https://ejemplo.co/informe",
    }

    login_as("staff_ccc")  # coordinator, not responsible
    assert client.post(f"{url}/avance", data=data).status_code == 403
    login_as("staff_sena")
    assert client.post(f"{url}/avance", data=data).status_code == 302
    db.session.refresh(commitment)
    assert commitment.status == "en_curso"
    assert "Se envió el borrador" in commitment.progress_notes
    assert "https://ejemplo.co/informe" in commitment.evidence

    verify = {
        "version": str(commitment.version_id),
        "status": "cumplido",
        "completed_on": local_today().isoformat(),
    }
    assert (
        client.post(f"{url}/verificar", data=verify).status_code == 403
    )  # SENA cannot self-verify
    login_as("staff_ccc")
    assert client.post(f"{url}/verificar", data=verify).status_code == 302
    db.session.refresh(commitment)
    assert commitment.status == "cumplido"
    assert commitment.completed_on == local_today()
    assert commitment.verified_by_user_id is not None


def test_a_stale_progress_report_is_refused_and_nothing_written(client, login_as):
    commitment = _commitment_for_sena(_mesa_of_ccc())
    old_version = commitment.version_id
    commitment.description = "Texto cambiado por el coordinador"
    db.session.flush()
    login_as("staff_sena")
    response = client.post(
        f"/compromisos/{commitment.id}/avance",
        data={"version": str(old_version), "notes": "Mi avance"},
    )
    assert response.status_code == 409
    db.session.refresh(commitment)
    assert commitment.progress_notes is None


def test_commitment_filters_and_overdue_is_derived(client, login_as):
    mesa = _mesa_of_ccc()
    overdue = _commitment_for_sena(mesa, local_today() - timedelta(days=2))
    due_today = _commitment_for_sena(mesa, local_today())
    login_as("nucleo")
    page = client.get("/compromisos?estado=vencido").get_data(as_text=True)
    assert f'/compromisos/{overdue.id}"' in page
    assert f'/compromisos/{due_today.id}"' not in page
    assert overdue.status == "pendiente"  # vencido is never stored
    page = client.get(f"/compromisos?mesa={mesa.slug}&actor=sena").get_data(as_text=True)
    assert f'/compromisos/{overdue.id}"' in page and f'/compromisos/{due_today.id}"' in page
    assert "Vencido" in page


def test_staff_never_see_other_actors_commitments(client, login_as):
    other_a, other_b = f.actor(), f.actor()
    mesa = f.body([other_a, other_b], coordinator=other_a)
    foreign = f.commitment(f.meeting(mesa, local_today()), [other_b], local_today())
    login_as("staff_ccc")
    assert f'/compromisos/{foreign.id}"' not in client.get("/compromisos").get_data(as_text=True)
    assert client.get(f"/compromisos/{foreign.id}").status_code == 403
    login_as("nucleo")
    assert f'/compromisos/{foreign.id}"' in client.get("/compromisos").get_data(as_text=True)


def test_commitments_list_runs_the_same_queries_with_few_or_many_rows(
    client, login_as, count_queries
):
    mesa = _mesa_of_ccc()
    login_as("nucleo")
    _commitment_for_sena(mesa)
    client.get("/compromisos")
    db.session.expire_all()
    with count_queries() as few:
        client.get("/compromisos")
    for _ in range(24):
        _commitment_for_sena(mesa)
    db.session.expire_all()
    with count_queries() as many:
        client.get("/compromisos")
    assert few.count == many.count


def test_nucleo_creates_a_mesa_adds_and_withdraws_members(client, login_as):
    login_as("nucleo")
    ccc, sena = f.stored_actor("camara-de-comercio-de-cucuta"), f.stored_actor("sena")
    response = client.post(
        "/mesas/nueva",
        data={
            "name": "Mesa de Economía Popular",
            "description": "",
            "coordinator_actor_id": ccc.id,
        },
    )
    assert response.status_code == 302
    body = db.session.scalar(select(Body).where(Body.name == "Mesa de Economía Popular"))
    assert body.slug == "mesa-de-economia-popular" and body.coordinator_actor_id == ccc.id
    url = f"/mesas/{body.slug}/miembros"
    data = {"actor_id": sena.id, "principal": "Luz Pérez", "alternate": "", "delegation_act": ""}
    assert client.post(url, data=data).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Luz Pérez" in page and "Coordinador" in page
    membership = next(m for m in active_members(db.session, body) if m.actor_id == sena.id)
    confirm = client.get(f"{url}/{membership.id}/retirar").get_data(as_text=True)
    assert "¿Retirar a" in confirm
    assert client.post(f"{url}/{membership.id}/retirar").status_code == 302
    db.session.refresh(membership)
    assert membership.left_on == local_today()  # soft: the row stays
    assert sena.id not in {m.actor_id for m in active_members(db.session, body)}
    coordinator = next(m for m in active_members(db.session, body) if m.actor_id == ccc.id)
    response = client.post(f"{url}/{coordinator.id}/retirar", follow_redirects=True)
    assert "El coordinador no puede retirarse" in response.get_data(as_text=True)


def test_bodies_and_meeting_pages_run_the_same_queries_with_few_or_many_rows(
    client, login_as, count_queries
):
    login_as("nucleo")
    body = _nucleo()
    meeting = f.meeting(body, date(2026, 10, 5))
    members = [m.actor for m in active_members(db.session, body)]
    pages = ["/mesas", f"/mesas/{body.slug}", f"/mesas/reuniones/{meeting.id}"]

    def measure() -> list[int]:
        counts = []
        for path in pages:
            db.session.expire_all()
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            counts.append(counter.count)
        return counts

    # One row of each kind first, so eager loads run in both measurements.
    db.session.add(Attendance(meeting_id=meeting.id, actor_id=members[0].id, status="asistio"))
    f.commitment(meeting, [members[0]], date(2026, 11, 5))
    few = measure()
    for _ in range(12):
        f.body(members[:3])
        f.meeting(body, date(2026, 10, 6))
    for index, member in enumerate(members[1:]):
        status = "asistio" if index % 2 else "ausente"
        db.session.add(Attendance(meeting_id=meeting.id, actor_id=member.id, status=status))
        if index < 10:
            f.commitment(meeting, [member], date(2026, 11, 5))
    db.session.flush()
    assert measure() == few


def test_an_acta_is_approved_at_a_later_session(client, login_as):
    login_as("nucleo")
    body = _nucleo()
    first = f.meeting(body, date(2026, 8, 5))
    second = f.meeting(body, date(2026, 10, 5))
    base = {
        "version": str(first.version_id),
        "held_on": "2026-08-05",
        "kind": "ordinaria",
        "agenda": "1. Informe",
        "acta": "Texto del acta.",
        "acta_status": "aprobada",
    }
    url = f"/mesas/reuniones/{first.id}/editar"
    response = client.post(url, data={**base, "approved_at_meeting_id": str(first.id)})
    assert "sesión posterior" in response.get_data(as_text=True)
    response = client.post(url, data={**base, "approved_at_meeting_id": str(second.id)})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.acta_approved_at_meeting_id == second.id
    printed = client.get(f"/mesas/reuniones/{first.id}/acta").get_data(as_text=True)
    assert "aprobada en la reunión n.º 2 del 05/10/2026" in printed
