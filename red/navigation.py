"""Navigation entries per role. Later areas add theirs here; a link only shows to those who may use it."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from red.permissions import LOGGED_IN, PUBLIC

# (endpoint, label). Shown when the endpoint exists and the user may reach it.
NAV_ITEMS: list[tuple[str, str]] = [
    ("ruta.catalog", "La Ruta"),
    ("actors.directory", "Actores"),
    ("events.index", "Eventos"),
    ("ruta.manage", "Mis programas"),
    ("entrepreneurs.index", "Emprendedores"),
    ("entrepreneurs.services", "Atenciones"),
    ("referrals.inbox", "Remisiones"),
    ("referrals.overdue", "Remisiones vencidas"),
    ("entrepreneurs.my_data", "Mis datos"),
    ("governance.bodies", "Mesas"),
    ("governance.commitments", "Compromisos"),
    ("governance.compliance", "Cumplimiento"),
    ("governance.my_compliance", "Mi cumplimiento"),
    ("reports.indicators", "Indicadores"),
    ("admin.index", "Administración"),
    ("admin.team", "Mi equipo"),
]


def navigation_for(user: Any) -> list[dict[str, str]]:
    items = []
    for endpoint, label in NAV_ITEMS:
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
            items.append({"endpoint": endpoint, "url": url_for(endpoint), "label": label})
    return items
