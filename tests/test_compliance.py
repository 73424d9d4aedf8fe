"""Compliance computed on paper: a small hand-built network and the expected figures.

Today is Thursday 26/11/2026; the period is the fourth quarter of 2026 (01/10 – 31/12).
"""

from __future__ import annotations

from datetime import date

import pytest

from red.models import ScorecardVersion
from red.services import compliance
from red.services.calendar import add_business_days
from red.services.compliance import Component, score_components, traffic_light
from red.services.periods import parse_period, quarter
from tests import factories as f

TODAY = date(2026, 11, 26)
Q4 = quarter(2026, 4)
DEFAULT_WEIGHTS = {
    "attendance": 25,
    "commitments": 25,
    "services": 20,
    "referrals": 20,
    "programs": 10,
}


@pytest.fixture
def network(db):
    a, b, d = f.actor("Actor A"), f.actor("Actor B"), f.actor("Actor D")
    outsider = f.actor("Aliado sin membresía", is_member=False)
    mesa = f.body([a, b], coordinator=a)
    f.meeting(mesa, date(2026, 9, 20), {a: "ausente", b: "ausente"})  # previous quarter
    first = f.meeting(mesa, date(2026, 10, 5), {a: "asistio", b: "asistio"})
    f.meeting(mesa, date(2026, 11, 10), {a: "excusa", b: "ausente"})
    f.meeting(mesa, date(2026, 12, 10))  # scheduled, not held yet
    # Commitments of A: measured c1, c2, c3, c5; on time c1, c5.
    f.commitment(first, [a], date(2026, 10, 20), "cumplido", date(2026, 10, 18))  # c1 on time
    f.commitment(first, [a], date(2026, 11, 1), "cumplido", date(2026, 11, 5))  # c2 late
    f.commitment(first, [a], date(2026, 11, 20))  # c3 overdue
    f.commitment(first, [a], TODAY)  # c4 due today, still open: not measured yet
    f.commitment(first, [a], TODAY, "cumplido", TODAY)  # c5 done on its last day
    f.commitment(first, [a], date(2026, 11, 15), "cancelado")  # c6 cancelled
    f.commitment(first, [a], date(2026, 12, 20), "en_curso")  # c7 not due yet
    # Services: A only in November (current month); B none; D in October and November.
    f.service(a, date(2026, 11, 3))
    f.service(a, date(2026, 9, 30))  # previous quarter
    f.service(d, date(2026, 10, 31))
    f.service(d, date(2026, 11, 2))
    # Referrals to A.
    friday = date(2026, 10, 2)
    due = add_business_days(friday, 5)
    f.referral(a, due, f.bogota(due, 23, 30))  # r1: last evening of the window (04:30 UTC next day)
    f.referral(a, due, f.bogota(date(2026, 10, 10), 15))  # r2: answered on Saturday, late
    f.referral(a, date(2026, 11, 20))  # r3: never answered, deadline passed
    f.referral(a, date(2026, 11, 30))  # r4: still within its window
    f.referral(a, date(2026, 11, 27), f.bogota(date(2026, 11, 25), 10))  # r5: early
    # Programs of A: one reviewed within 180 days, two not, one draft.
    f.program(owner=a, reviewed=date(2026, 8, 1))
    f.program(owner=a, reviewed=date(2026, 1, 10))
    f.program(owner=a, reviewed=None)
    f.program(owner=a, status="borrador", reviewed=None)
    f.program(owner=outsider, reviewed=date(2026, 11, 1))
    return {"a": a, "b": b, "d": d, "outsider": outsider, "mesa": mesa}


def _rows(card, *actors):
    by_id = {row.actor.id: row for row in card.rows}
    return [by_id[actor.id] for actor in actors]


def test_response_window_counts_business_days_over_weekends():
    assert add_business_days(date(2026, 10, 2), 5) == date(2026, 10, 9)  # Friday → Friday
    assert add_business_days(date(2026, 10, 3), 5) == date(2026, 10, 9)  # from a Saturday
    # Monday 12/10/2026 is a holiday (Día de la Raza): a Tuesday referral is due on Wednesday.
    assert add_business_days(date(2026, 10, 6), 5) == date(2026, 10, 14)


