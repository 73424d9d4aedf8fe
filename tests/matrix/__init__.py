"""The route × role matrix, one module per area.

Each module defines ROUTES: {endpoint: Route(...)}. tests/test_permissions.py walks
app.url_map and fails on any endpoint missing here, then requests every route as every
role and compares the status code. Add your area's routes in a module of its own.

Roles: anon, entrepreneur, staff_ccc (Cámara de Comercio de Cúcuta), staff_sena (SENA),
actor_admin_ccc, nucleo, admin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anon", "entrepreneur", "staff_ccc", "staff_sena", "actor_admin_ccc", "nucleo", "admin")
LOGIN_REDIRECT = 302
SKIP = None  # status not asserted (e.g. a POST that would change state for an allowed role)

Expect = dict[str, int | None]


def everyone(status: int = 200) -> Expect:
    return dict.fromkeys(ROLES, status)


def only(*allowed: str, status: int | None = 200, denied: int = 403) -> Expect:
    """Allowed roles get `status`; other logged-in roles `denied`; anonymous goes to login."""
    expect: Expect = {role: denied for role in ROLES}
    expect["anon"] = LOGIN_REDIRECT
    for role in allowed:
        expect[role] = status
    return expect


def logged_in(status: int | None = 200) -> Expect:
    return only(*ROLES[1:], status=status)


@dataclass
class Route:
    """How to reach one endpoint: a concrete path (or a function of the db giving one)."""

    path: str | Callable[[], str]
    get: Expect | None = None
    post: Expect | None = None
    post_data: dict = field(default_factory=dict)

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path
