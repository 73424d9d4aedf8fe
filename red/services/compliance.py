"""Member compliance (cumplimiento): derived from the records, never typed in.

Two halves. Pure functions (`score_components`, `traffic_light`, `attendance_component`…)
turn counts into a 0–100 score and can be checked on paper. `compute_scorecard` feeds them
with a FIXED number of set-based queries (one per component, grouped by actor), whatever the
number of actors and records, so the núcleo's page never grows a query per row.

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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

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

from red.es_co import sort_key
from red.models import (
    Actor,
    Attendance,
    Commitment,
    Meeting,
    Program,
    Referral,
    ScorecardVersion,
    ServiceRecord,
)
from red.models.governance import DEFAULT_SCORECARD, commitment_actors
from red.services.calendar import BOGOTA
from red.services.periods import Period, local_today, months_between

EXCUSED_CREDIT = 0.5
COMPONENTS: dict[str, str] = {
    "attendance": "Asistencia a reuniones",
    "commitments": "Compromisos cumplidos a tiempo",
    "services": "Meses con atenciones registradas",
    "referrals": "Remisiones respondidas a tiempo",
    "programs": "Programas revisados",
}
LIGHT_LABELS = {"verde": "Verde", "amarillo": "Amarillo", "rojo": "Rojo", None: "Sin datos"}


# --- pure scoring ---------------------------------------------------------------------------


@dataclass
class Component:
    """One measured component: `done` out of `total` (total 0 = nothing to measure)."""

    key: str
    done: float = 0
    total: int = 0
    detail: str = ""

    @property
    def label(self) -> str:
        return COMPONENTS[self.key]

    @property
    def measured(self) -> bool:
        return self.total > 0

    @property
    def ratio(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else round(100 * self.ratio, 1)


def settings_of(version: ScorecardVersion | None) -> dict:
    """The version's settings completed with the defaults (older versions may lack a key)."""
    settings = {**DEFAULT_SCORECARD, **(version.settings if version else {})}
    settings["weights"] = {**DEFAULT_SCORECARD["weights"], **settings.get("weights", {})}
    return settings


def score_components(components: list[Component], weights: dict[str, float]) -> float | None:
    """Weighted 0–100 over the measured components only; None when nothing could be measured."""
    measured = [c for c in components if c.measured and weights.get(c.key, 0) > 0]
    total_weight = sum(weights[c.key] for c in measured)
    if not total_weight:
        return None
    return round(100 * sum(weights[c.key] * c.ratio for c in measured) / total_weight, 1)


def traffic_light(score: float | None, settings: dict) -> str | None:
    if score is None:
        return None
    if score >= settings["green_min"]:
        return "verde"
    if score >= settings["yellow_min"]:
        return "amarillo"
    return "rojo"


def attendance_component(attended: int, excused: int, absent: int) -> Component:
    total = attended + excused + absent
    detail = f"{attended} de {total}" + (f" ({excused} con excusa)" if excused else "")
    return Component("attendance", attended + EXCUSED_CREDIT * excused, total, detail)


def commitments_component(on_time: int, due: int) -> Component:
    return Component("commitments", on_time, due, f"{on_time} de {due}")


def services_component(months_with_services: int, months: int) -> Component:
    return Component(
        "services", months_with_services, months, f"{months_with_services} de {months} meses"
    )


def referrals_component(on_time: int, due: int) -> Component:
    return Component("referrals", on_time, due, f"{on_time} de {due}")


def programs_component(reviewed: int, published: int) -> Component:
    return Component("programs", reviewed, published, f"{reviewed} de {published}")


