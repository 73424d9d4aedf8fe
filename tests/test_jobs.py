"""The job system: Huey chosen by the environment, jobs run in immediate mode in tests, the
job page and its JSON status only for the owner, failures and interruptions end clearly."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey
from sqlalchemy import select

from red.jobs import huey, make_huey, store, tasks
from red.models import Job, Notification
from red.models.base import utcnow
from tests.conftest import user_by_email


def test_huey_is_sqlite_in_instance_by_default_and_redis_with_redis_url(tmp_path):
    embedded = make_huey({"HUEY_SQLITE_PATH": str(tmp_path / "cola" / "huey.db")})
    assert isinstance(embedded, SqliteHuey)
    assert (tmp_path / "cola" / "huey.db").exists()
    assert isinstance(make_huey({"REDIS_URL": "redis://127.0.0.1:6379/3"}), RedisHuey)


def test_tests_run_jobs_immediately():
    assert huey.immediate


@pytest.fixture
def fake_kind(monkeypatch):
    """A handler for one kind that counts three rows, or raises when told to."""
    calls = {"raise": False}

    def handler(session, job, report):
        if calls["raise"]:
            raise RuntimeError("boom")
        report(rows_total=3, rows_checked=3)
        report(status="writing", rows_written=3)
        return tasks.Outcome("Se exportaron 3 filas.")

    monkeypatch.setitem(tasks.HANDLERS, "services_export", handler)
    return calls


def _job(db, email="gestor.ccc@red.demo"):
    user = user_by_email(email)
    job = store.create_job(db.session, user=user, kind="services_export")
    db.session.commit()
    return user, job


def test_a_job_runs_reports_progress_and_tells_its_owner(db, fake_kind, client, login_as):
    user, job = _job(db)
    store.enqueue(job)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.rows_checked, job.rows_written) == ("done", 3, 3)
    assert store.state(job)["percent"] == 100
    assert job.started_at and job.finished_at
    notice = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert notice.url == f"/trabajos/{job.id}" and "terminó" in notice.title
    login_as("staff_ccc")
    page = client.get(f"/trabajos/{job.id}").get_data(as_text=True)
    assert "Se exportaron 3 filas." in page and 'value="100"' in page
    state = client.get(f"/trabajos/{job.id}/estado").get_json()
    assert state["status"] == "done" and state["rows_written"] == 3 and not state["running"]
    assert f"/trabajos/{job.id}" in client.get("/trabajos").get_data(as_text=True)


def test_a_running_job_page_polls_and_has_a_plain_refresh_link(db, client, login_as):
    _, job = _job(db)  # never enqueued: stays queued
    login_as("staff_ccc")
    page = client.get(f"/trabajos/{job.id}").get_data(as_text=True)
    assert f'data-status-url="/trabajos/{job.id}/estado"' in page
    assert "js/jobs.js" in page and f'href="/trabajos/{job.id}">Actualizar' in page


def test_only_the_owner_and_admins_see_a_job(db, client, login_as):
    _, job = _job(db)
    for other in ("actor_admin_ccc", "staff_sena", "nucleo"):
        login_as(other)
        assert client.get(f"/trabajos/{job.id}").status_code == 404
        assert client.get(f"/trabajos/{job.id}/estado").status_code == 404
        assert f"/trabajos/{job.id}" not in client.get("/trabajos").get_data(as_text=True)
    login_as("admin")
    assert client.get(f"/trabajos/{job.id}").status_code == 200


def test_a_handler_that_raises_ends_failed_in_spanish_and_can_be_retried(
    db, fake_kind, client, login_as
):
    fake_kind["raise"] = True
    _, job = _job(db)
    store.enqueue(job)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == "failed" and "error inesperado" in job.message
    fake_kind["raise"] = False
    login_as("staff_ccc")
    assert "Reintentar" in client.get(f"/trabajos/{job.id}").get_data(as_text=True)
    assert client.post(f"/trabajos/{job.id}/reintentar").status_code == 302
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "done"


def test_interrupted_jobs_are_marked_failed_and_old_files_removed(db, tmp_path):
    _, job = _job(db)
    stale = utcnow() - timedelta(minutes=10)
    output = tmp_path / "vieja.xlsx"
    output.write_bytes(b"x")
    store.move(db.session, job.id, status="writing", updated_at=stale)
    _, fresh = _job(db)
    store.move(db.session, fresh.id, status="writing")
    assert store.fail_interrupted(db.session) == [job.id]
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "failed"
    assert "se interrumpió" in db.session.get(Job, job.id).message
    assert db.session.get(Job, fresh.id).status == "writing"
    store.move(
        db.session, job.id, finished_at=utcnow() - timedelta(days=2), output_path=str(output)
    )
    assert store.remove_old_files(db.session) == 1
    assert not Path(output).exists()
    db.session.expire_all()
    assert db.session.get(Job, job.id).output_path is None


def test_an_upload_is_refused_past_the_limit_before_it_is_read_whole(app):
    import io

    with app.app_context():
        with pytest.raises(store.JobError, match="tamaño máximo de 1 MB"):
            store.store_stream(io.BytesIO(b"x" * (3 * 1024 * 1024)), "xlsx", 1024 * 1024)


def test_two_jobs_on_one_actors_data_never_run_at_once(db, fake_kind):
    """While a job of the actor holds the lock, another waits in the queue (Huey retries
    it later) instead of running beside it."""
    _, job = _job(db)
    with huey.lock_task(tasks.lock_name(job)):
        store.enqueue(job)
        db.session.expire_all()
        assert db.session.get(Job, job.id).status == "queued"
    store.enqueue(job)  # lock released: it runs
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "done"
