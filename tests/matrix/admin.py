"""Routes of the admin area (/admin). Draft for tests/matrix/admin.py."""

from sqlalchemy import select

from red.extensions import db
from red.models import ServiceType
from tests import factories as f
from tests.matrix import Route, only


def _service_type_id() -> int:
    return db.session.scalar(select(ServiceType.id).order_by(ServiceType.id).limit(1))


ADMIN = only("admin")
TEAM = only("admin", "actor_admin_ccc")

ROUTES = {
    "admin.index": Route("/admin/", get=ADMIN),
    "admin.users": Route("/admin/usuarios", get=ADMIN),
    "admin.user_new": Route("/admin/usuarios/nuevo", get=ADMIN, post=ADMIN),
    "admin.user_deactivate": Route(
        lambda: f"/admin/usuarios/{f.stored_user('staff_sena').id}/desactivar",
        post=only("admin", status=302),
    ),
    "admin.user_activate": Route(
        lambda: f"/admin/usuarios/{f.stored_user('staff_sena').id}/activar",
        post=only("admin", status=302),
    ),
    "admin.user_password": Route(
        lambda: f"/admin/usuarios/{f.stored_user('staff_sena').id}/contrasena",
        get=ADMIN,
        post=ADMIN,
    ),
    "admin.team": Route(
        lambda: f"/admin/mi-equipo?actor={f.stored_user('actor_admin_ccc').actor_id}", get=TEAM
    ),
    "admin.team_new": Route(
        lambda: f"/admin/mi-equipo/nuevo?actor={f.stored_user('actor_admin_ccc').actor_id}",
        get=TEAM,
        post=TEAM,
    ),
    "admin.team_deactivate": Route(
        lambda: f"/admin/mi-equipo/{f.stored_user('staff_ccc').id}/desactivar",
        post=only("admin", "actor_admin_ccc", status=302),
    ),
    "admin.team_activate": Route(
        lambda: f"/admin/mi-equipo/{f.stored_user('staff_ccc').id}/activar",
        post=only("admin", "actor_admin_ccc", status=302),
    ),
    "admin.catalogs": Route("/admin/catalogos", get=ADMIN),
    "admin.catalog_entries": Route("/admin/catalogos/tipos-servicio", get=ADMIN),
    "admin.catalog_new": Route("/admin/catalogos/etapas/nuevo", get=ADMIN, post=ADMIN),
    "admin.catalog_edit": Route(
        lambda: f"/admin/catalogos/tipos-servicio/{_service_type_id()}/editar",
        get=ADMIN,
        post=ADMIN,  # empty form: 200 with errors
    ),
    "admin.catalog_deactivate": Route(
        lambda: f"/admin/catalogos/tipos-servicio/{_service_type_id()}/desactivar",
        get=ADMIN,
        post=only("admin", status=302),
    ),
    "admin.catalog_activate": Route(
        lambda: f"/admin/catalogos/tipos-servicio/{_service_type_id()}/activar",
        post=only("admin", status=302),
    ),
    "admin.audit": Route("/admin/auditoria", get=ADMIN),
}
