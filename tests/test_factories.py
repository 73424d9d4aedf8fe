"""Every builder of tests/factories.py makes a valid record with its defaults alone (the
database's constraints accept it), so a test names only what it is about."""

from __future__ import annotations

from datetime import date

from red.permissions.people import can_see_person
from tests import factories as f


def test_each_builder_makes_a_valid_record_with_its_defaults(db):
    actor = f.actor()
    person = f.person()
    event = f.event(actor)
    body = f.body([actor], coordinator=actor)
    meeting = f.meeting(body, date(2026, 10, 5), {actor: "asistio"})
    records = [
        actor,
        person,
        f.program(),
        f.service(actor, date(2026, 10, 6)),
        f.referral(actor, date(2026, 10, 9)),
        event,
        f.register(event, person),
        body,
        meeting,
        f.commitment(meeting, [actor], date(2026, 10, 30)),
        f.municipality(),
        f.stage(),
        f.service_type(),
        f.sector(),
        f.chain(),
        f.population(),
        *(f.user(role, actor) for role in ("actor_staff", "actor_admin")),
        *(f.user(role) for role in ("admin", "nucleo")),
        f.user("entrepreneur", person=person),
    ]
    db.session.flush()
    assert all(getattr(r, "id", None) or getattr(r, "code", None) for r in records)


def test_a_person_with_access_is_seen_by_the_actor_and_nobody_else(db):
    ours, theirs = f.actor(), f.actor()
    someone = f.person_with_access(ours)
    db.session.flush()
    assert can_see_person(db.session, f.user("actor_staff", ours), someone)
    assert not can_see_person(db.session, f.user("actor_staff", theirs), someone)
