"""The plan's metas (Tablas 1–5) and network activity computed live from the records.

Metas keep the report's figures as numbers and as the report's own text (e.g. "62,8%**"),
so pages show them exactly as published. Network activity is never typed in: it is counted
from service records, referrals and participations with a handful of grouped queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from red import es_co
from red.es_co import sort_key
from red.models import (
    Entrepreneur,
    Event,
    Indicator,
    IndicatorProgress,
    Municipality,
    Participation,
    Referral,
    ReferralStatusChange,
    ServiceRecord,
)
from red.services.calendar import BOGOTA
from red.services.charts import BarChart, horizontal_bars, percent_text
from red.services.periods import local_today

TABLE_TITLES = {
    1: "Tabla 1. Metas de resultado",
    2: "Tabla 2. Metas de producto — Apuesta 1",
    3: "Tabla 3. Metas de producto — Apuesta 2",
    4: "Tabla 4. Metas de producto — Apuesta 3",
    5: "Tabla 5. Metas de producto — Apuesta 4",
}


class IndicatorError(ValueError):
    """Invalid progress entry; the message is for the user."""


PROGRESS_LABELS = {
    "superada": "Meta superada",
    "cumplida": "Meta cumplida",
    "avance": "En avance",
    "sin_avance": "Sin avance",
    "retroceso": "Retroceso",
    "sin_calculo": "Sin cálculo",
}


@dataclass(frozen=True)
class MetaProgress:
    """How far a meta went, in its own direction: a share of the way (not clamped) and what
    that share means. A regression is negative, an over-achievement above 100."""

    share: float | None
    status: str

    @property
    def label(self) -> str:
        return PROGRESS_LABELS[self.status]


def progress_share(indicator: Indicator) -> float | None:
    """Percent of the way from the start to the target, in the meta's own direction.

    - acumulado (a count): the count starts at zero in the plan period, so the share is
      progress / target (the credits meta: 664 new credits of 3.500 = 19 %, as the report
      says; its baseline 2.378 is what was achieved before).
    - subir / bajar (a level, a rate or a ranking position): (progress − baseline) /
      (target − baseline), which is negative when the level moved the wrong way
      (desempleo 23 → 27 toward 20: −133,3 %) and above 100 past the target
      (exportaciones 6 → 3 toward 5: 300 %). A target on the wrong side of the baseline
      for the declared direction cannot be read, and gives None.
    """
    target, progress = indicator.target_value, indicator.progress_value
    if target is None or progress is None:
        return None
    if indicator.measure == "acumulado":
        return round(float(progress / target) * 100, 1) if target else None
    baseline = indicator.baseline_value
    if baseline is None:
        return None
    span = target - baseline
    if (indicator.measure == "subir" and span <= 0) or (indicator.measure == "bajar" and span >= 0):
        return None
    return round(float((progress - baseline) / span) * 100, 1)


def meta_progress(indicator: Indicator) -> MetaProgress:
    share = progress_share(indicator)
    if share is None:
        status = "sin_calculo"
    elif share > 100:
        status = "superada"
    elif share == 100:
        status = "cumplida"
    elif share > 0:
        status = "avance"
    elif share == 0:
        status = "sin_avance"
    else:
        status = "retroceso"
    return MetaProgress(share, status)


TONES = {
    "superada": "logrado",
    "cumplida": "logrado",
    "avance": "avance",
    "sin_avance": "avance",
    "retroceso": "retroceso",
    "sin_calculo": "sin_datos",
}


SUMMARY_WORDS = [
    ("superada", "meta superada", "metas superadas"),
    ("cumplida", "meta cumplida", "metas cumplidas"),
    ("avance", "en avance", "en avance"),
    ("sin_avance", "sin avance", "sin avance"),
    ("retroceso", "en retroceso", "en retroceso"),
    ("sin_calculo", "sin cálculo", "sin cálculo"),
]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def progress_summary(indicators: list[Indicator]) -> str:
    """One sentence a person can read instead of the chart: counts by status, regressions named."""
    progress = [(i, meta_progress(i)) for i in indicators]
    counts: dict[str, int] = defaultdict(int)
    for _, p in progress:
        counts[p.status] += 1
    parts = [_plural(counts[key], one, many) for key, one, many in SUMMARY_WORDS if counts[key]]
    text = f"{_plural(len(indicators), 'meta', 'metas')}: {', '.join(parts)}."
    regressions = [
        f"{short_name(i)} ({percent_text(p.share)})" for i, p in progress if p.status == "retroceso"
    ]
    if regressions:
        text += " En retroceso: " + "; ".join(regressions) + "."
    return text


def short_name(indicator: Indicator) -> str:
    return indicator.name.replace("*", "").strip()


def progress_chart(title: str, indicators: list[Indicator]) -> BarChart:
    """Each meta's share of the way to its target: negative bars are regressions, the dashed
    line is the target (100 %), a bar past it is a meta superada."""
    items = []
    for indicator in indicators:
        p = meta_progress(indicator)
        label = short_name(indicator)
        if indicator.goal_number is not None:
            label = f"Meta {indicator.goal_number}. {label}"
        if p.share is None:
            text = indicator.progress_text or p.label
        else:
            text = f"{percent_text(p.share)} · {p.label}"
        items.append((label, p.share, text, TONES[p.status]))
    return horizontal_bars(
        title,
        progress_summary(indicators),
        items,
        reference=100,
        reference_label="Meta (100 %)",
    )


def indicator_tables(session: Session) -> list[tuple[int, str, list[Indicator]]]:
    indicators = session.scalars(
        select(Indicator).order_by(Indicator.table_number, Indicator.position, Indicator.id)
    ).all()
    grouped: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        grouped[indicator.table_number].append(indicator)
    return [
        (number, TABLE_TITLES.get(number, f"Tabla {number}"), items)
        for number, items in sorted(grouped.items())
    ]


def entry_counts(session: Session) -> dict[int, int]:
    query = select(IndicatorProgress.indicator_id, func.count()).group_by(
        IndicatorProgress.indicator_id
    )
    return dict(session.execute(query).all())


MAX_VALUE = Decimal(10) ** 12


def parse_value(text: str | None) -> Decimal | None:
    """A number typed the Colombian way: 2.378 or 62,8 (red.es_co, as every form reads it)."""
    raw = (text or "").strip().replace("%", "")
    if not raw:
        return None
    try:
        value = es_co.parse_number(raw)
    except es_co.NumberError as error:
        raise IndicatorError("Escriba el valor como número, por ejemplo 2.378 o 62,8.") from error
    if not value.is_finite() or abs(value) >= MAX_VALUE:  # the columns are Numeric(14, 2)
        raise IndicatorError("Escriba un número menor que un billón (1.000.000.000.000).")
    return value


def add_progress(
    session: Session,
    indicator: Indicator,
    *,
    recorded_on: date,
    value_text: str,
    evidence: str,
    user_id: int | None,
    today: date | None = None,
) -> IndicatorProgress:
    """A dated progress entry with evidence; the newest entry becomes the meta's progress."""
    if recorded_on > (today or local_today()):
        raise IndicatorError("La fecha del avance no puede estar en el futuro.")
    if not (evidence or "").strip():
        raise IndicatorError("Describa la evidencia del avance (documento, enlace o fuente).")
    value = parse_value(value_text)
    if value is None:
        raise IndicatorError("Escriba el valor del avance.")
    entry = IndicatorProgress(
        indicator_id=indicator.id,
        recorded_on=recorded_on,
        value=value,
        value_text=value_text.strip(),
        evidence=evidence.strip(),
        created_by_user_id=user_id,
    )
    session.add(entry)
    session.flush()
    latest = session.scalar(
        select(func.max(IndicatorProgress.recorded_on)).where(
            IndicatorProgress.indicator_id == indicator.id
        )
    )
    if recorded_on >= latest:
        indicator.progress_value = value
        indicator.progress_text = value_text.strip()
        indicator.progress_year = recorded_on.year
        session.flush()
    return entry


