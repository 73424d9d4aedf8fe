"""Navigation entries per role. Later areas add theirs here; a link only shows to those who may use it.

Also the header's two badges (unread notices, unread referrals of the staff's actor): every
page a logged-in user sees shows them, so they are one statement, built once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import current_app, g, request, url_for
from markupsafe import Markup, escape
from sqlalchemy import bindparam, func, select

from red.extensions import db
from red.models import Notification, Referral
from red.permissions import LOGGED_IN, PUBLIC, STAFF, has_role

_NOTICES, _REFERRALS = Notification.__table__, Referral.__table__
# count(*), not count(id): both counts are then read from their (owner, read_at) index alone
# (PostgreSQL's index-only scan; SQLite's covering index), never from the table.
_UNREAD_NOTICES = (
    select(func.count())
    .select_from(_NOTICES)
    .where(_NOTICES.c.user_id == bindparam("user_id"), _NOTICES.c.read_at.is_(None))
    .scalar_subquery()
    .label("unread_notices")
)
_UNREAD_REFERRALS = (
    select(func.count())
    .select_from(_REFERRALS)
    .where(_REFERRALS.c.to_actor_id == bindparam("actor_id"), _REFERRALS.c.read_at.is_(None))
    .scalar_subquery()
    .label("unread_referrals")
)
# The columns each kind of account's header needs; a page whose first read can carry them
# (the catalog's version, ruta/routes.py) adds them to it and hands the row to keep_badges().
BADGE_COLUMNS = {
    "staff": (_UNREAD_NOTICES, _UNREAD_REFERRALS),
    "others": (_UNREAD_NOTICES,),
}
# Core statements built once: the ORM's per-statement work would cost more than the counts.
_BADGES = {kind: select(*columns) for kind, columns in BADGE_COLUMNS.items()}

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
    """The links `user` may follow, in menu order. The same for every user of a role, so each
    application keeps them per role (and URL root): every page's header asks."""
    authenticated = bool(getattr(user, "is_authenticated", False))
    key = (authenticated, user.role if authenticated else None, request.script_root)
    cache = current_app.extensions.setdefault("red_navigation", {})
    items = cache.get(key)
    if items is None:
        items = cache[key] = _allowed_items(user, authenticated)
    return items


def _allowed_items(user: Any, authenticated: bool) -> list[dict[str, str]]:
    items = []
    for endpoint, label, group in NAV_ITEMS:
        view = current_app.view_functions.get(endpoint)
        audience = getattr(view, "_access", None)
        if not audience:
            continue
        if PUBLIC in audience:
            allowed = True
        elif not authenticated:
            allowed = False
        else:
            allowed = LOGGED_IN in audience or user.role in audience
        if allowed:
            items.append(
                {"endpoint": endpoint, "url": url_for(endpoint), "label": label, "group": group}
            )
    return items


def nav_link(item: dict[str, str], endpoint: str | None, unread_referrals: int = 0) -> Markup:
    """One link of the main navigation (base.html; twice on a page with the phone menu), the
    page's own marked current; the referrals link with its unread badge. Built here rather
    than by a template include per link, which cost ~5 % of a light page."""
    current = endpoint == item["endpoint"]
    badge = ""
    if item["endpoint"] == "referrals.inbox" and unread_referrals:
        badge = (
            f' <span class="badge text-bg-danger">{int(unread_referrals)}'
            '<span class="visually-hidden"> sin leer</span></span>'
        )
    active, aria = (" active fw-semibold", ' aria-current="page"') if current else ("", "")
    return Markup(
        f'<a class="nav-link{active}" href="{escape(item["url"])}"{aria}>'
        f"{escape(item['label'])}{badge}</a>"
    )


def navigation_groups(items: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    """The items in their groups, in menu order: [(group, [item, ...]), ...]."""
    groups: dict[str, list[dict[str, str]]] = {}
    for item in items:
        groups.setdefault(item["group"], []).append(item)
    return list(groups.items())


def badge_kind(user: Any) -> tuple[str | None, dict[str, int]]:
    """Which BADGE_COLUMNS the user's header shows ("staff", "others"; None for a visitor),
    with the statement parameters they need."""
    if not getattr(user, "is_authenticated", False):
        return None, {}
    if has_role(user, STAFF) and user.actor_id:
        return "staff", {"user_id": user.id, "actor_id": user.actor_id}
    return "others", {"user_id": user.id}


def keep_badges(kind: str, values: Sequence[int | None]) -> dict[str, int]:
    """The badges, read by the page in its own statement (or by `badges`): kept for the rest
    of the request, so the header (and any other template rendered) does not ask again."""
    names = [column.name for column in BADGE_COLUMNS[kind]]
    g.red_badges = {name: value or 0 for name, value in zip(names, values, strict=True)}
    return g.red_badges


def badges(user: Any) -> dict[str, int]:
    """The header's badges: `unread_notices` for anyone logged in, `unread_referrals` too for
    a member's staff (the templates test whether it is defined); nothing for visitors. One
    statement, or none when the page already read them (keep_badges)."""
    kept = g.get("red_badges")
    if kept is not None:
        return kept
    kind, params = badge_kind(user)
    if kind is None:
        return {}
    return keep_badges(kind, db.session.connection().execute(_BADGES[kind], params).one())
