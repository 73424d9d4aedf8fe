"""The consumer's side: run one job by its kind, tell its owner how it ended, sweep old ones.

Each kind of job is a handler registered with @handles(kind) (red/jobs/registry.py).
Whatever a handler raises, the job ends `failed` with a Spanish message, never stuck.
"""

from __future__ import annotations

import logging
from typing import Any

from huey import crontab
from huey.exceptions import TaskLockedException

from red.jobs import app_periodic_task, app_task, huey, in_app_context, store
from red.jobs.registry import HANDLERS, Outcome, handles  # noqa: F401  (handles: re-exported)

log = logging.getLogger(__name__)

UNEXPECTED = (
    "El trabajo falló por un error inesperado y no guardó nada. El equipo técnico puede ver "
    "el detalle en el registro del servidor; puede reintentarlo."
)


def lock_name(job: Any) -> str:
    """Jobs on the same actor's data never run at the same time (two imports of one
    member would check against each other's half-written rows)."""
    return f"actor-{job.actor_id}" if job.actor_id else f"user-{job.user_id}"


@app_task(retries=360, retry_delay=10)
def run_job(job_id: int) -> None:
    """Run a queued job once; a job of the same actor already running makes it wait."""
    from red.extensions import db
    from red.models import Job

    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return  # deleted, or already run by a duplicate delivery
    try:
        with huey.lock_task(lock_name(job)):
            execute(db.session, job)
    except TaskLockedException:
        db.session.rollback()
        raise  # Huey retries it after retry_delay


def execute(session: Any, job: Any) -> None:
    from red.services.audit import audit_user_id

    token = audit_user_id.set(job.user_id)
    try:
        store.start(session, job)
        outcome = _outcome(session, job)
        store.finish(
            session, job.id, failed=outcome.failed, message=outcome.message, **outcome.values
        )
        _notify(session, job.id)
    finally:
        audit_user_id.reset(token)


def _outcome(session: Any, job: Any) -> Outcome:
    handler = HANDLERS.get(job.kind)
    if handler is None:
        return Outcome(f"Tipo de trabajo desconocido: {job.kind}.", failed=True)

    def report(**counters: Any) -> None:
        store.move(session, job.id, **counters)

    try:
        return handler(session, job, report)
    except Exception:  # noqa: BLE001 - the job must end failed, never stay "running"
        log.exception("job %s (%s) failed", job.id, job.kind)
        session.rollback()
        return Outcome(UNEXPECTED, failed=True)


def _notify(session: Any, job_id: int) -> None:
    from red.models import Job
    from red.services.notifications import notify_user

    job = session.get(Job, job_id)
    session.refresh(job)
    verb = "terminó" if job.status == "done" else "terminó con errores"
    notify_user(
        session,
        job.user_id,
        kind="trabajo_terminado",
        title=f"{job.kind_label}: {verb}",
        body=(job.message or "")[:2000] or None,
        url=f"/trabajos/{job.id}",
    )
    session.commit()


@huey.on_startup()
def fail_interrupted_on_startup() -> None:
    """A consumer that starts again finds jobs its previous run left half done."""
    in_app_context(_fail_interrupted)()


@app_periodic_task(crontab(minute="*/5"))
def sweep_jobs() -> None:
    """Every five minutes: interrupted jobs failed, files older than 24 hours removed."""
    from red.extensions import db

    _undo_interrupted(db.session, store.fail_interrupted(db.session))
    store.drop_orphan_staging(db.session)
    store.remove_old_files(db.session)


def _fail_interrupted() -> None:
    from red.extensions import db

    _undo_interrupted(db.session, store.fail_interrupted(db.session))


def _undo_interrupted(session: Any, job_ids: list[int]) -> None:
    """An import cut off before its final step wrote nothing but staging rows: drop them."""
    from red.jobs.staging import drop_staged

    for job_id in job_ids:
        drop_staged(session, job_id)


from red.jobs import exports, exports_more, imports  # noqa: E402,F401  (register the kinds' handlers)
