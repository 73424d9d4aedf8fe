"""Stored XSS sweep: a script payload in every text a person can type (names, descriptions,
needs, outcomes, agendas, actas, commitments…) is shown escaped on every page of the matrix,
to every role that may see the page."""

from __future__ import annotations

import pytest
from sqlalchemy import String, cast, literal, update

from red.extensions import db
from red.models import (
    Actor,
    Body,
    Commitment,
    Entrepreneur,
    Event,
    Meeting,
    Participation,
    Program,
    Referral,
    RightsRequest,
    ServiceRecord,
    User,
    Venture,
)
from tests.matrix import ROLES
from tests.test_permissions import MATRIX

SCRIPT = '<script>alert("x")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
PAYLOAD = f'"><{SCRIPT[1:]}{IMAGE}'
ESCAPED = "&lt;script&gt;"

# Every text column people type and pages show (not slugs, codes or e-mails the app looks up).
TEXT_COLUMNS = {
    Actor: ("name", "description", "address"),
    User: ("full_name",),
    Program: ("name", "summary", "description", "requirements", "contact_name"),
    Entrepreneur: ("first_names", "last_names", "address"),
    Venture: ("name", "description"),
    Referral: ("need", "rejection_reason"),
    ServiceRecord: ("outcome", "notes"),
    Event: ("name", "description", "venue", "reported_notes"),
    Participation: ("offer", "notes"),
    Body: ("name", "description"),
    Meeting: ("place", "agenda", "acta"),
    Commitment: ("description", "progress_notes", "evidence"),
    RightsRequest: ("description", "response"),
}


def poison() -> None:
    """Put the payload (and the row's id, for unique names) in every text column above."""
    for model, columns in TEXT_COLUMNS.items():
        value = literal(PAYLOAD) + literal(" ") + cast(model.id, String)
        db.session.execute(update(model).values(dict.fromkeys(columns, value)))
    db.session.flush()
    db.session.expire_all()


GET_ROUTES = sorted((e, r) for e, r in MATRIX.items() if r.get is not None)
SEEN_ESCAPED: set[str] = set()
SWEPT: set[str] = set()  # the sweep's cases that ran (a -k selection or another order runs some)


@pytest.mark.parametrize(("endpoint", "route"), GET_ROUTES, ids=[e for e, _ in GET_ROUTES])
def test_typed_text_is_escaped_on_every_page(client, login_as, endpoint, route):
    path = route.resolve()  # builds the records the page shows
    poison()
    SWEPT.add(endpoint)
    for role in ROLES:
        if route.get.get(role) != 200:
            continue
        with client.session_transaction() as session:
            session.clear()
        if role != "anon":
            login_as(role)
        response = client.get(path)
        if "text/html" not in response.content_type:
            continue
        page = response.get_data(as_text=True)
        assert SCRIPT not in page and IMAGE not in page, f"{path} as {role} shows raw HTML"
        if ESCAPED in page:
            SEEN_ESCAPED.add(endpoint)


# The pages that must show the (escaped) typed text: if one stopped showing it, the sweep
# above would prove nothing for it.
MUST_SHOW = {
    "actors.profile",
    "entrepreneurs.detail",
    "entrepreneurs.index",
    "entrepreneurs.services",
    "entrepreneurs.venture_edit",
    "events.show",
    "events.index",
    "governance.meeting_detail",
    "governance.meeting_print",
    "governance.commitment_detail",
    "governance.commitments",
    "referrals.detail",
    "referrals.inbox",
    "ruta.program",
    "ruta.catalog",
}


def test_the_sweep_saw_the_payload_escaped_where_it_is_shown():
    swept = MUST_SHOW & SWEPT
    if not swept:
        pytest.skip("run after the sweep above")
    missing = swept - SEEN_ESCAPED
    assert not missing, f"pages that did not show the escaped payload: {sorted(missing)}"
