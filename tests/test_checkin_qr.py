"""QR check-in: the pass's QR decodes (OpenCV) to the check-in URL, which opens the one-tap
confirmation for the organiser's staff only; wrong, foreign and reused codes say so; a typed
code works too; the confirmation e-mail carries the QR and the .ics."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import cv2
import numpy as np
from icalendar import Calendar
from sqlalchemy import select

from red.models import Actor, Entrepreneur, Participation
from red.services import checkin
from red.services.calendar import local_today
from red.services.notifications import notify, users
from tests import factories as f
from tests.conftest import user_by_email
from tests.test_notifications import smtp  # noqa: F401

CCC = "camara-de-comercio-de-cucuta"


def _registration(db):
    ccc = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    event = f.event(ccc, starts_on=local_today() + timedelta(days=3))
    person = f.person("Yolanda", "Código Prueba", actor=ccc)
    participation = f.register(event, person)
    db.session.commit()
    return event, participation


def _decode(png: bytes) -> str:
    """What a phone's scanner reads. OpenCV's classic detector misses about one valid code in
    two hundred (the test's result then hung on the registration's id); its ArUco-based
    detector reads those, so a code counts as readable when either reads it."""
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    if not text:
        text, _points, _ = cv2.QRCodeDetectorAruco().detectAndDecode(image)
    return text


def test_codes_are_signed():
    code = checkin.checkin_code(42)
    assert checkin.participation_id_from_code(code) == 42
    assert checkin.participation_id_from_code(code.lower()) == 42  # typed in lower case
    assert checkin.participation_id_from_code("43-" + code.split("-")[1]) is None
    assert checkin.participation_id_from_code("42-AAAAAA") in (None, 42)
    for junk in ("", "abc", "-", "42", "99999999999999-ABCDEF"):
        assert checkin.participation_id_from_code(junk) is None


def test_scanned_qr_opens_the_check_in_and_one_tap_confirms(client, login_as, db):
    event, participation = _registration(db)
    url = checkin.checkin_url(event.slug, participation.id)
    decoded = _decode(checkin.qr_png(url))
    assert decoded == url
    path = urlsplit(decoded).path
    login_as("staff_ccc")
    page = client.get(path).get_data(as_text=True)
    assert "Yolanda Código Prueba" in page and "Confirmar ingreso" in page
    action = f"/eventos/{event.slug}/ingreso/{participation.id}"
    assert f'action="{action}"' in page
    assert client.post(action).status_code == 302
    db.session.refresh(participation)
    assert participation.status == "asistio" and participation.checked_in_at is not None
    again = client.get(path).get_data(as_text=True)
    assert "Este código ya se usó" in again and "Confirmar ingreso" not in again


def test_wrong_foreign_and_typed_codes(client, login_as, db):
    event, participation = _registration(db)
    other, foreign = _registration(db)
    login_as("staff_ccc")
    wrong = client.get(f"/eventos/{event.slug}/ingreso/codigo/{participation.id}-ZZZZZZ")
    assert wrong.status_code == 404
    assert "no corresponde a ninguna inscripción de este evento" in wrong.get_data(as_text=True)
    cross = client.get(f"/eventos/{event.slug}/ingreso/codigo/{checkin.checkin_code(foreign.id)}")
    assert cross.status_code == 404  # another event's pass does not open this door
    typed = client.get(
        f"/eventos/{event.slug}/ingreso/codigo",
        query_string={"codigo": checkin.checkin_code(participation.id).lower()},
    )
    assert typed.status_code == 200 and "Confirmar ingreso" in typed.get_data(as_text=True)
    login_as("staff_sena")  # not an organiser
    refused = client.get(
        f"/eventos/{event.slug}/ingreso/codigo/{checkin.checkin_code(participation.id)}"
    )
    assert refused.status_code == 403


def test_the_pass_shows_the_qr_without_the_person(client, db):
    event, participation = _registration(db)
    code = checkin.checkin_code(participation.id)
    page = client.get(f"/eventos/{event.slug}/pase/{code}").get_data(as_text=True)
    assert "<svg" in page and code in page
    assert "Yolanda" not in page  # the link may be forwarded: it names no one
    assert client.get(f"/eventos/{event.slug}/pase/{participation.id}-XXXXXX").status_code == 404


def test_confirmation_email_carries_the_qr_and_the_ics(db, smtp):  # noqa: F811
    event, participation = _registration(db)
    account = f.user(
        "entrepreneur", person=db.session.get(Entrepreneur, participation.entrepreneur_id)
    )
    account.email = "yolanda@codigo.test"
    db.session.commit()
    notify(db.session, "inscripcion_confirmada", users(account.id), participation)
    db.session.commit()
    (message,) = smtp.to("yolanda@codigo.test")
    files = {part.get_filename(): part for part in message.iter_attachments()}
    png = files["ingreso.png"].get_content()
    assert _decode(png) == checkin.checkin_url(event.slug, participation.id)
    calendar = Calendar.from_ical(files[f"evento-{event.slug}.ics"].get_content())
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == event.name
    assert checkin.checkin_code(participation.id) in message.get_body(("plain",)).get_content()
    assert db.session.get(Participation, participation.id) is not None
    assert user_by_email("yolanda@codigo.test") is not None
