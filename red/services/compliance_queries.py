"""The set-based statements behind compliance: one per component, grouped by actor, for
one period or several joined by UNION ALL, so the núcleo's page never grows a statement
per row or per period. red/services/compliance.py folds their rows into scorecards.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import (
    Date,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from red.models import (
    Actor,
    Attendance,
    Commitment,
    Meeting,
    Program,
    Referral,
    ServiceRecord,
)
from red.models.governance import commitment_actors
from red.services.periods import Period, months_between


def member_actors_query(actor_id: int | None = None):
    query = select(Actor).where(Actor.is_member.is_(True), Actor.status == "activo")
    if actor_id is not None:
        query = query.where(Actor.id == actor_id)
    return query.order_by(Actor.name_sort)


def attendance_query(period, today, actor_id):
    last = period.effective_end(today)
    query = (
        select(Attendance.actor_id, Attendance.status, func.count())
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.held_on >= period.start, Meeting.held_on <= last)
        .group_by(Attendance.actor_id, Attendance.status)
    )
    if actor_id is not None:
        query = query.where(Attendance.actor_id == actor_id)
    return query


def attendance_fold(rows):
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for actor, status, number in rows:
        counts[actor][status] = number
    return counts


def commitment_measured_clause(today: date):
    """A commitment is measured once due (before today) or once done."""
    return and_(
        Commitment.status != "cancelado",
        or_(Commitment.due_on < today, Commitment.status == "cumplido"),
    )


def commitment_on_time_clause():
    return and_(
        Commitment.status == "cumplido",
        Commitment.completed_on.is_not(None),
        Commitment.completed_on <= Commitment.due_on,
    )


def commitment_query(period, today, actor_id):
    actor_col = commitment_actors.c.actor_id
    query = (
        select(
            actor_col,
            func.count(),
            func.sum(case((commitment_on_time_clause(), 1), else_=0)),
        )
        .join(Commitment, Commitment.id == commitment_actors.c.commitment_id)
        .where(Commitment.due_on >= period.start, Commitment.due_on <= period.end)
        .where(commitment_measured_clause(today))
        .group_by(actor_col)
    )
    if actor_id is not None:
        query = query.where(actor_col == actor_id)
    return query


def commitment_fold(rows):
    return {actor: (int(on_time or 0), due) for actor, due, on_time in rows}


def service_months(session, periods, today, actor_id) -> list[dict[int, set]]:
    """Per period, the months (up to today) in which each member actor logged at least one
    atención. One statement for all the periods: the month windows as a small derived table
    and one EXISTS probe of the (actor, served_on) index per actor and window, so the cost
    follows actors × months, not the atenciones logged (grouping a quarter's 91,000
    atenciones at 100,000 people took 440 ms on PostgreSQL)."""
    windows: list[tuple[int, tuple[int, int], tuple[date, date]]] = []
    for index, period in enumerate(periods):
        last = period.effective_end(today)
        if last < period.start:
            continue
        for year, month in months_between(period.start, last):
            next_month = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            bounds = (max(period.start, date(year, month, 1)), min(last, next_month - timedelta(1)))
            windows.append((index, (year, month), bounds))
    result: list[dict[int, set]] = [defaultdict(set) for _ in periods]
    if not windows:
        return result
    distinct = sorted({bounds for _, _, bounds in windows})
    parts = [
        select(
            literal_column(str(k)).label("k"),
            literal(lo, Date).label("lo"),
            literal(hi, Date).label("hi"),
        )
        for k, (lo, hi) in enumerate(distinct)
    ]
    months = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("months")
    served = exists().where(
        ServiceRecord.actor_id == Actor.id,
        ServiceRecord.deleted_at.is_(None),
        ServiceRecord.served_on >= months.c.lo,
        ServiceRecord.served_on <= months.c.hi,
    )
    query = (
        select(Actor.id, months.c.k)
        .join(months, true())  # every actor with every window, on purpose
        .where(Actor.is_member.is_(True), Actor.status == "activo", served)
    )
    if actor_id is not None:
        query = query.where(Actor.id == actor_id)
    active: dict[int, set[int]] = defaultdict(set)
    for actor, k in session.execute(query):
        active[int(k)].add(actor)
    for index, year_month, bounds in windows:
        for actor in active[distinct.index(bounds)]:
            result[index][actor].add(year_month)
    return result


def referral_measured_clause(today: date):
    return or_(Referral.answered_at.is_not(None), Referral.response_due_on < today)


class bogota_day(FunctionElement):
    """The calendar day in Colombia of a stored timestamp, in SQL (`bogota_date` in Python).
    Colombia keeps UTC−5 all year; SQLite stores UTC wall time."""

    type = Date()
    inherit_cache = True


@compiles(bogota_day)
def _bogota_day_sqlite(element, compiler, **kw):  # noqa: ANN001
    return f"date({compiler.process(element.clauses, **kw)}, '-5 hours')"


@compiles(bogota_day, "postgresql")
def _bogota_day_postgresql(element, compiler, **kw):  # noqa: ANN001
    # A fixed offset, as on SQLite: half the cost of looking the zone up for every row (a
    # quarter's 12,000 referrals at 100k people), the same day for every date since 1994.
    return (
        f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE INTERVAL '-05:00' AS DATE)"
    )


def referral_query(period, today, actor_id):
    """Counted in the database, grouped by actor: reading every referral of the period into
    Python to compare dates grew with the network (a quarter at 1,000,000 people is ~60,000
    rows); now 40 rows come back whatever the volume."""
    on_time = and_(
        Referral.answered_at.is_not(None),
        bogota_day(Referral.answered_at) <= Referral.response_due_on,
    )
    # Every actor's quarter is read from the covering index ix_referrals_due_actor_answered
    # (a range on the deadline, index only). Grouping by `to_actor_id + 0` keeps SQLite off
    # a skip-scan of ix_referrals_to_actor_waiting with a row lookup per referral (36 ms
    # instead of 6 for a full quarter at 100k); PostgreSQL picks the covering index anyway.
    # One actor's referrals come from that actor's own index entries.
    receiver = Referral.to_actor_id if actor_id is not None else Referral.to_actor_id + 0
    query = (
        select(receiver, func.count(), func.sum(case((on_time, 1), else_=0)))
        .where(Referral.response_due_on >= period.start, Referral.response_due_on <= period.end)
        .where(referral_measured_clause(today))
        .group_by(receiver)
    )
    if actor_id is not None:
        query = query.where(Referral.to_actor_id == actor_id)
    return query


def referral_fold(rows):
    return {actor: (int(on_time or 0), due) for actor, due, on_time in rows}


def review_cutoff(period: Period, today: date, settings: dict) -> date:
    return period.effective_end(today) - timedelta(days=int(settings["review_window_days"]))


def program_counts(session, periods, today, settings, actor_id) -> list[dict]:
    """Per period, {owner: (reviewed in the window, published)}. The published programs are
    the same for every period (only the review cutoff moves), so one pass over them sums a
    column per period instead of one scan per period (5 × 5,000 rows on /nucleo at 100k)."""
    started = [i for i, p in enumerate(periods) if p.start <= today]  # others: nothing yet
    result: list[dict] = [{} for _ in periods]
    if not started:
        return result
    reviewed = [
        func.sum(
            case(
                (Program.last_reviewed_on >= review_cutoff(periods[i], today, settings), 1),
                else_=0,
            )
        )
        for i in started
    ]
    query = (
        select(Program.owner_id, func.count(), *reviewed)
        .where(Program.status == "publicado")
        .group_by(Program.owner_id)
    )
    if actor_id is not None:
        query = query.where(Program.owner_id == actor_id)
    for owner, total, *done in session.execute(query):
        for position, index in enumerate(started):
            result[index][owner] = (int(done[position] or 0), total)
    return result


def per_period(session: Session, queries: list[Select | None]) -> list[list[tuple]]:
    """One statement for the same component over several periods: each period's query
    tagged with its position, joined by UNION ALL; the rows come back split by period.
    (The núcleo's page shows five periods: 35 statements became 7.)"""
    parts = [
        query.add_columns(literal_column(str(index)).label("_period"))
        for index, query in enumerate(queries)
        if query is not None
    ]
    rows: list[list[tuple]] = [[] for _ in queries]
    if not parts:
        return rows
    statement = parts[0] if len(parts) == 1 else union_all(*parts)
    for row in session.execute(statement):
        rows[int(row[-1])].append(tuple(row[:-1]))
    return rows
