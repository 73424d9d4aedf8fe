"""Deleting an event: only one nobody registered for, after confirmation, by its organisers."""

from __future__ import annotations

from sqlalchemy import select

from red.models import AuditEntry, Event
from tests import factories as f


def test_organiser_deletes_an_event_created_by_mistake(client, login_as, db):
    actor = f.actor()
    staff = f.user("actor_staff", actor)
    event = f.event(actor, name="Feria duplicada por error")
    db.session.commit()
    login_as(staff)
    confirm = client.get(f"/eventos/{event.slug}/eliminar")
    assert confirm.status_code == 200 and "¿Eliminar el evento" in confirm.get_data(as_text=True)
    assert db.session.get(Event, event.id) is not None  # the GET changed nothing
    done = client.post(
        f"/eventos/{event.slug}/eliminar", data={"version": event.version_id}, follow_redirects=True
    )
    assert "Se eliminó el evento «Feria duplicada por error»" in done.get_data(as_text=True)
    event_id = event.id
    db.session.expire_all()
    assert db.session.get(Event, event_id) is None
    logged = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.table_name == "events",
            AuditEntry.record_id == str(event_id),
            AuditEntry.action == "delete",
        )
    )
    assert logged is not None and logged.user_id == staff.id


def test_an_event_with_registrations_cannot_be_deleted(client, login_as, db):
    actor = f.actor()
    staff = f.user("actor_staff", actor)
    event = f.event(actor)
    f.register(event, f.person())
    db.session.commit()
    login_as(staff)
    refused = client.post(f"/eventos/{event.slug}/eliminar", data={"version": event.version_id})
    assert refused.status_code == 422
    assert "no se puede eliminar" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id) is not None


def test_stale_confirmation_and_other_actors_are_refused(client, login_as, db):
    actor, other = f.actor(), f.actor()
    event = f.event(actor)
    outsider = f.user("actor_staff", other)
    staff = f.user("actor_staff", actor)
    db.session.commit()
    login_as(outsider)
    assert client.get(f"/eventos/{event.slug}/eliminar").status_code == 403
    assert (
        client.post(
            f"/eventos/{event.slug}/eliminar", data={"version": event.version_id}
        ).status_code
        == 403
    )
    login_as(staff)
    stale = client.post(f"/eventos/{event.slug}/eliminar", data={"version": "0"})
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(Event, event.id) is not None
