"""Member compliance (cumplimiento): derived from the records, never typed in.

Three modules. Pure functions (`score_components`, `traffic_light`, `attendance_component`…)
turn counts into a 0–100 score and can be checked on paper. `compute_scorecard` feeds them
with a FIXED number of set-based queries (one per component, grouped by actor), whatever the
number of actors and records, so the núcleo's page never grows a query per row. The
pure half is red/services/compliance_scoring.py, the statements are
red/services/compliance_queries.py, and this module computes the scorecards from both.

Rules (the same on paper and in code):
- attendance: meetings of the actor's bodies held in the period up to today where attendance
  was taken for it; asistió counts 1, excusa counts EXCUSED_CREDIT, ausente 0.
- commitments: its commitments (not cancelled) due in the period that are already due
  (due before today) or already done; done on time = cumplido with completed_on <= due_on.
  A commitment due today and still open is not yet measured.
- services: months of the period (up to today) with at least one atención logged; the
  current, unfinished month counts only when it already has one.
- referrals: referrals it received whose response deadline falls in the period and that were
  answered or whose deadline passed; on time = answered (Bogotá date) <= response_due_on.
- programs: its published programs reviewed within the review window before the period's
  (measured) end.
A component with nothing to measure is left out of the weighting, never counted as zero.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import ScorecardVersion
from red.services.compliance_queries import (
    bogota_day,
    commitment_measured_clause,
    commitment_on_time_clause,
    component_counts,
    member_actors_query,
    program_counts,
    referral_measured_clause,
    review_cutoff,
)
from red.services.compliance_scoring import (
    COMPONENTS,
    EXCUSED_CREDIT,
    LIGHT_LABELS,
    SORT_KEYS,
    ActorScore,
    Component,
    Scorecard,
    answered_in_time,
    attendance_component,
    bogota_date,
    commitments_component,
    measured_months,
    programs_component,
    referrals_component,
    score_components,
    services_component,
    settings_of,
    sort_rows,
    traffic_light,
)
from red.services.periods import Period, local_today

# The names callers read as `compliance.X` (scoring rules, shapes, clauses), kept here.
__all__ = [
    "COMPONENTS",
    "EXCUSED_CREDIT",
    "LIGHT_LABELS",
    "SORT_KEYS",
    "ActorScore",
    "Component",
    "Scorecard",
    "answered_in_time",
    "attendance_component",
    "bogota_date",
    "bogota_day",
    "commitment_measured_clause",
    "commitment_on_time_clause",
    "commitments_component",
    "compute_scorecard",
    "compute_scorecards",
    "current_version",
    "measured_months",
    "member_actors_query",
    "programs_component",
    "referral_measured_clause",
    "referrals_component",
    "review_cutoff",
    "score_components",
    "services_component",
    "settings_of",
    "sort_rows",
    "traffic_light",
]


def current_version(session: Session) -> ScorecardVersion | None:
    return session.scalar(select(ScorecardVersion).order_by(ScorecardVersion.id.desc()).limit(1))


def compute_scorecard(
    session: Session,
    period: Period,
    today: date | None = None,
    version: ScorecardVersion | None = None,
    actor_id: int | None = None,
) -> Scorecard:
    """Every member actor's components, score and light for the period (7 queries at most).

    A closed period answers from its snapshot (red/services/compliance_periods.py): the
    scores and settings of the day it was closed, not today's weights."""
    return compute_scorecards(session, [period], today, version, actor_id)[0]


def compute_scorecards(
    session: Session,
    periods: list[Period],
    today: date | None = None,
    version: ScorecardVersion | None = None,
    actor_id: int | None = None,
) -> list[Scorecard]:
    """`compute_scorecard` for several periods in the same fixed number of statements (one
    per component for all the open periods, one for the closed ones, two per closed one)."""
    today = today or local_today()
    from red.services.compliance_periods import closed_periods, frozen_scorecard

    ended = [p for p in periods if p.key and p.end < today]
    closed = closed_periods(session, ended) if ended else {}
    cards: list[Scorecard | None] = [None] * len(periods)
    open_positions = []
    for index, period in enumerate(periods):
        snapshot = closed.get(period.key) if period.key and period.end < today else None
        if snapshot is not None:
            cards[index] = frozen_scorecard(session, snapshot, period, actor_id)
        else:
            open_positions.append(index)
    if not open_positions:
        return cards
    version = version or current_version(session)
    settings = settings_of(version)
    actors = session.scalars(member_actors_query(actor_id)).all()
    open_periods = [periods[i] for i in open_positions]

    attendance, commitments, services, referrals = component_counts(
        session, open_periods, today, actor_id
    )
    programs = program_counts(session, open_periods, today, settings, actor_id)
    for j, index in enumerate(open_positions):
        cards[index] = _scorecard(
            periods[index],
            today,
            version,
            settings,
            actors,
            (attendance[j], commitments[j], services[j], referrals[j], programs[j]),
        )
    return cards


def _scorecard(period, today, version, settings, actors, counts) -> Scorecard:
    attendance, commitments, services, referrals, programs = counts
    card = Scorecard(period, today, version, settings)
    # measured_months depends on an actor's months only through "has the current month
    # services?": two answers per period, not one per actor.
    current = (today.year, today.month)
    months_for: dict[bool, tuple[list, set]] = {}
    for actor in actors:
        own = attendance.get(actor.id, {})
        served = services.get(actor.id, set())
        key = current in served
        if key not in months_for:
            months = measured_months(period, today, served)
            months_for[key] = (months, set(months))
        months, counted = months_for[key]
        with_services = len(served & counted)
        components = [
            attendance_component(
                own.get("asistio", 0), own.get("excusa", 0), own.get("ausente", 0)
            ),
            commitments_component(*commitments.get(actor.id, (0, 0))),
            services_component(with_services, len(months)),
            referrals_component(*referrals.get(actor.id, (0, 0))),
            programs_component(*programs.get(actor.id, (0, 0))),
        ]
        score = score_components(components, settings["weights"])
        card.rows.append(
            ActorScore(actor, {c.key: c for c in components}, score, traffic_light(score, settings))
        )
    return card
