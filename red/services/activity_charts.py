"""Pictures of the network's recorded activity: where (by subregion), when (by month) and how
referrals flow (sent → accepted → attended → completed), each from one grouped query.

They count records only, never the report's figures (red/services/report_figures.py), and
their summaries say how much of what they show is demonstration activity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from red.es_co import sort_key
from red.formatting import MONTHS, format_number
from red.models import Actor, Entrepreneur, Municipality, Referral, ServiceRecord
from red.services.charts import BarChart, ColumnChart, FunnelChart, columns, funnel, horizontal_bars
from red.services.indicators import Activity
from red.services.periods import months_between

ACCEPTED = ("aceptada", "en_atencion", "completada", "cerrada_sin_atencion")
ATTENDED = ("en_atencion", "completada")
STAGES = ("Enviadas", "Aceptadas", "Atendidas", "Completadas")
TOP_ACTORS = 6


def _demo_note(demo: int, total: int) -> str:
    if not demo:
        return ""
    if demo == total:
        return " Todo es actividad de demostración."
    return f" De ellas, {format_number(demo)} son actividad de demostración."


def subregion_chart(activity: Activity) -> BarChart:
    rows = sorted(activity.subregions, key=lambda s: (-s.services, sort_key(s.name)))
    top = rows[0] if rows and rows[0].services else None
    summary = (
        f"{format_number(activity.services)} atenciones en el periodo"
        + (
            f"; la mayoría en la subregión {top.name} ({format_number(top.services)})."
            if top
            else "."
        )
        + _demo_note(activity.demo.get("services", 0), activity.services)
    )
    peak = max([s.services for s in rows] + [1])
    return horizontal_bars(
        "Atenciones por subregión",
        summary,
        [(s.name, s.services, format_number(s.services), "serie") for s in rows],
        high=peak,
        ceiling=peak,
        tick_format=format_number,
    )


def monthly_services(
    session: Session,
    start: date,
    end: date,
    subregion: str | None = None,
    municipality: str | None = None,
) -> list[tuple[int, int, int, int]]:
    """(year, month, services, of which demonstration) for every month of the period."""
    year = extract("year", ServiceRecord.served_on)
    month = extract("month", ServiceRecord.served_on)
    query = (
        select(
            year,
            month,
            func.count(ServiceRecord.id),
            func.sum(case((Entrepreneur.is_demo.is_(True), 1), else_=0)),
        )
        .join(Entrepreneur, Entrepreneur.id == ServiceRecord.entrepreneur_id)
        .where(ServiceRecord.deleted_at.is_(None))
        .where(ServiceRecord.served_on >= start, ServiceRecord.served_on <= end)
        .group_by(year, month)
    )
    if subregion:
        query = query.join(Municipality, Municipality.code == Entrepreneur.municipality_code).where(
            Municipality.subregion == subregion
        )
    if municipality:
        query = query.where(Entrepreneur.municipality_code == municipality)
    found = {(int(y), int(m)): (int(n), int(d or 0)) for y, m, n, d in session.execute(query)}
    return [(y, m, *found.get((y, m), (0, 0))) for y, m in months_between(start, end)]


def month_chart(rows: list[tuple[int, int, int, int]]) -> ColumnChart:
    total = sum(r[2] for r in rows)
    busiest = max(rows, key=lambda r: r[2]) if rows else None
    summary = f"{format_number(total)} atenciones en {len(rows)} meses"
    if busiest and busiest[2]:
        summary += f"; el mes con más fue {MONTHS[busiest[1] - 1]} de {busiest[0]} ({format_number(busiest[2])})"
    summary += "." + _demo_note(sum(r[3] for r in rows), total)
    items = [(f"{MONTHS[m - 1][:3]} {y}", n, format_number(n)) for y, m, n, _ in rows[-13:]]
    return columns("Atenciones por mes", summary, items)


@dataclass
class FunnelCounts:
    actor: str
    sent: int = 0
    accepted: int = 0
    attended: int = 0
    completed: int = 0
    demo: int = 0
    slug: str | None = None  # the receiving actor, whose records the row leads to

    @property
    def stages(self) -> list[tuple[str, int]]:
        return list(
            zip(STAGES, (self.sent, self.accepted, self.attended, self.completed), strict=True)
        )


def referral_funnel(session: Session, start: date, end: date) -> list[FunnelCounts]:
    """Referrals received per actor in the period (by the day they were sent) and how far
    they went, from their current state: accepted (or later), attended, completed."""
    from red.services.indicators import _day_start_utc

    def count(statuses: tuple[str, ...]):
        return func.sum(case((Referral.status.in_(statuses), 1), else_=0))

    query = (
        select(
            Actor.slug,
            Actor.name,
            Actor.acronym,
            func.count(Referral.id),
            count(ACCEPTED),
            count(ATTENDED),
            count(("completada",)),
            func.sum(case((Entrepreneur.is_demo.is_(True), 1), else_=0)),
        )
        .join(Actor, Actor.id == Referral.to_actor_id)
        # Outer: a referral from the public Ruta may still wait for the person's identity.
        .outerjoin(Entrepreneur, Entrepreneur.id == Referral.entrepreneur_id)
        .where(Referral.sent_at >= _day_start_utc(start))
        .where(Referral.sent_at < _day_start_utc(date.fromordinal(end.toordinal() + 1)))
        .group_by(Actor.id, Actor.slug, Actor.name, Actor.acronym)
    )
    rows = [
        FunnelCounts(
            acronym or name, int(n), int(a or 0), int(t or 0), int(c or 0), int(d or 0), slug
        )
        for slug, name, acronym, n, a, t, c, d in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (-r.sent, r.actor))


def funnel_chart(rows: list[FunnelCounts]) -> FunnelChart:
    network = FunnelCounts("Toda la Red")
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        for key in ("sent", "accepted", "attended", "completed", "demo"):
            totals[key] += getattr(row, key)
    for key, value in totals.items():
        setattr(network, key, value)
    summary = "Sin remisiones en el periodo."
    if network.sent:
        share = round(100 * network.completed / network.sent)
        summary = (
            f"De {format_number(network.sent)} remisiones enviadas, {format_number(network.accepted)} "
            f"fueron aceptadas, {format_number(network.attended)} llegaron a atención y "
            f"{format_number(network.completed)} se completaron ({share} %). Se muestran los "
            f"{min(TOP_ACTORS, len(rows))} actores que más recibieron; la tabla trae a todos."
            + _demo_note(network.demo, network.sent)
        )
    shown = [network, *rows[:TOP_ACTORS]]
    return funnel(
        "Remisiones: enviadas → aceptadas → atendidas → completadas",
        summary,
        [(row.actor, row.stages) for row in shown],
    )


@dataclass
class ReceivedReferral:
    """One referral behind a row of the funnel, without the person (the núcleo follows the
    flow between actors, not the people in it)."""

    code: str
    sent_on: date  # Bogotá days, as the funnel's period reads them
    from_actor: str
    status: str
    answered_on: date | None

    @property
    def reached(self) -> tuple[bool, bool, bool]:
        """(accepted, attended, completed): the funnel's stages this referral passed."""
        return (self.status in ACCEPTED, self.status in ATTENDED, self.status == "completada")