# --- network activity -----------------------------------------------------------------------


@dataclass
class Place:
    code: str
    name: str
    subregion: str
    people: int = 0
    services: int = 0
    referrals_completed: int = 0
    participations: int = 0
    sales_cop: int = 0


@dataclass
class Activity:
    start: date
    end: date
    people: int = 0
    services: int = 0
    referrals_completed: int = 0
    participations: int = 0
    participant_sales_cop: int = 0
    demo: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # the demo's part
    places: list[Place] = field(default_factory=list)
    subregions: list[Place] = field(default_factory=list)

    def add(self, figure: str, value: int, is_demo: bool) -> None:
        setattr(self, figure, getattr(self, figure) + value)
        if is_demo:
            self.demo[figure] += value

    @property
    def covered(self) -> int:
        return sum(1 for place in self.places if place.people or place.participations)


def _day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), BOGOTA).astimezone(UTC)


def network_activity(
    session: Session,
    start: date,
    end: date,
    subregion: str | None = None,
    municipality: str | None = None,
) -> Activity:
    """Figures by municipality of the person served, from the records only: the report's own
    event figures are summed apart (red/services/report_figures.py) and never added here."""
    municipalities = session.scalars(
        select(Municipality).order_by(Municipality.subregion, Municipality.name_sort)
    ).all()
    places = {m.code: Place(m.code, m.name, m.subregion) for m in municipalities}
    wanted = {
        code
        for code, place in places.items()
        if (not subregion or place.subregion == subregion)
        and (not municipality or code == municipality)
    }
    services, completed, participations = _activity_counts(session, start, end)
    activity = Activity(start, end)
    no_filter = not subregion and not municipality

    def include(code: str | None) -> bool:
        return no_filter or code in wanted

    # A person lives in one municipality, so distinct counts per place add up to the total.
    for code, is_demo, count, people in services:
        if include(code):
            activity.add("services", count, is_demo)
            activity.add("people", people, is_demo)
            if code in places:
                places[code].services += count
                places[code].people += people
    for code, is_demo, count in completed:
        if include(code):
            activity.add("referrals_completed", count, is_demo)
            if code in places:
                places[code].referrals_completed += count
    for code, is_demo, count, sales in participations:
        if include(code):
            activity.add("participations", count, is_demo)
            activity.add("participant_sales_cop", int(sales or 0), is_demo)
            if code in places:
                places[code].participations += count
                places[code].sales_cop += int(sales or 0)
    activity.places = [places[code] for code in places if code in wanted]
    activity.subregions = _by_subregion(activity.places)
    return activity


