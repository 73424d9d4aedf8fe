"""Who may see a background job and its files: the user who asked for it, and admins.

A job names its owner's data (an import's rows, an export of their actor's records), so any
other account — the same actor's colleagues included — gets a 404, as for a record whose
existence is private.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from red.extensions import db
from red.models import Job
from red.permissions import is_admin
from red.services.bounds import as_id


def can_see_job(user: Any, job: Job) -> bool:
    return job.user_id == getattr(user, "id", None) or is_admin(user)


def job_for(job_id: Any, user: Any = None) -> Job:
    """The job with this id if the user may see it; 404 otherwise (existence does not leak)."""
    user = current_user if user is None else user
    try:
        job = db.session.get(Job, as_id(str(job_id)))
    except (TypeError, ValueError):
        abort(404)
    if job is None or not can_see_job(user, job):
        abort(404)
    return job
