"""Calendars: the .ics of an event and of a meeting, parsed back with icalendar, and the
private feed per user (its entries, stable UIDs, revocation)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from icalendar import Calendar

from red.services.calendar import local_today
from tests import factories as f

CCC = "camara-de-comercio-de-cucuta"


def _entries(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Bogota"
    return {str(c["UID"]): c for c in calendar.walk("VEVENT")}


def test_event_ics_parses_back_and_keeps_its_uid(client, db):
    event = f.event(
        f.stored_actor(CCC), starts_on=date(2027, 3, 10), ends_on=date(2027, 3, 12), venue="Cenfer"
    )
    db.session.commit()
    response = client.get(f"/eventos/{event.slug}/calendario.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert f'filename="evento-{event.slug}.ics"' in response.headers["Content-Disposition"]
    ((uid, entry),) = _entries(response.data).items()
    assert uid.startswith(f"evento-{event.id}@")
    assert str(entry["SUMMARY"]) == event.name and "Cenfer" in str(entry["LOCATION"])
    assert entry.decoded("DTSTART") == date(2027, 3, 10)
    assert entry.decoded("DTEND") == date(2027, 3, 13)  # all-day: the day after the last
    first_sequence = int(entry["SEQUENCE"])
    event.name = "Feria renombrada"
    db.session.commit()
    ((again, changed),) = _entries(client.get(f"/eventos/{event.slug}/calendario.ics").data).items()
    assert again == uid and str(changed["SUMMARY"]) == "Feria renombrada"
    assert int(changed["SEQUENCE"]) > first_sequence


def test_meeting_ics(client, login_as, db):
    mesa = f.body([f.stored_actor(CCC)])
    meeting = f.meeting(mesa, date(2027, 2, 4))
    meeting.place = "Gobernación, salón Mercedes Ábrego"
    db.session.commit()
    login_as("staff_sena")
    response = client.get(f"/mesas/reuniones/{meeting.id}/calendario.ics")
    ((uid, entry),) = _entries(response.data).items()
    assert uid.startswith(f"reunion-{meeting.id}@")
    assert mesa.name in str(entry["SUMMARY"]) and entry.decoded("DTSTART") == date(2027, 2, 4)
    assert "Mercedes Ábrego" in str(entry["LOCATION"])


def _new_feed(client) -> str:
    page = client.post("/cuenta/calendario", data={"accion": "nueva"}).get_data(as_text=True)
    return re.search(r'value="http://[^/"]+(/calendario/[^"]+\.ics)"', page)[1]


def test_private_feed_has_the_actors_entries_only(client, login_as, db):
    today = local_today()
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    ours = f.event(ccc, starts_on=today + timedelta(days=5))
    theirs = f.event(sena, starts_on=today + timedelta(days=5))
    mesa = f.body([ccc, sena])
    meeting = f.meeting(mesa, today + timedelta(days=7))
    owed = f.commitment(meeting, [ccc], today + timedelta(days=9))
    foreign = f.commitment(meeting, [sena], today + timedelta(days=9))
    db.session.commit()
    login_as("staff_ccc")
    path = _new_feed(client)
    client.post("/logout")
    feed = client.get(path)  # a calendar app sends no cookie
    assert feed.status_code == 200
    uids = set(_entries(feed.data))
    assert any(u.startswith(f"evento-{ours.id}@") for u in uids)
    assert not any(u.startswith(f"evento-{theirs.id}@") for u in uids)
    assert any(u.startswith(f"reunion-{meeting.id}@") for u in uids)
    assert any(u.startswith(f"compromiso-{owed.id}@") for u in uids)
    assert not any(u.startswith(f"compromiso-{foreign.id}@") for u in uids)
    owed.status = "cancelado"
    db.session.commit()
    entries = _entries(client.get(path).data)
    cancelled = next(e for u, e in entries.items() if u.startswith(f"compromiso-{owed.id}@"))
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_feed_address_is_revocable(client, login_as, db):
    login_as("staff_ccc")
    first = _new_feed(client)
    assert client.get(first).status_code == 200
    second = _new_feed(client)
    assert client.get(first).status_code == 404  # a new address revokes the old
    assert client.get(second).status_code == 200
    page = client.post("/cuenta/calendario", data={"accion": "revocar"})
    assert "Se revocó" in page.get_data(as_text=True)
    assert client.get(second).status_code == 404
    assert client.get("/calendario/inventado.ics").status_code == 404
