"""Notices with files: a meeting convened (members' staff, with the .ics), an acta ready for
approval (with its PDF), an event changed (registered people with an account, new .ics)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from red.extensions import db
from red.models import Notification
from red.services.calendar import local_today
from tests import factories as f
from tests.conftest import user_by_email
from tests.test_notifications import smtp  # noqa: F401

CCC = "camara-de-comercio-de-cucuta"


def _kinds(email: str) -> set[str]:
    user = user_by_email(email)
    return set(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def _files(message) -> dict:
    return {part.get_filename(): part for part in message.iter_attachments()}


def test_meeting_convened_reaches_the_members_with_the_ics(client, login_as, db, smtp):  # noqa: F811
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    mesa = f.body([sena], coordinator=ccc)
    outsider = f.user("actor_staff", f.actor())  # staff of an actor outside the mesa
    db.session.commit()
    login_as("staff_ccc")
    response = client.post(
        f"/mesas/{mesa.slug}/reuniones/nueva",
        data={
            "held_on": "2027-02-10",
            "kind": "ordinaria",
            "place": "Sala 2",
            "agenda": "1. Quórum",
        },
    )
    assert response.status_code == 302
    assert "reunion_convocada" in _kinds("gestor.sena@red.demo")
    assert "reunion_convocada" in _kinds("gestor.ccc@red.demo")  # the coordinator
    assert "reunion_convocada" not in _kinds(outsider.email)
    (message,) = [m for m in smtp.to("gestor.sena@red.demo") if "Convocatoria" in m["Subject"]]
    (ics,) = [p for name, p in _files(message).items() if name.endswith(".ics")]
    (entry,) = Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert entry.decoded("DTSTART") == date(2027, 2, 10) and str(entry["LOCATION"]) == "Sala 2"


def test_acta_ready_sends_the_pdf_once(client, login_as, db, smtp):  # noqa: F811
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    mesa = f.body([ccc, sena], coordinator=ccc)
    meeting = f.meeting(mesa, local_today() - timedelta(days=3), {ccc: "asistio", sena: "asistio"})
    db.session.commit()
    login_as("staff_ccc")

    def save(status: str):
        return client.post(
            f"/mesas/reuniones/{meeting.id}/editar",
            data={
                "version": meeting.version_id,
                "held_on": meeting.held_on.isoformat(),
                "kind": "ordinaria",
                "agenda": "1. Quórum",
                "acta": "Se decidió la feria de diciembre.",
                "acta_status": status,
                "approved_at_meeting_id": "",
            },
        )

    assert save("borrador").status_code == 302
    (message,) = [m for m in smtp.to("gestor.sena@red.demo") if "Acta lista" in m["Subject"]]
    pdf = _files(message)[f"acta-{mesa.slug}-{meeting.number}.pdf"].get_content()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Se decidió la feria de diciembre." in text and "Quórum: 2 de 2" in text
    db.session.refresh(meeting)
    assert save("borrador").status_code == 302  # saved again as a draft: no second notice
    assert len([m for m in smtp.to("gestor.sena@red.demo") if "Acta lista" in m["Subject"]]) == 1


def test_event_change_tells_registered_account_holders(client, login_as, db, smtp):  # noqa: F811
    ccc = f.stored_actor(CCC)
    event = f.event(ccc, starts_on=local_today() + timedelta(days=8), capacity=20)
    person = f.person(actor=ccc)
    account = f.user("entrepreneur", person=person)
    f.register(event, person)
    bystander = f.user("entrepreneur", person=f.person(actor=ccc))
    db.session.commit()
    from red.services.meeting_notices import event_changed

    event.starts_on = local_today() + timedelta(days=15)
    db.session.flush()
    delivery = event_changed(db.session, event)
    db.session.commit()
    assert delivery.notified == [account.id]
    assert "evento_cambiado" not in _kinds(bystander.email)
    (message,) = smtp.to(account.email)
    (ics,) = _files(message).values()
    (entry,) = Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert str(entry["UID"]).startswith(f"evento-{event.id}@")  # same UID: the entry moves
    assert entry.decoded("DTSTART") == event.starts_on
