"""Every page of the role matrix survives hostile query strings: huge and negative page
numbers, NUL bytes, very long or SQL-ish search text. Never a 500 (as a role that may see it)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from red import create_app
from red.config import TestConfig
from tests.test_permissions import MATRIX
from tests.test_security_sweep import _allowed_role

HOSTILE = (
    "99999999999999999999999",
    "-1",
    "0",
    "1e9",
    "abc",
    "\x00",
    "' OR 1=1 --",
    "ñandú ÁÉÍÓÚ " * 400,
)

GET_ROUTES = sorted((e, r) for e, r in MATRIX.items() if r.get is not None)


@pytest.mark.parametrize(("endpoint", "route"), GET_ROUTES, ids=[e for e, _ in GET_ROUTES])
def test_hostile_query_strings_never_break_a_page(client, login_as, endpoint, route):
    role = _allowed_role(route.get) or "anon"
    if role != "anon":
        login_as(role)
    url = urlsplit(route.resolve())
    own = [name for name, _ in parse_qsl(url.query)]
    for value in HOSTILE:
        query = {name: value for name in {*own, "page", "per_page", "q"}}
        response = client.get(f"{url.path}?{urlencode(query)}")
        assert response.status_code < 500, f"{url.path} with {value[:30]!r}: 500"


# The URL rule of each endpoint ("/emprendedores/<int:person_id>"), from a throwaway app.
RULES = {rule.endpoint: rule.rule for rule in create_app(TestConfig).url_map.iter_rules()}

ID_ROUTES = [
    (endpoint, route, method)
    for endpoint, route in sorted(MATRIX.items())
    for method, expect in (("GET", route.get), ("POST", route.post))
    if expect is not None and "<int:" in RULES[endpoint]
]


@pytest.mark.parametrize(
    ("endpoint", "route", "method"), ID_ROUTES, ids=[f"{e}-{m}" for e, _, m in ID_ROUTES]
)
def test_ids_beyond_the_database_range_are_not_found(client, login_as, endpoint, route, method):
    """/emprendedores/99999999999999999999: a 404, not an overflow in the database driver."""
    role = _allowed_role(route.get if method == "GET" else route.post) or "anon"
    if role != "anon":
        login_as(role)
    url = urlsplit(route.resolve())
    huge = "/".join(
        "99999999999999999999" if part.isdigit() else part for part in url.path.split("/")
    )
    response = client.open(huge, method=method)
    assert response.status_code == 404, f"{method} {huge}: {response.status_code}"
