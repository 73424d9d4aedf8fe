"""A job's life in the `jobs` table: created with its file, counters moved, finished or failed.

The web request only creates the row (and stores the upload) and enqueues; everything else
happens in the consumer. Counters are moved with short Core UPDATEs committed at once, so
the job page sees them while the job works and the audit log is not flooded with progress.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from red.models import Job
from red.models.base import utcnow
from red.models.jobs import RUNNING_STATUSES
from red.services.uploads import instance_folder

CHUNK = 1024 * 1024
# How many errors the job keeps in its row (shown on the page); all go to the errors file.
ERRORS_SHOWN = 200
# Files a job made (uploads, exports, error lists) are kept this long.
FILES_KEPT = timedelta(hours=24)
# A running job moves its counters at least every batch; one quiet this long was interrupted.
STALE_AFTER = timedelta(minutes=2)
INTERRUPTED = (
    "El trabajo se interrumpió (se reinició el servidor o el proceso de trabajos). No se "
    "guardó nada de esta importación; puede reintentarlo."
)


class JobError(ValueError):
    """A job that cannot be created; the message is for the user."""


def jobs_dir() -> Path:
    return instance_folder("JOBS_DIR", "jobs")


def new_file_path(extension: str) -> Path:
    """A generated name under the jobs folder: nothing the user typed reaches a path."""
    return jobs_dir() / f"{secrets.token_hex(16)}.{extension}"


def store_stream(stream: BinaryIO, extension: str, max_bytes: int) -> tuple[Path, str, int]:
    """Copy an upload to disk in chunks (never whole in memory), refusing it past max_bytes
    before reading further. Returns (path, sha256, size)."""
    path = new_file_path(extension)
    digest = hashlib.sha256()
    size = 0
    with path.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                path.unlink(missing_ok=True)
                raise JobError(
                    f"El archivo supera el tamaño máximo de {max_bytes // (1024 * 1024)} MB."
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        path.unlink(missing_ok=True)
        raise JobError("El archivo está vacío.")
    return path, digest.hexdigest(), size


def create_job(
    session: Session,
    *,
    user: Any,
    kind: str,
    params: dict | None = None,
    check_only: bool = False,
    input_name: str | None = None,
    input_path: Path | None = None,
    input_sha256: str | None = None,
) -> Job:
    """The row for a job about to be enqueued, owned by the user (and their actor)."""
    job = Job(
        user_id=user.id,
        actor_id=getattr(user, "actor_id", None),
        kind=kind,
        status="queued",
        check_only=check_only,
        params=params or {},
        input_name=input_name,
        input_path=str(input_path) if input_path else None,
        input_sha256=input_sha256,
        errors=[],
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    return job


def enqueue(job: Job) -> None:
    """Hand the job to the queue. Call after the commit that wrote the row: the consumer
    (or immediate mode) must find it. The id is read from the identity map, not the expired
    row: reading `job.id` after the commit would open a new transaction in the request,
    which on SQLite (BEGIN IMMEDIATE for a POST) keeps the job's own session waiting."""
    from sqlalchemy import inspect

    from red.jobs.tasks import run_job

    run_job(inspect(job).identity[0])


def move(session: Session, job_id: int, **values: Any) -> None:
    """Set some of the job's columns and commit at once, in a transaction of its own."""
    values.setdefault("updated_at", utcnow())
    session.execute(update(Job).where(Job.id == job_id).values(**values))
    session.commit()


def start(session: Session, job: Job) -> None:
    now = utcnow()
    move(
        session,
        job.id,
        status="checking",
        started_at=now,
        finished_at=None,
        rows_total=None,
        rows_checked=0,
        rows_written=0,
        error_count=0,
        errors=[],
        message=None,
    )
    session.refresh(job)


def finish(session: Session, job_id: int, *, failed: bool, message: str, **values: Any) -> None:
    move(
        session,
        job_id,
        status="failed" if failed else "done",
        message=message[:2000],
        finished_at=utcnow(),
        **values,
    )


def jobs_query(user: Any) -> Select:
    """The user's own jobs, newest first ("Mis trabajos")."""
    return select(Job).where(Job.user_id == user.id).order_by(Job.created_at.desc(), Job.id.desc())