def _activity_counts(session: Session, start: date, end: date) -> tuple[list, list, list]:
    """Services, completed referrals and attended participations of the dates, grouped by
    the person's municipality and the living demo's mark (one statement each)."""
    place_col = Entrepreneur.municipality_code
    demo = Entrepreneur.is_demo  # every count is split: the living demo's part is shown apart
    services = session.execute(
        select(
            place_col,
            demo,
            func.count(ServiceRecord.id),
            func.count(func.distinct(ServiceRecord.entrepreneur_id)),
        )
        .join(Entrepreneur, Entrepreneur.id == ServiceRecord.entrepreneur_id)
        .where(ServiceRecord.deleted_at.is_(None))
        .where(ServiceRecord.served_on >= start, ServiceRecord.served_on <= end)
        .group_by(place_col, demo)
    ).all()
    completed = session.execute(
        select(place_col, demo, func.count(func.distinct(Referral.id)))
        .join(Entrepreneur, Entrepreneur.id == Referral.entrepreneur_id)
        .join(ReferralStatusChange, ReferralStatusChange.referral_id == Referral.id)
        .where(ReferralStatusChange.to_status == "completada")
        .where(ReferralStatusChange.at >= _day_start_utc(start))
        .where(ReferralStatusChange.at < _day_start_utc(end + timedelta(days=1)))
        .group_by(place_col, demo)
    ).all()
    participations = session.execute(
        select(place_col, demo, func.count(Participation.id), func.sum(Participation.sales_cop))
        .join(Entrepreneur, Entrepreneur.id == Participation.entrepreneur_id)
        .join(Event, Event.id == Participation.event_id)
        .where(Participation.status == "asistio")
        .where(Event.starts_on >= start, Event.starts_on <= end)
        .group_by(place_col, demo)
    ).all()
    return services, completed, participations


def _by_subregion(places: list[Place]) -> list[Place]:
    totals: dict[str, Place] = {}
    for place in places:
        total = totals.setdefault(place.subregion, Place(place.subregion, place.subregion, ""))
        total.people += place.people
        total.services += place.services
        total.referrals_completed += place.referrals_completed
        total.participations += place.participations
        total.sales_cop += place.sales_cop
    return sorted(totals.values(), key=lambda p: sort_key(p.name))
