"""Property tests of form validation: every form of the role matrix, posted with hostile values
built from the form's own field names, never answers a 500.

Field names and defaults come from the form page itself (its <input>, <select>, <textarea>);
each example keeps some defaults and replaces others with empty, huge, accented, NUL, SQL-ish,
HTML, negative or huge numbers, bad dates and wrong select values. A few important forms are
also checked to write nothing on invalid input and to answer with a Spanish form or error page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from red import create_app
from red.config import TestConfig
from tests.test_permissions import MATRIX
from tests.test_security_sweep import _allowed_role

HOSTILE_TEXT = [
    "",
    " ",
    "ñandú Peña Cúcuta ÁÉÍÓÚ ü",
    "\x00",
    "a\x00b",
    "' OR '1'='1' --",
    "'; DROP TABLE users; --",
    '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    '=HYPERLINK("http://evil")',
    "x" * 5000,
    "ñ" * 300,
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "3.5",
    "2026-02-30",
    "31/12/2026",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "None",
    "true",
    "\u202e\u200b",
    "😀",
]
hostile = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
)
FAST = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class FormParser(HTMLParser):
    """The POST forms of a page: action and {field name: what a browser would send}.

    A value is a string, a list (multiple select, repeated check boxes) or None for a field a
    browser leaves out as it stands (nothing ticked or chosen); file inputs are left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: tuple[str, bool] | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    @property
    def _fields(self) -> dict:
        return self.forms[-1]["fields"]

    def _add(self, name: str, value: str, many: bool) -> None:
        current = self._fields.get(name)
        if current is None:
            self._fields[name] = [value] if many else value
        elif isinstance(current, list):
            current.append(value)
        else:
            self._fields[name] = [current, value]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            post = (a.get("method") or "get").lower() == "post"
            self.forms.append({"action": (a.get("action") or "") if post else None, "fields": {}})
            return
        if tag == "option" and self._select:
            name, many = self._select
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._add(name, value, many)
            return
        if not self.forms or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                self._fields.setdefault(name, None)
                if "checked" in a:
                    self._add(name, a.get("value", "on"), many=False)
                return
            self._fields[name] = a.get("value") or ""
        elif tag == "select":
            self._select = (name, "multiple" in a)
            self._first_option = None
            self._fields.setdefault(name, None)
        elif tag == "textarea":
            self._textarea = name
            self._fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            name, many = self._select
            if not many and self._fields.get(name) is None and self._first_option is not None:
                self._fields[name] = self._first_option  # a browser sends the first option
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self._fields[self._textarea] += data


def sent(data: dict) -> dict:
    """What the test client posts: fields a browser would leave out are left out."""
    return {name: value for name, value in data.items() if value is not None}


def post_forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form["action"] is not None]


RULES = {rule.endpoint: rule for rule in create_app(TestConfig).url_map.iter_rules()}
POST_ROUTES = sorted(
    (endpoint, route) for endpoint, route in MATRIX.items() if "POST" in RULES[endpoint].methods
)


def _role_for(route) -> str | None:
    role = None
    if route.post is not None:
        role = _allowed_role(route.post)
    if role is None and route.get is not None:
        role = _allowed_role(route.get)
    return role


def form_fields(client, path: str) -> dict[str, str]:
    """The fields of the form that posts to `path`, found on the page itself or one above it."""
    pages = [path]
    parts = path.rstrip("/").split("/")
    for cut in (1, 2):
        if len(parts) > cut + 1:
            pages.append("/".join(parts[:-cut]))
    fields: dict[str, str] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        for form in post_forms(response.get_data(as_text=True)):
            action = urlsplit(form["action"]).path
            if action == path or (not action and page == path):
                fields.update(form["fields"])
        if fields:
            break
    fields.pop("csrf_token", None)
    return fields