def state(job: Job) -> dict[str, Any]:
    """What the job page and its poller show; rows written come live from Huey's storage
    while an import promotes its rows or an export streams (not yet on the job row)."""
    written = job.rows_written
    if job.running:
        written = max(written, live_written(job.id) or 0)
    total = job.rows_total
    checked = job.rows_checked
    if job.status == "done":
        percent = 100
    elif not total:
        percent = 0
    elif job.check_only or job.kind.endswith("_export"):
        percent = int(100 * min(max(checked, written), total) / total)
    else:
        percent = int(50 * min(checked, total) / total + 50 * min(written, total) / total)
    return {
        "id": job.id,
        "status": job.status,
        "status_label": job.status_label,
        "running": job.running,
        "percent": percent,
        "rows_total": total,
        "rows_checked": checked,
        "rows_written": written,
        "error_count": job.error_count,
    }


def can_retry(job: Job) -> bool:
    """Failed for a reason other than its rows (interrupted, unexpected error) and still
    holding its file: bad rows would only fail again."""
    if job.status != "failed" or job.error_count:
        return False
    return not job.input_path or Path(job.input_path).exists()


def retry(session: Session, job: Job) -> None:
    """Put a failed job back in the queue with its stored file."""
    job.status = "queued"
    job.message = None
    job.finished_at = None
    session.flush()


def fail_interrupted(
    session: Session, now: datetime | None = None, quiet: timedelta = STALE_AFTER
) -> list[int]:
    """Running jobs that stopped moving (the consumer was restarted or killed): failed, with
    a message that says so. Returns their ids, for the caller to undo what they wrote."""
    cutoff = (now or utcnow()) - quiet
    ids = list(
        session.scalars(
            select(Job.id).where(
                Job.status.in_([s for s in RUNNING_STATUSES if s != "queued"]),
                Job.updated_at <= cutoff,
            )
        )
    )
    if ids:
        session.execute(
            update(Job)
            .where(Job.id.in_(ids))
            .values(status="failed", message=INTERRUPTED, finished_at=now or utcnow())
        )
    session.commit()
    return ids


def drop_orphan_staging(session: Session) -> None:
    """Staged rows of jobs that ended (failed half way, interrupted) are never promoted."""
    from sqlalchemy import delete

    from red.models import JobRow

    ended = select(Job.id).where(Job.status.in_(("done", "failed")))
    session.execute(delete(JobRow).where(JobRow.job_id.in_(ended)))
    session.commit()


def remove_old_files(session: Session, now: datetime | None = None) -> int:
    """Delete the files of jobs finished more than FILES_KEPT ago; the rows stay (history)."""
    cutoff = (now or utcnow()) - FILES_KEPT
    old = session.execute(
        select(Job.id, Job.input_path, Job.output_path, Job.errors_path).where(
            Job.finished_at <= cutoff,
            Job.input_path.is_not(None)
            | Job.output_path.is_not(None)
            | Job.errors_path.is_not(None),
        )
    ).all()
    for _, *paths in old:
        for path in paths:
            if path:
                Path(path).unlink(missing_ok=True)
    if old:
        session.execute(
            update(Job)
            .where(Job.id.in_([row[0] for row in old]))
            .values(input_path=None, output_path=None, errors_path=None)
        )
        session.commit()
    return len(old)


# Rows written while an import promotes its rows: that transaction cannot commit counters
# to the job row (on SQLite nobody else may write meanwhile), so they go to Huey's storage.
def _live_key(job_id: int) -> str:
    return f"red.job.{job_id}.written"


def set_live_written(job_id: int, rows: int) -> None:
    from red.jobs import huey

    huey.storage.put_data(_live_key(job_id), str(rows).encode())


def live_written(job_id: int) -> int | None:
    from red.jobs import huey

    data = huey.storage.peek_data(_live_key(job_id))
    try:
        return int(data)
    except (TypeError, ValueError):
        return None


def clear_live_written(job_id: int) -> None:
    from red.jobs import huey

    huey.storage.pop_data(_live_key(job_id))
