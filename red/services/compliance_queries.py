"""The set-based statements behind compliance: one per component, grouped by actor, for
one period or several joined by UNION ALL, so the núcleo's page never grows a statement
per row or per period. red/services/compliance.py folds their rows into scorecards.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import (
    Date,
    and_,
    bindparam,
    case,
    exists,
    func,
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


def _day(name: str):
    return bindparam(name, type_=Date)


def _actor_filter(query, column, single: bool):
    return query.where(column == bindparam("actor_id")) if single else query


def _tally(condition):
    return func.sum(case((condition, 1), else_=0))


def attendance_query(i: int, single: bool):
    """Period i's attendances by actor: asistió, excusa, ausente (bounds start_i, last_i)."""
    status = Attendance.status
    query = (
        select(
            Attendance.actor_id,
            _tally(status == "asistio"),
            _tally(status == "excusa"),
            _tally(status == "ausente"),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.held_on >= _day(f"start_{i}"), Meeting.held_on <= _day(f"last_{i}"))
        .group_by(Attendance.actor_id)
    )
    return _actor_filter(query, Attendance.actor_id, single)


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


def commitment_query(i: int, single: bool):
    """Period i's measured commitments by actor (bounds start_i, end_i; today)."""
    actor_col = commitment_actors.c.actor_id
    query = (
        select(
            actor_col,
            func.count(),
            func.sum(case((commitment_on_time_clause(), 1), else_=0)),
        )
        .join(Commitment, Commitment.id == commitment_actors.c.commitment_id)
        .where(Commitment.due_on >= _day(f"start_{i}"), Commitment.due_on <= _day(f"end_{i}"))
        .where(commitment_measured_clause(_day("today")))
        .group_by(actor_col)
    )
    return _actor_filter(query, actor_col, single)


def _month_windows(periods, today) -> list[tuple[int, tuple[int, int], tuple[date, date]]]:
    """(period position, (year, month), (first, last day counted)) for every month of every
    period up to today."""
    windows = []
    for index, period in enumerate(periods):
        last = period.effective_end(today)
        if last < period.start:
            continue
        for year, month in months_between(period.start, last):
            next_month = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            bounds = (max(period.start, date(year, month, 1)), min(last, next_month - timedelta(1)))
            windows.append((index, (year, month), bounds))
    return windows


def service_months_query(count: int, single: bool):
    """`count` month windows (lo_k, hi_k) as a small derived table, every member actor with
    every window, kept where one atención falls in it: one EXISTS probe of the index
    ix_service_records_actor_served per actor and window, so the cost follows actors ×
    months, not the atenciones logged (grouping a quarter's 91,000 atenciones at 100,000
    people took 440 ms on PostgreSQL)."""
    parts = [
        select(literal_column(str(k)).label("k"), _day(f"lo_{k}").label("lo"),
               _day(f"hi_{k}").label("hi"))
        for k in range(count)
    ]  # fmt: skip
    months = (parts[0] if count == 1 else union_all(*parts)).subquery("months")
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
    return _actor_filter(query, Actor.id, single)


def _with_actor(params: dict, actor_id: int | None) -> dict:
    if actor_id is not None:
        params["actor_id"] = actor_id
    return params


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


def referral_query(i: int, single: bool):
    """Period i's measured referrals by receiver (bounds start_i, end_i; today), counted in
    the database: reading every referral of the period into Python to compare dates grew
    with the network (a quarter at 1,000,000 people is ~60,000 rows); 40 rows come back."""
    on_time = and_(
        Referral.answered_at.is_not(None),
        bogota_day(Referral.answered_at) <= Referral.response_due_on,
    )
    # Every actor's quarter is read from the covering index ix_referrals_due_actor_answered
    # (a range on the deadline, index only). Grouping by `to_actor_id + 0` keeps SQLite off
    # a skip-scan of ix_referrals_to_actor_waiting with a row lookup per referral (36 ms
    # instead of 6 for a full quarter at 100k); PostgreSQL picks the covering index anyway.
    # One actor's referrals come from that actor's own index entries.
    receiver = Referral.to_actor_id if single else Referral.to_actor_id + 0
    query = (
        select(receiver, func.count(), func.sum(case((on_time, 1), else_=0)))
        .where(
            Referral.response_due_on >= _day(f"start_{i}"),
            Referral.response_due_on <= _day(f"end_{i}"),
        )
        .where(referral_measured_clause(_day("today")))
        .group_by(receiver)
    )
    return _actor_filter(query, Referral.to_actor_id, single)