def hostile_forms(fields: dict[str, str]):
    """Half the examples change one to three fields of an otherwise untouched (often valid)
    form, to get past validation into the services; the others change every field."""
    if not fields:
        return st.fixed_dictionaries({"campo": hostile})
    any_value = st.one_of(hostile, st.lists(hostile, max_size=3))

    @st.composite
    def few_changed(draw):
        names = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=3))
        return {**fields, **{name: draw(any_value) for name in names}}

    all_changed = st.fixed_dictionaries(
        {name: st.one_of(st.just(default), any_value) for name, default in fields.items()}
    )
    return st.one_of(few_changed(), all_changed)


@pytest.mark.parametrize(("endpoint", "route"), POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_no_form_answers_500_to_hostile_input(client, login_as, endpoint, route):
    role = _role_for(route)
    if role is None:
        pytest.skip("nobody may post here")
    if role != "anon":
        login_as(role)
    path = route.resolve()
    fields = {**form_fields(client, path), **route.post_data}

    @FAST
    @given(data=hostile_forms(fields))
    def post(data):
        if role != "anon":
            login_as(role)  # an example may have logged the session out
        response = client.post(path, data=sent(data))
        assert response.status_code < 500, f"POST {path} as {role} with {data!r}"

    post()


# --- bugs the sweep found, pinned -------------------------------------------------------------


@pytest.mark.parametrize("blank", [" ", "\t", "  \r\n"])
def test_a_blank_optional_select_is_stored_as_empty(client, login_as, blank):
    """WTForms' Optional() swallows the 'not a valid choice' error of a whitespace value, which
    then reached the database (foreign key violation: a 500)."""
    from red.extensions import db
    from red.models import Entrepreneur

    person = db.session.get(Entrepreneur, login_as("entrepreneur").entrepreneur_id)
    response = client.post(
        "/mis-datos/corregir",
        data={"municipality_code": blank, "email": "", "phone": "", "address": ""},
    )
    assert response.status_code in (200, 302)
    assert person.municipality_code is None


def test_the_error_page_survives_a_failed_flush(client, login_as, monkeypatch):
    """An unexpected database error leaves the session failed; the 500 page (whose navigation
    queries the database) must still render, in Spanish."""
    from red.extensions import db
    from red.services import rights

    def broken(person, values):
        person.sex = "Z"  # breaks a CHECK constraint
        db.session.flush()

    monkeypatch.setattr(rights, "correct_own_data", broken)
    login_as("entrepreneur")
    response = client.post("/mis-datos/corregir", data={"municipality_code": ""})
    assert response.status_code == 500
    assert "Error interno" in response.get_data(as_text=True)


def test_round_requests_ignore_ids_beyond_the_database_range(client, login_as):
    from tests import factories as f

    data = f.matrix_round()
    login_as("admin")
    path = f"/eventos/{data['event'].slug}/rueda/{data['buyer'].id}/solicitudes"
    response = client.post(path, data={"contrapartes": ["21981532124847315877888", "-3", "x"]})
    assert response.status_code < 500


@pytest.mark.parametrize("text", ["-99999999999999999999", "1e308", "NaN", "Infinity", "1e12"])
def test_indicator_values_the_column_cannot_hold_are_refused(text):
    """Numeric(14, 2): PostgreSQL overflowed (a 500); now a Spanish message on the form."""
    from red.services.indicators import IndicatorError, parse_value

    with pytest.raises(IndicatorError, match="número"):
        parse_value(text)


def test_whole_numbers_beyond_their_column_are_a_form_error(client, login_as, db):
    """reported_buyers is an INTEGER: 3.278.394.798 used to reach PostgreSQL (a 500)."""
    from red.forms import TOO_BIG, FlaskForm

    class CountForm(FlaskForm):
        from wtforms import IntegerField as _Int

        reported_buyers = _Int("Compradores")
        reported_sales_cop = _Int("Ventas")

    from werkzeug.datastructures import MultiDict

    with client.application.test_request_context(method="POST"):
        form = CountForm(
            formdata=MultiDict(
                {"reported_buyers": "3278394798", "reported_sales_cop": "28000000000"}
            ),
            meta={"csrf": False},
        )
        assert not form.validate()
        assert form.reported_buyers.errors == [TOO_BIG]
        assert form.reported_sales_cop.errors == []