def referrals_received(
    session: Session, actor_id: int, start: date, end: date
) -> tuple[list[ReceivedReferral], FunnelCounts]:
    """The referrals a funnel row counts (same filter as referral_funnel) and their sums,
    which equal that row: the drill-down of the funnel. One query."""
    from red.services.compliance import bogota_date
    from red.services.indicators import _day_start_utc

    sender = Actor.__table__.alias("sender")
    query = (
        select(
            Referral.code,
            Referral.sent_at,
            func.coalesce(sender.c.acronym, sender.c.name),
            Referral.status,
            Referral.answered_at,
        )
        .outerjoin(sender, sender.c.id == Referral.from_actor_id)
        .where(Referral.to_actor_id == actor_id)
        .where(Referral.sent_at >= _day_start_utc(start))
        .where(Referral.sent_at < _day_start_utc(date.fromordinal(end.toordinal() + 1)))
        .order_by(Referral.sent_at.desc(), Referral.id.desc())
    )
    rows = [
        ReceivedReferral(
            code,
            bogota_date(sent),
            sender_name or "Ruta (autogestión)",
            status,
            bogota_date(answered) if answered else None,
        )
        for code, sent, sender_name, status, answered in session.execute(query)
    ]
    total = FunnelCounts("Total", sent=len(rows))
    for row in rows:
        accepted, attended, completed = row.reached
        total.accepted += accepted
        total.attended += attended
        total.completed += completed
    return rows, total
