"""The reminders' tick is a periodic task of the job system and does what `flask red tick`
does, once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from red.jobs import TASK_MODULES, huey
from red.jobs.reminders import reminders_tick
from red.models import Notification
from red.services.calendar import local_today
from tests import factories as f
from tests.test_notifications import CCC


def test_the_tick_is_a_periodic_task_every_quarter_hour():
    assert "red.jobs.reminders" in TASK_MODULES  # the consumer imports it
    due = {task.name for task in huey.read_periodic(datetime(2026, 12, 3, 10, 15))}
    assert "reminders_tick" in due
    later = {task.name for task in huey.read_periodic(datetime(2026, 12, 3, 10, 16))}
    assert "reminders_tick" not in later


def test_the_periodic_tick_sends_once(db):
    late = f.referral(f.stored_actor(CCC), local_today() - timedelta(days=2))
    db.session.commit()
    reminders_tick.call_local()
    key = f"remision_vencida:{late.id}:{late.response_due_on.isoformat()}"
    count = select(func.count(Notification.id)).where(Notification.key == key)
    first = db.session.scalar(count)
    assert first >= 1
    reminders_tick.call_local()
    assert db.session.scalar(count) == first


def test_home_shows_own_jobs_and_the_admin_failed_ones(client, login_as, db):
    import re

    from red.models import Job
    from tests.conftest import user_by_email

    gestor = user_by_email("gestor.ccc@red.demo")
    failed = Job(
        user_id=gestor.id, actor_id=gestor.actor_id, kind="service_import", status="failed"
    )
    db.session.add(failed)
    db.session.commit()

    def counts(page):
        found = re.findall(r'id="bloque-([a-z_]+)">.*?data-count="(\d+)"', page, flags=re.S)
        return {key: int(value) for key, value in found}

    login_as("staff_ccc")
    page = client.get("/inicio").get_data(as_text=True)
    assert counts(page)["trabajos"] == 1 and f"/trabajos/{failed.id}" in page
    login_as("staff_sena")
    assert counts(client.get("/inicio").get_data(as_text=True))["trabajos"] == 0
    login_as("admin")
    page = client.get("/inicio").get_data(as_text=True)
    assert counts(page)["trabajos_fallidos"] >= 1 and f"/trabajos/{failed.id}" in page
