"""Home-page blocks about background jobs (red/jobs, /trabajos): a user's own running and
recently finished jobs, and for the admin the jobs that failed lately. A job is seen by its
owner and admins only (red/permissions/jobs.py), so the lists filter on exactly that. Two
queries per block; nothing when the application has no jobs module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from red.permissions import is_admin
from red.services.worklists import LINES, Block, Line, _count, _first_lines

try:  # the jobs area (issue 15) may be absent from a deployment
    from red.models import Job
    from red.models.jobs import RUNNING_STATUSES
except ImportError:  # pragma: no cover - only without red/jobs
    Job = None
    RUNNING_STATUSES = ()

RECENT_DAYS = 7


def _since(today: date) -> datetime:
    return datetime.combine(today - timedelta(days=RECENT_DAYS), time(), UTC)


def _line(job) -> Line:
    note = job.status_label + (f" · {job.message}" if job.message else "")
    return Line(job.kind_label, "jobs.detail", {"job_id": job.id}, note, job.status == "failed")


def own_jobs(session: Session, user: Any, today: date) -> list[Block]:
    """The user's jobs running now or finished in the last week, newest first."""
    if Job is None:
        return []
    query = select(Job).where(
        Job.user_id == user.id,
        or_(Job.status.in_(RUNNING_STATUSES), Job.created_at >= _since(today)),
    )
    rows, total = _first_lines(session, query, Job.created_at.desc(), Job.id.desc())
    return [
        Block(
            "trabajos",
            "Sus importaciones y exportaciones",
            total,
            f"No tiene trabajos en curso ni terminados en los últimos {RECENT_DAYS} días.",
            [_line(job) for job in rows],
            "jobs.index",
        )
    ]


def failed_jobs(session: Session, user: Any, today: date) -> list[Block]:
    """Jobs that failed in the last week, for the admin (who may open any job)."""
    if Job is None or not is_admin(user):
        return []
    query = select(Job).where(Job.status == "failed", Job.created_at >= _since(today))
    rows = session.scalars(query.order_by(Job.created_at.desc(), Job.id.desc()).limit(LINES))
    return [
        Block(
            "trabajos_fallidos",
            f"Trabajos con errores en los últimos {RECENT_DAYS} días",
            _count(session, query),
            "Ningún trabajo falló en la última semana.",
            [_line(job) for job in rows],
            "jobs.index",
        )
    ]
