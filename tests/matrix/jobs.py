"""Routes of /trabajos: a job is its owner's (and the admin's); everybody else gets 404."""

from sqlalchemy import select

from red.extensions import db
from red.models import Job, User
from tests.matrix import Route, only

READERS = ("staff_ccc", "staff_sena", "actor_admin_ccc", "nucleo", "admin")


def _job_of_staff_ccc() -> str:
    user = db.session.scalar(select(User).where(User.email == "gestor.ccc@red.demo"))
    job = Job(user_id=user.id, actor_id=user.actor_id, kind="services_export", status="failed")
    job.params, job.errors, job.message = {}, [], "Interrumpido"
    db.session.add(job)
    db.session.commit()
    return f"/trabajos/{job.id}"


# Only the owner (staff_ccc) and the admin reach a job; the owner's colleague too gets 404.
OWNER = only("staff_ccc", "admin", denied=404) | {"entrepreneur": 403}

ROUTES = {
    "jobs.index": Route("/trabajos", get=only(*READERS)),
    "jobs.detail": Route(_job_of_staff_ccc, get=OWNER),
    "jobs.status": Route(lambda: _job_of_staff_ccc() + "/estado", get=OWNER),
    "jobs.download": Route(
        lambda: _job_of_staff_ccc() + "/descarga",
        get=only("staff_ccc", "admin", status=404, denied=404) | {"entrepreneur": 403},
    ),
    "jobs.errors_file": Route(
        lambda: _job_of_staff_ccc() + "/errores.xlsx",
        get=only("staff_ccc", "admin", status=404, denied=404) | {"entrepreneur": 403},
    ),
    "jobs.retry": Route(
        lambda: _job_of_staff_ccc() + "/reintentar",
        post=only("staff_ccc", "admin", status=302, denied=404) | {"entrepreneur": 403},
    ),
}
