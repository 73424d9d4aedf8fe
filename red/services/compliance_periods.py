"""Closing a compliance period: its scores are frozen with the settings that produced them.

While a period is open its scores follow the records and the current scorecard version, so a
change of weights rewrites them. Once the núcleo closes it (a named quarter, semester or year
that has ended), each member's components, score and light are stored with the settings and
the version used; `compute_scorecard` answers from that snapshot from then on, whatever the
weights become. The records behind the numbers stay reachable on the actor pages.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from red.models import Actor, ClosedPeriod, ComplianceSnapshot
from red.services.compliance import (
    COMPONENTS,
    ActorScore,
    Component,
    Scorecard,
    compute_scorecard,
    current_version,
)
from red.services.periods import Period

CLOSABLE = "Solo se puede cerrar un trimestre, semestre o año que ya terminó."


class PeriodError(ValueError):
    """The period cannot be closed; the message is for the user."""


# A closed period is read with the scorecard version it was scored with (same statement).
_VERSION = joinedload(ClosedPeriod.scorecard_version)


def closed_period(session: Session, period: Period) -> ClosedPeriod | None:
    if not period.key:
        return None
    return session.scalar(
        select(ClosedPeriod).where(ClosedPeriod.key == period.key).options(_VERSION)
    )


def closed_periods(session: Session, periods: list[Period]) -> dict[str, ClosedPeriod]:
    """The closed ones among `periods`, by key, in one statement."""
    keys = [p.key for p in periods if p.key]
    if not keys:
        return {}
    return {
        c.key: c
        for c in session.scalars(
            select(ClosedPeriod).where(ClosedPeriod.key.in_(keys)).options(_VERSION)
        )
    }


def can_close(period: Period, today: date) -> bool:
    """Only a named period that has ended: a custom range or a running quarter cannot."""
    return bool(period.key) and period.end < today


def close_period(
    session: Session, period: Period, *, user_id: int | None, today: date
) -> ClosedPeriod:
    """Freeze every member's result for the period with the current settings."""
    if not can_close(period, today):
        raise PeriodError(CLOSABLE)
    if closed_period(session, period) is not None:
        raise PeriodError(f"El periodo «{period.label}» ya está cerrado.")
    version = current_version(session)
    card = compute_scorecard(session, period, today, version)
    closed = ClosedPeriod(
        key=period.key,
        starts_on=period.start,
        ends_on=period.end,
        measured_on=today,
        closed_by_user_id=user_id,
        scorecard_version_id=version.id if version else None,
        settings=card.settings,
    )
    closed.snapshots = [
        ComplianceSnapshot(
            actor_id=row.actor.id,
            score=row.score,
            light=row.light,
            components={key: [c.done, c.total, c.detail] for key, c in row.components.items()},
        )
        for row in card.rows
    ]
    session.add(closed)
    session.flush()
    return closed


def frozen_scorecard(
    session: Session, closed: ClosedPeriod, period: Period, actor_id: int | None
) -> Scorecard:
    """The stored result of a closed period, in the shape every page already reads."""
    query = (
        select(ComplianceSnapshot)
        .where(ComplianceSnapshot.period_id == closed.id)
        .options(selectinload(ComplianceSnapshot.actor))
        .join(Actor, Actor.id == ComplianceSnapshot.actor_id)
        .order_by(Actor.name_sort)
    )
    if actor_id is not None:
        query = query.where(ComplianceSnapshot.actor_id == actor_id)
    card = Scorecard(period, closed.measured_on, closed.scorecard_version, closed.settings)
    card.closed = closed
    for snap in session.scalars(query):
        components = {
            key: Component(key, *snap.components.get(key, [0, 0, ""])) for key in COMPONENTS
        }
        card.rows.append(ActorScore(snap.actor, components, snap.score, snap.light))
    return card
