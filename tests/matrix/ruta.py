"""Routes of La Ruta (catalog, finder, join, tracking, members' offer, open data), actors and API."""

from __future__ import annotations

from sqlalchemy import select

from red.extensions import db
from red.models import Actor, Program
from tests.matrix import SKIP, Route, everyone, only

CCC = "camara-de-comercio-de-cucuta"
MANAGERS = ("staff_ccc", "staff_sena", "actor_admin_ccc", "admin")
CCC_MANAGERS = ("staff_ccc", "actor_admin_ccc", "admin")


def ccc_program() -> Program:
    """A program owned by the Cámara de Comercio de Cúcuta (made if the demo has none)."""
    actor = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    program = db.session.scalar(
        select(Program).where(Program.owner_id == actor.id, Program.status == "publicado").limit(1)
    )
    if program is None:
        from tests import factories as f

        program = f.program("Programa de la matriz", actor)
    return program


def ccc_path(suffix: str = "") -> str:
    return f"/ruta/{ccc_program().slug}{suffix}"


ROUTES = {
    "ruta.catalog": Route("/ruta?q=emprende&municipio=54810", get=everyone()),
    "ruta.program": Route(lambda: ccc_path(), get=everyone()),
    "ruta.finder": Route("/ruta/encuentra?etapa=1&municipio=54810", get=everyone()),
    "ruta.join_program": Route(
        lambda: ccc_path("/inscribirse"), get=everyone(), post=everyone(422)
    ),
    "ruta.join_done": Route("/ruta/solicitud/enviada", get=everyone()),
    "ruta.tracking": Route("/ruta/seguimiento", get=everyone(), post=everyone()),
    "ruta.manage": Route("/ruta/gestion", get=only(*MANAGERS)),
    "ruta.create": Route("/ruta/nuevo", get=only(*MANAGERS), post=only(*MANAGERS, status=422)),
    "ruta.edit": Route(
        lambda: ccc_path("/editar"),
        get=only(*CCC_MANAGERS),
        post=only(*CCC_MANAGERS, status=422),
    ),
    "ruta.change_status": Route(lambda: ccc_path("/estado"), post=only(*CCC_MANAGERS, status=SKIP)),
    "ruta.mark_reviewed": Route(
        lambda: ccc_path("/revisado"), post=only(*CCC_MANAGERS, status=SKIP)
    ),
    "ruta.open_data_page": Route("/datos", get=everyone()),
    "ruta.export_csv": Route("/datos/programas.csv", get=everyone()),
    "ruta.export_json": Route("/datos/programas.json", get=everyone()),
    "ruta.export_hsds": Route("/datos/hsds.zip", get=everyone()),
    "actors.directory": Route("/actores?q=camara", get=everyone()),
    "actors.profile": Route(f"/actores/{CCC}", get=everyone()),
    "actors.edit": Route(
        f"/actores/{CCC}/editar", get=only(*CCC_MANAGERS), post=only(*CCC_MANAGERS, status=SKIP)
    ),
    "api.programs_list": Route("/api/v1/programs?municipio=54810", get=everyone()),
    "api.program_detail": Route(lambda: f"/api/v1/programs/{ccc_program().slug}", get=everyone()),
    "api.openapi": Route("/api/v1/openapi.json", get=everyone()),
}
