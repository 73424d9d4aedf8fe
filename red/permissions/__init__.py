"""The access layer: who may do what, in one place. Deny by default.

Every view declares its audience with @access(...). A before_request hook refuses any
endpoint that declared nothing, so a forgotten decorator is a 403, never an open door.

Every id or document number that reaches the server (URL, query string, form body, JSON,
import row) is resolved through a loader of this package (`person_for`, `event_for`…), which
answers 404 for what the user may not see, so existence does not leak. Services receive the
authorised objects, never raw ids. The per-object rules the loaders apply live beside them:
red/permissions/people.py (personal data) and red/permissions/records.py (everything else).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

PUBLIC = "public"
LOGGED_IN = "logged_in"
ALL_ROLES = ("admin", "nucleo", "actor_admin", "actor_staff", "entrepreneur")
# Named audiences: one name per set of roles, used by every blueprint.
STAFF = ("actor_admin", "actor_staff")  # a member's staff
STAFF_OR_ADMIN = ("admin", *STAFF)  # who works with people's records
NETWORK_LEADS = ("admin", "nucleo")  # who runs the network as a whole
NETWORK_READERS = ("admin", "nucleo", *STAFF)  # every account of the network
# Endpoints served by extensions (static files) that need no declaration.
EXEMPT_ENDPOINTS = {"static", "bootstrap.static"}

F = TypeVar("F", bound=Callable[..., Any])


def access(*audience: str) -> Callable[[F], F]:
    """Declare who may reach a view: PUBLIC, LOGGED_IN or role names."""
    unknown = set(audience) - {PUBLIC, LOGGED_IN, *ALL_ROLES}
    if unknown or not audience:
        raise ValueError(f"access(): unknown audience {sorted(unknown)}")

    def decorate(view: F) -> F:
        view._access = frozenset(audience)  # type: ignore[attr-defined]
        return view

    return decorate


def declared_access(endpoint: str | None) -> frozenset[str] | None:
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "_access", None)


def has_role(user: Any, roles: Iterable[str]) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in set(roles)


def enforce_access() -> Any:
    """before_request hook: apply the view's declaration, refuse undeclared views."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in EXEMPT_ENDPOINTS:
        return None
    audience = declared_access(endpoint)
    if audience is None:
        abort(403)
    if PUBLIC in audience:
        return None
    if not current_user.is_authenticated:
        if request.blueprint == "api":
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if LOGGED_IN in audience or current_user.role in audience:
        return None
    abort(403)


def is_admin(user: Any) -> bool:
    return has_role(user, ("admin",))


def belongs_to_actor(user: Any, actor_id: int | None) -> bool:
    """True when the user is staff (or admin) of that very actor."""
    return (
        actor_id is not None
        and has_role(user, STAFF)
        and getattr(user, "actor_id", None) == actor_id
    )


def can_manage_actor(user: Any, actor_id: int | None) -> bool:
    """Edit an actor's own records (profile, programs, services…): its staff or an admin."""
    return is_admin(user) or belongs_to_actor(user, actor_id)


def can_manage_actor_staff(user: Any, actor_id: int | None) -> bool:
    """Create or deactivate an actor's accounts: that actor's admin or a system admin."""
    return is_admin(user) or (
        has_role(user, ("actor_admin",)) and getattr(user, "actor_id", None) == actor_id
    )


def require(allowed: bool) -> None:
    """Abort with 403 unless the per-object rule allowed it."""
    if not allowed:
        abort(403)
