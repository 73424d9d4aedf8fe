"""Sweeps over every route of the role matrix: CSRF on every form, headers on every page."""

from __future__ import annotations

import pytest

from tests.matrix import ROLES
from tests.test_permissions import MATRIX


def _allowed_role(expect: dict) -> str | None:
    """A role that gets past the permission check for this route (not 403, not sent to login)."""
    for role in reversed(ROLES):  # admin first, then núcleo, staff…
        if role != "anon" and role in expect and expect.get(role) not in (403, 404):
            return role
    return "anon" if expect.get("anon") not in (403, 302, 404) else None


POST_ROUTES = sorted(
    (endpoint, route) for endpoint, route in MATRIX.items() if route.post is not None
)


@pytest.mark.parametrize(("endpoint", "route"), POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_post_without_csrf_token_is_refused(app, client, login_as, endpoint, route):
    role = _allowed_role(route.post)
    if role is None:
        pytest.skip("no role may post here")
    if role != "anon":
        login_as(role)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(route.resolve(), data=route.post_data)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400, f"{endpoint} accepted a POST without CSRF token"


GET_ROUTES = sorted(
    (endpoint, route) for endpoint, route in MATRIX.items() if route.get is not None
)


@pytest.mark.parametrize(("endpoint", "route"), GET_ROUTES, ids=[e for e, _ in GET_ROUTES])
def test_security_headers_on_every_page(client, login_as, endpoint, route):
    role = _allowed_role(route.get) or "anon"
    if role != "anon":
        login_as(role)
    response = client.get(route.resolve())
    headers = response.headers
    assert "object-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    if role != "anon":
        assert headers["Cache-Control"] == "no-store"