def test_each_component_and_the_score_match_the_paper_figures(network):
    card = compliance.compute_scorecard(f.db.session, Q4, TODAY)
    a, b, d = _rows(card, network["a"], network["b"], network["d"])

    # A: attendance 1 + ½ excusa of 2 meetings; commitments 2/4; services 1/2 months;
    # referrals 2/4; programs 1/3.
    assert (a.components["attendance"].done, a.components["attendance"].total) == (1.5, 2)
    assert (a.components["commitments"].done, a.components["commitments"].total) == (2, 4)
    assert (a.components["services"].done, a.components["services"].total) == (1, 2)
    assert (a.components["referrals"].done, a.components["referrals"].total) == (2, 4)
    assert (a.components["programs"].done, a.components["programs"].total) == (1, 3)
    # (25·0.75 + 25·0.5 + 20·0.5 + 20·0.5 + 10·⅓) / 100 = 54.58…
    assert a.score == 54.6
    assert a.light == "rojo"

    # B: attended 1 of 2; no commitments, referrals or programs (left out of the weights);
    # October without services (November is current and empty, so it does not count yet).
    assert (b.components["attendance"].done, b.components["attendance"].total) == (1, 2)
    assert (b.components["services"].done, b.components["services"].total) == (0, 1)
    for key in ("commitments", "referrals", "programs"):
        assert not b.components[key].measured
    assert b.score == round(100 * (25 * 0.5 + 20 * 0) / 45, 1) == 27.8

    # D: no meetings at all — attendance is left out, not counted as zero.
    assert not d.components["attendance"].measured
    assert (d.components["services"].done, d.components["services"].total) == (2, 2)
    assert d.score == 100.0
    assert d.light == "verde"


def test_non_members_are_not_scored(network):
    card = compliance.compute_scorecard(f.db.session, Q4, TODAY)
    assert network["outsider"].id not in {row.actor.id for row in card.rows}


def test_a_period_with_nothing_to_measure_has_no_score(network):
    future = parse_period("2027-T1", None, None, TODAY)
    card = compliance.compute_scorecard(f.db.session, future, TODAY)
    (a,) = _rows(card, network["a"])
    assert a.score is None and a.light is None
    assert a.light_label == "Sin datos"


def test_a_new_scorecard_version_changes_the_score_and_is_named(network):
    f.db.session.add(
        ScorecardVersion(
            settings={
                "weights": {**DEFAULT_WEIGHTS, "attendance": 0, "programs": 0},
                "green_min": 50,
                "yellow_min": 30,
                "response_window_days": 5,
                "review_window_days": 180,
            },
            note="Prueba",
        )
    )
    f.db.session.flush()
    card = compliance.compute_scorecard(f.db.session, Q4, TODAY)
    (a,) = _rows(card, network["a"])
    assert a.score == 50.0  # (25·0.5 + 20·0.5 + 20·0.5) / 65
    assert a.light == "verde"
    assert card.version_label.startswith(f"versión {card.version.id}")


def test_pure_scoring_and_traffic_light_boundaries():
    settings = {"green_min": 80, "yellow_min": 60}
    assert traffic_light(80, settings) == "verde"
    assert traffic_light(79.9, settings) == "amarillo"
    assert traffic_light(60, settings) == "amarillo"
    assert traffic_light(59.9, settings) == "rojo"
    assert traffic_light(None, settings) is None
    parts = [Component("attendance", 3, 4), Component("services", 0, 0)]
    assert score_components(parts, DEFAULT_WEIGHTS) == 75.0
    assert score_components([Component("services", 0, 0)], DEFAULT_WEIGHTS) is None


def test_scorecard_runs_a_fixed_number_of_queries(db, count_queries):
    def build(how_many: int):
        actors = [f.actor() for _ in range(how_many)]
        mesa = f.body(actors)
        held = f.meeting(mesa, date(2026, 10, 5), dict.fromkeys(actors, "asistio"))
        for actor in actors:
            f.service(actor, date(2026, 10, 6))
            f.referral(actor, date(2026, 10, 9), f.bogota(date(2026, 10, 8), 9))
            f.commitment(held, [actor], date(2026, 10, 30), "cumplido", date(2026, 10, 29))
            f.program(owner=actor, reviewed=date(2026, 10, 1))

    build(2)
    f.db.session.expire_all()
    with count_queries() as few:
        compliance.compute_scorecard(f.db.session, Q4, TODAY)
    build(25)
    f.db.session.expire_all()
    with count_queries() as many:
        card = compliance.compute_scorecard(f.db.session, Q4, TODAY)
    assert few.count == many.count <= 7
    assert len(card.rows) >= 27
