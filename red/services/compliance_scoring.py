"""Compliance scoring on paper: the rules that turn counts into a 0–100 score and a light.

Pure functions (`score_components`, `traffic_light`, `attendance_component`…) and the
scorecard's shapes (`Scorecard`, `ActorScore`); nothing here reads the database. The SQL
that feeds them is red/services/compliance_queries.py; red/services/compliance.py puts the
two together. The rules themselves are listed in compliance.py's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from red.es_co import sort_key
from red.models import Actor, ScorecardVersion
from red.models.governance import DEFAULT_SCORECARD
from red.services.calendar import BOGOTA
from red.services.periods import Period, months_between

EXCUSED_CREDIT = 0.5
COMPONENTS: dict[str, str] = {
    "attendance": "Asistencia a reuniones",
    "commitments": "Compromisos cumplidos a tiempo",
    "services": "Meses con atenciones registradas",
    "referrals": "Remisiones respondidas a tiempo",
    "programs": "Programas revisados",
}
LIGHT_LABELS = {"verde": "Verde", "amarillo": "Amarillo", "rojo": "Rojo", None: "Sin datos"}


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


SORT_KEYS = {"nombre", "puntaje", *COMPONENTS}


def _name_key(row: ActorScore) -> str:
    # The stored sort key is sort_key(name), kept by the model; computing it again for
    # every actor on every request was a tenth of the núcleo page's own Python.
    return getattr(row.actor, "name_sort", None) or sort_key(row.actor.name)


def sort_rows(rows: list[ActorScore], key: str, descending: bool) -> list[ActorScore]:
    """Sort by name, score or a component; rows without a value always go last."""
    if key == "nombre" or key not in SORT_KEYS:
        return sorted(rows, key=_name_key, reverse=descending)

    def value(row: ActorScore):
        return row.score if key == "puntaje" else row.components[key].ratio

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), _name_key(r)), reverse=descending)
    return present + sorted(missing, key=_name_key)