def review_cutoff(period: Period, today: date, settings: dict) -> date:
    return period.effective_end(today) - timedelta(days=int(settings["review_window_days"]))


@lru_cache(maxsize=32)
def _program_counts_statement(count: int, single: bool):
    reviewed = [
        func.sum(case((Program.last_reviewed_on >= _day(f"cutoff_{i}"), 1), else_=0))
        for i in range(count)
    ]
    query = (
        select(Program.owner_id, func.count(), *reviewed)
        .where(Program.status == "publicado")
        .group_by(Program.owner_id)
    )
    return _actor_filter(query, Program.owner_id, single)


def program_counts(session, periods, today, settings, actor_id) -> list[dict]:
    """Per period, {owner: (reviewed in the window, published)}. The published programs are
    the same for every period (only the review cutoff moves), so one pass over them sums a
    column per period instead of one scan per period (5 × 5,000 rows on /nucleo at 100k)."""
    started = [i for i, p in enumerate(periods) if p.start <= today]  # others: nothing yet
    result: list[dict] = [{} for _ in periods]
    if not started:
        return result
    params = {
        f"cutoff_{position}": review_cutoff(periods[i], today, settings)
        for position, i in enumerate(started)
    }
    statement = _program_counts_statement(len(started), actor_id is not None)
    for owner, total, *done in session.execute(statement, _with_actor(params, actor_id)):
        for position, index in enumerate(started):
            result[index][owner] = (int(done[position] or 0), total)
    return result


ATTENDANCE, COMMITMENTS, REFERRALS, SERVICES = range(4)  # the parts' tags
_PARTS = ((ATTENDANCE, attendance_query), (COMMITMENTS, commitment_query),
          (REFERRALS, referral_query))  # fmt: skip


def _part(query, tag: int, position: int):
    """(actor, three values, tag, position): the parts' common columns, zeros as padding."""
    pad = [literal_column("0").label(f"_pad{n}") for n in range(4 - len(query.selected_columns))]
    tags = [literal_column(str(tag)).label("_c"), literal_column(str(position)).label("_p")]
    return query.add_columns(*pad, *tags)


@lru_cache(maxsize=64)
def _counts_statement(count: int, windows: int, single: bool):
    parts = [_part(build(i, single), tag, i) for i in range(count) for tag, build in _PARTS]
    if windows:
        parts.append(_part(service_months_query(windows, single), SERVICES, 0))
    return union_all(*parts)


def component_counts(session: Session, periods, today, actor_id) -> tuple[list, ...]:
    """Per period, by actor: attendances {status: n}, commitments and referrals (on time,
    measured), and the months with atenciones. One statement for the four components and
    every period (UNION ALL of each component's query per period, tagged), built once per
    shape with only the dates bound per request: one statement per component and period
    was 35 on the núcleo's page, one per component 7, building them a fifth of its
    Python."""
    windows = _month_windows(periods, today)
    distinct = sorted({bounds for _, _, bounds in windows})
    params: dict = {"today": today}
    for i, period in enumerate(periods):
        params |= {f"start_{i}": period.start, f"end_{i}": period.end}
        params[f"last_{i}"] = period.effective_end(today)
    for k, (lo, hi) in enumerate(distinct):
        params |= {f"lo_{k}": lo, f"hi_{k}": hi}
    attendance: list[dict] = [{} for _ in periods]
    commitments: list[dict] = [{} for _ in periods]
    referrals: list[dict] = [{} for _ in periods]
    active: dict[int, set[int]] = defaultdict(set)
    statement = _counts_statement(len(periods), len(distinct), actor_id is not None)
    for actor, a, b, c, tag, i in session.execute(statement, _with_actor(params, actor_id)):
        if tag == ATTENDANCE:
            attendance[i][actor] = {"asistio": int(a or 0), "excusa": int(b or 0),
                                    "ausente": int(c or 0)}  # fmt: skip
        elif tag == SERVICES:
            active[int(a)].add(actor)
        else:
            (commitments if tag == COMMITMENTS else referrals)[i][actor] = (int(b or 0), a)
    services: list[dict[int, set]] = [defaultdict(set) for _ in periods]
    position = {bounds: k for k, bounds in enumerate(distinct)}
    for index, year_month, bounds in windows:
        for actor in active[position[bounds]]:
            services[index][actor].add(year_month)
    return attendance, commitments, services, referrals
