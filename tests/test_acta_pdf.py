"""The acta as a PDF: its text, read back with pypdf, matches the meeting's data."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select

from red.models import Actor, Attendance
from tests import factories as f

CCC = "camara-de-comercio-de-cucuta"


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_acta_pdf_carries_the_meetings_data(client, login_as, db):
    ccc = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    sena = db.session.scalar(select(Actor).where(Actor.slug == "sena"))
    third = f.actor("Corporación Tercera Ñandú")
    mesa = f.body([ccc, sena, third], coordinator=ccc)
    meeting = f.meeting(
        mesa, date(2026, 11, 17), {ccc: "asistio", sena: "asistio", third: "ausente"}
    )
    meeting.place = "Cámara de Comercio, salón Álamos"
    meeting.agenda = "1. Verificación del quórum\n2. Feria de diciembre"
    meeting.acta = "Se aprobó la feria “Navidad en la frontera” — decisión unánime."
    meeting.acta_status = "borrador"
    delegate = db.session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.actor_id == ccc.id)
    )
    delegate.delegate_name, delegate.delegate_role = "María Peña", "principal"
    f.commitment(meeting, [sena], date(2026, 12, 15))
    db.session.commit()
    login_as("staff_sena")
    response = client.get(f"/mesas/reuniones/{meeting.id}/acta.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert f'filename="acta-{mesa.slug}-{meeting.number}.pdf"' in disposition
    text = _text(response.data)
    assert f"{mesa.name} - Acta de la reunión n.º {meeting.number}" in text
    assert "17/11/2026" in text and "salón Álamos" in text
    assert "Quórum: 2 de 3 miembros asistieron (hubo quórum)." in text
    assert "Estado del acta: Borrador" in text
    for line in (ccc.name, sena.name, "Corporación Tercera Ñandú", "María Peña (principal)"):
        assert line in text.replace("\n", " ") or line in text
    assert "Feria de diciembre" in text
    assert '"Navidad en la frontera" - decisión unánime' in text
    assert "Compromiso de prueba" in text and "15/12/2026" in text
