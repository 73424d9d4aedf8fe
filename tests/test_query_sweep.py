"""Bad input in a query string never gives a 500.

Every GET route of app.url_map (with the role matrix's URL and a role that may see it) is
asked once to learn which query parameters its view reads — red.query announces each one,
with its kind — and then gets out-of-range values for them: huge and negative numbers,
dates in year 1 or 9999, malformed dates, endless text. A parameter a view starts reading is
covered the day it appears; a view that reads request.args by itself fails
test_views_read_query_strings_only_through_red_query.

QUERY_SWEEP_EXAMPLES (default 8) sets how many random combinations each route gets.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from red.permissions import EXEMPT_ENDPOINTS
from red.query import parameter_read
from tests.test_permissions import MATRIX
from tests.test_security_sweep import _allowed_role

EXAMPLES = int(os.environ.get("QUERY_SWEEP_EXAMPLES", "8"))
GET_ROUTES = sorted((e, r) for e, r in MATRIX.items() if r.get is not None)

# A plausible value of each kind: set on the second look, so that parameters read only
# when another one is given are found too.
PLAUSIBLE = {
    "page": "1",
    "id": "1",
    "int": "1",
    "date": "30/06/2025",
    "text": "a",
    "texts": "a",
    "flag": "1",
}
# A value the parameter's kind must refuse with a 400 (choices and flags included).
REFUSED = {
    "page": "100001",
    "id": "99999999999999999999",
    "int": "-99999999999999999999999",
    "date": "0001-01-01",
    "flag": "quizás",
    "choice": "no-es-una-opcion",
}

SPECIAL = [
    "0",
    "-1",
    "+7",
    "1e9",
    "0x1f",
    "١٢",
    " 12 ",
    "1_000",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "9" * 40,
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "31/02/2025",
    "00/00/0000",
    "2025-13-01",
    "29/02/2023",
    "0001-T1",
    "9999-T4",
    "2025-T9",
    "2025-S3",
    "' OR 1=1 --",
    "%",
    "_",
    "ñandú ÁÉÍÓÚ " * 300,
]
HOSTILE = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/") + str(d.year)),
    st.text(max_size=40),
)


def discover(client, path: str, base: dict[str, str]) -> dict[str, str]:
    """The query parameters the view reads (name -> kind), in two looks."""
    seen: dict[str, str] = {}

    def note(_sender, name: str, kind: str) -> None:
        seen.setdefault(name, kind)

    with parameter_read.connected_to(note):
        client.get(path, query_string=base)
        plausible = {n: PLAUSIBLE[k] for n, k in seen.items() if k in PLAUSIBLE}
        client.get(path, query_string={**base, **plausible})
    return seen


def _as_role(client, login_as, route) -> None:
    role = _allowed_role(route.get) or "anon"
    if role != "anon":
        login_as(role)


def _path_and_base(route) -> tuple[str, dict[str, str]]:
    url = urlsplit(route.resolve())
    return url.path, dict(parse_qsl(url.query))


def test_the_sweep_covers_every_get_route(app):
    routes = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in EXEMPT_ENDPOINTS
    }
    assert routes == {endpoint for endpoint, _ in GET_ROUTES}


@pytest.mark.parametrize(("endpoint", "route"), GET_ROUTES, ids=[e for e, _ in GET_ROUTES])
def test_out_of_range_query_values_never_give_500(client, login_as, endpoint, route):
    _as_role(client, login_as, route)
    path, base = _path_and_base(route)
    params = discover(client, path, base)
    for name, kind in params.items():
        refused = REFUSED.get(kind)
        if refused is None:
            continue
        response = client.get(path, query_string={**base, name: refused})
        assert response.status_code == 400, f"{path}?{name}={refused}: {response.status_code}"
        if path.startswith("/api/"):
            assert response.get_json()["error"]["parameter"] == name
        else:
            page = response.get_data(as_text=True)
            assert "no es válido" in page and f'name="{name}"' in page
    if not params:
        return

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({}, optional={name: HOSTILE for name in params}))
    def probe(query):
        response = client.get(path, query_string={**base, **query})
        assert response.status_code < 500, f"{path} {query!r}: {response.status_code}"

    probe()


# --- nothing reads the query string behind red.query's back -----------------------------------

ROOT = Path(__file__).resolve().parent.parent / "red"
# Code that handles the query string as a whole, not one parameter: the helper itself, the
# NUL-byte guard, links that keep the current filters, and the 400 page that shows them.
ALLOWED = {"query.py", "security.py", "templating.py", "errors.py"}


def _reads_of_request_args(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("args", "values")
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            lines.append(node.lineno)
    return lines


def test_views_read_query_strings_only_through_red_query():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.name in ALLOWED and path.parent == ROOT:
            continue
        for line in _reads_of_request_args(ast.parse(path.read_text())):
            offenders.append(f"{path.relative_to(ROOT.parent)}:{line}")
    assert offenders == [], "read these through red.query.query_args(): " + ", ".join(offenders)
