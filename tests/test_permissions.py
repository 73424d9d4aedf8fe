"""Deny by default: every route is in the role matrix, and each role gets what the matrix says."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.matrix as matrix_pkg
from red.permissions import EXEMPT_ENDPOINTS, access, can_manage_actor, require
from tests.matrix import ROLES, Route


def load_matrix() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for module_info in pkgutil.iter_modules(matrix_pkg.__path__):
        module = importlib.import_module(f"tests.matrix.{module_info.name}")
        for endpoint, route in getattr(module, "ROUTES", {}).items():
            assert endpoint not in routes, f"{endpoint} appears in two matrix modules"
            routes[endpoint] = route
    return routes


MATRIX = load_matrix()


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - EXEMPT_ENDPOINTS
    missing = sorted(endpoints - set(MATRIX))
    assert not missing, f"routes missing from tests/matrix: {missing}"
    stale = sorted(set(MATRIX) - endpoints)
    assert not stale, f"matrix names routes that do not exist: {stale}"


def test_every_view_declares_its_audience(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint not in EXEMPT_ENDPOINTS and not getattr(view, "_access", None)
    ]
    assert not undeclared, f"views without @access: {undeclared}"


def _cases():
    for endpoint, route in sorted(MATRIX.items()):
        for method, expect in (("GET", route.get), ("POST", route.post)):
            if expect is None:
                continue
            for role in ROLES:
                if expect.get(role) is not None:
                    yield pytest.param(endpoint, method, role, id=f"{endpoint}-{method}-{role}")


WRITE = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.parametrize(("endpoint", "method", "role"), list(_cases()))
def test_role_matrix(client, login_as, count_queries, endpoint, method, role):
    """Each role gets the matrix's status; and no GET request ever writes to the database."""
    route = MATRIX[endpoint]
    expect = (route.get if method == "GET" else route.post)[role]
    if role != "anon":
        login_as(role)
    path = route.resolve()
    if method == "GET":
        with count_queries() as counter:
            response = client.get(path)
        writes = [s for s in counter.statements if s.lstrip().upper().startswith(WRITE)]
        assert not writes, f"GET {path} as {role} wrote: {writes[:2]}"
    else:
        response = client.post(path, data=route.post_data)
    assert response.status_code == expect, (
        f"{method} {path} as {role}: {response.status_code}, expected {expect}"
    )
    if role == "anon" and expect == 302 and endpoint not in ("auth.logout", "auth.login"):
        assert "/login" in response.headers["Location"]


def test_undeclared_view_is_refused():
    """A view someone forgot to declare answers 403 to everybody."""
    from red import create_app
    from red.config import TestConfig

    fresh = create_app(TestConfig)

    @fresh.route("/_sin_declarar_test")
    def _undeclared():
        return "secreto"

    response = fresh.test_client().get("/_sin_declarar_test")
    assert response.status_code == 403
    assert "secreto" not in response.get_data(as_text=True)


def test_access_rejects_unknown_roles():
    with pytest.raises(ValueError):
        access("superuser")


class _User:
    def __init__(self, role, actor_id=None):
        self.role, self.actor_id, self.is_authenticated = role, actor_id, True


def test_per_object_helper():
    assert can_manage_actor(_User("actor_staff", 1), 1)
    assert not can_manage_actor(_User("actor_staff", 1), 2)
    assert not can_manage_actor(_User("nucleo"), 1)
    assert not can_manage_actor(_User("entrepreneur"), 1)
    assert can_manage_actor(_User("admin"), 2)
    with pytest.raises(Exception) as refused:
        require(can_manage_actor(_User("actor_staff", 1), 2))
    assert refused.value.code == 403
