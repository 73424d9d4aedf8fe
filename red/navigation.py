"""Navigation entries per role. Later areas add theirs here; a link only shows to those who may use it."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from red.permissions import LOGGED_IN, PUBLIC

# (endpoint, label, group). Shown when the endpoint exists and the user may reach it; the
# group heads the links in the phone menu and separates them on wide screens.
RUTA, WORK, NETWORK, ADMIN = "La Ruta", "Mi trabajo", "Gobernanza", "Administración"
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("ruta.catalog", "La Ruta", RUTA),
    ("actors.directory", "Actores", RUTA),
    ("events.index", "Eventos", RUTA),
    ("ruta.manage", "Mis programas", RUTA),
    ("home.index", "Inicio", WORK),
    ("entrepreneurs.index", "Personas", WORK),
    ("entrepreneurs.services", "Atenciones", WORK),
    ("referrals.inbox", "Remisiones", WORK),
    ("referrals.overdue", "Remisiones vencidas", WORK),
    ("entrepreneurs.my_data", "Mis datos", WORK),
    ("jobs.index", "Mis trabajos", WORK),
    ("governance.bodies", "Mesas", NETWORK),
    ("governance.commitments", "Compromisos", NETWORK),
    ("governance.compliance", "Cumplimiento", NETWORK),
    ("governance.my_compliance", "Mi cumplimiento", NETWORK),
    ("reports.indicators", "Indicadores", NETWORK),
    ("admin.index", "Administración", ADMIN),
    ("admin.team", "Mi equipo", ADMIN),
]


def navigation_for(user: Any) -> list[dict[str, str]]:
    items = []
    for endpoint, label, group in NAV_ITEMS:
        view = current_app.view_functions.get(endpoint)
        audience = getattr(view, "_access", None)
        if not audience:
            continue
        if PUBLIC in audience:
            allowed = True
        elif not getattr(user, "is_authenticated", False):
            allowed = False
        else:
            allowed = LOGGED_IN in audience or user.role in audience
        if allowed:
            items.append(
                {"endpoint": endpoint, "url": url_for(endpoint), "label": label, "group": group}
            )
    return items


def navigation_groups(items: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    """The items in their groups, in menu order: [(group, [item, ...]), ...]."""
    groups: dict[str, list[dict[str, str]]] = {}
    for item in items:
        groups.setdefault(item["group"], []).append(item)
    return list(groups.items())
