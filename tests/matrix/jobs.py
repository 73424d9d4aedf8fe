"""Routes of /trabajos: a job is its owner's (and the admin's); everybody else gets 404."""

from sqlalchemy import select

from red.extensions import db
from red.models import Job, User
from tests import factories as f
from tests.matrix import Route, only

READERS = ("staff_ccc", "staff_sena", "actor_admin_ccc", "nucleo", "admin")
STAFF = ("staff_ccc", "staff_sena", "actor_admin_ccc")
ORGANISERS = ("staff_ccc", "actor_admin_ccc")  # of the matrix's event (CCC's)


def _event(suffix: str):
    return lambda: f"/eventos/{f.matrix_round()['event'].slug}{suffix}"


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
    # Imports and exports that run as jobs. An upload-less POST is the form again (422).
    "jobs.people_import": Route(
        "/emprendedores/importar", get=only(*STAFF), post=only(*STAFF, status=422)
    ),
    "jobs.people_template": Route("/emprendedores/plantilla.xlsx", get=only(*STAFF)),
    "jobs.participants_import": Route(
        _event("/asistencia/importar"),
        get=only(*ORGANISERS),
        post=only(*ORGANISERS, status=422),
    ),
    "jobs.participants_template": Route(
        _event("/asistencia/plantilla.xlsx"), get=only(*ORGANISERS)
    ),
    "jobs.registry_export": Route(
        "/emprendedores/exportar",
        get=only(*STAFF, "admin"),
        post=only(*STAFF, "admin", status=302),
    ),
    # Small lists come at once as a file (GET and POST alike); big ones offer a job.
    "jobs.participants_export": Route(
        _event("/participantes/exportar"),
        get=only(*ORGANISERS, "admin"),
        post=only(*ORGANISERS, "admin"),
    ),
    "jobs.audit_export": Route("/auditoria/exportar", get=only("admin"), post=only("admin")),
}
