"""Routes of the admin area (/admin). Draft for tests/matrix/admin.py."""

from sqlalchemy import select

from red.extensions import db
from red.models import ServiceType, User
from tests.matrix import Route, only


def _user_id(email: str) -> int:
    return db.session.scalar(select(User.id).where(User.email == email))


def _actor_id(email: str) -> int:
    return db.session.scalar(select(User.actor_id).where(User.email == email))


def _service_type_id() -> int:
    return db.session.scalar(select(ServiceType.id).order_by(ServiceType.id).limit(1))


ADMIN = only("admin")
TEAM = only("admin", "actor_admin_ccc")

ROUTES = {
    "admin.index": Route("/admin/", get=ADMIN),
    "admin.users": Route("/admin/usuarios", get=ADMIN),
    "admin.user_new": Route("/admin/usuarios/nuevo", get=ADMIN, post=ADMIN),
    "admin.user_deactivate": Route(
        lambda: f"/admin/usuarios/{_user_id('gestor.sena@red.demo')}/desactivar",
        post=only("admin", status=302),
    ),
    "admin.user_activate": Route(
        lambda: f"/admin/usuarios/{_user_id('gestor.sena@red.demo')}/activar",
        post=only("admin", status=302),
    ),
    "admin.user_password": Route(
        lambda: f"/admin/usuarios/{_user_id('gestor.sena@red.demo')}/contrasena",
        get=ADMIN,
        post=ADMIN,
    ),
    "admin.team": Route(
        lambda: f"/admin/mi-equipo?actor={_actor_id('admin.ccc@red.demo')}", get=TEAM
    ),
    "admin.team_new": Route(
        lambda: f"/admin/mi-equipo/nuevo?actor={_actor_id('admin.ccc@red.demo')}",
        get=TEAM,
        post=TEAM,
    ),
    "admin.team_deactivate": Route(
        lambda: f"/admin/mi-equipo/{_user_id('gestor.ccc@red.demo')}/desactivar",
        post=only("admin", "actor_admin_ccc", status=302),
    ),
    "admin.team_activate": Route(
        lambda: f"/admin/mi-equipo/{_user_id('gestor.ccc@red.demo')}/activar",
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