def bogota_date(moment: datetime) -> date:
    """The calendar day in Colombia of a stored timestamp (naive values are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BOGOTA).date()


def answered_in_time(answered_at: datetime | None, due_on: date) -> bool:
    return answered_at is not None and bogota_date(answered_at) <= due_on


def measured_months(period: Period, today: date, months_with_services: set) -> list:
    """Months of the period that count: elapsed ones, plus the current one if it has services."""
    last = period.effective_end(today)
    if last < period.start:
        return []
    months = months_between(period.start, last)
    current = (today.year, today.month)
    if period.start <= today <= period.end and current not in months_with_services:
        months = [m for m in months if m != current]
    return months


# --- set-based data -------------------------------------------------------------------------


@dataclass
class ActorScore:
    actor: Actor
    components: dict[str, Component]
    score: float | None
    light: str | None

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light]


@dataclass
class Scorecard:
    period: Period
    today: date
    version: ScorecardVersion | None
    settings: dict
    rows: list[ActorScore] = field(default_factory=list)
    closed: Any = None  # the ClosedPeriod whose snapshot this is, when the period is closed

    @property
    def version_label(self) -> str:
        if self.version is None:
            label = "configuración predeterminada (sin versiones guardadas)"
        else:
            label = f"versión {self.version.id} de la configuración"
        if self.closed is not None:
            label += f", congelada al cerrar el periodo el {self.closed.measured_on:%d/%m/%Y}"
        return label

    def counts(self) -> dict[str | None, int]:
        result: dict[str | None, int] = {"verde": 0, "amarillo": 0, "rojo": 0, None: 0}
        for row in self.rows:
            result[row.light] += 1
        return result

    def average(self) -> float | None:
        scores = [row.score for row in self.rows if row.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


def current_version(session: Session) -> ScorecardVersion | None:
    return session.scalar(select(ScorecardVersion).order_by(ScorecardVersion.id.desc()).limit(1))


def member_actors_query(actor_id: int | None = None):
    query = select(Actor).where(Actor.is_member.is_(True), Actor.status == "activo")
    if actor_id is not None:
        query = query.where(Actor.id == actor_id)
    return query.order_by(Actor.name_sort)


def _attendance_query(period, today, actor_id):
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


def _attendance_fold(rows):
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


def _commitment_query(period, today, actor_id):
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


def _commitment_fold(rows):
    return {actor: (int(on_time or 0), due) for actor, due, on_time in rows}


def _service_months(session, periods, today, actor_id) -> list[dict[int, set]]:
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


def _referral_query(period, today, actor_id):
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


def _referral_fold(rows):
    return {actor: (int(on_time or 0), due) for actor, due, on_time in rows}


def review_cutoff(period: Period, today: date, settings: dict) -> date:
    return period.effective_end(today) - timedelta(days=int(settings["review_window_days"]))


def _program_counts(session, periods, today, settings, actor_id) -> list[dict]:
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


def _per_period(session: Session, queries: list[Select | None]) -> list[list[tuple]]:
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

    def each(build, fold):
        return [fold(rows) for rows in _per_period(session, [build(p) for p in open_periods])]

    attendance = each(lambda p: _attendance_query(p, today, actor_id), _attendance_fold)
    commitments = each(lambda p: _commitment_query(p, today, actor_id), _commitment_fold)
    services = _service_months(session, open_periods, today, actor_id)
    referrals = each(lambda p: _referral_query(p, today, actor_id), _referral_fold)
    programs = _program_counts(session, open_periods, today, settings, actor_id)
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
    for actor in actors:
        own = attendance.get(actor.id, {})
        months = measured_months(period, today, services.get(actor.id, set()))
        with_services = len(services.get(actor.id, set()) & set(months))
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


SORT_KEYS = {"nombre", "puntaje", *COMPONENTS}


def sort_rows(rows: list[ActorScore], key: str, descending: bool) -> list[ActorScore]:
    """Sort by name, score or a component; rows without a value always go last."""
    if key == "nombre" or key not in SORT_KEYS:
        return sorted(rows, key=lambda r: sort_key(r.actor.name), reverse=descending)

    def value(row: ActorScore):
        return row.score if key == "puntaje" else row.components[key].ratio

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), sort_key(r.actor.name)), reverse=descending)
    return present + sorted(missing, key=lambda r: sort_key(r.actor.name))
