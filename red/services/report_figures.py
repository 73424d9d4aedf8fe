"""The report's own event figures, summed by year and by subregion, never mixed with records.

The report gives figures for events as a whole (exhibitors, buyers, participants, sales), many
of them for two editions together («en sus versiones 2024 y 2025») or for a series of events
in several municipalities (the three ferias laborales). Those joint figures cannot be split
without inventing, so they have their own row: «2024 y 2025 (cifras conjuntas)» by year,
«Varias subregiones» by place. Live activity (services, referrals, participations) is counted
elsewhere (red/services/indicators.py) and shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import Event, Municipality

JOINT_YEARS = "2024 y 2025 (cifras conjuntas)"
SEVERAL_PLACES = "Varias subregiones (cifras conjuntas)"
OUTSIDE = "Fuera del departamento"
NO_PLACE = "Sin lugar en el informe"
FIGURES = ("exhibitors", "buyers", "participants", "sales_cop")


@dataclass
class FigureRow:
    label: str
    events: int = 0
    exhibitors: int = 0
    buyers: int = 0
    participants: int = 0
    sales_cop: int = 0

    def add(self, event: Event) -> None:
        self.events += 1
        self.exhibitors += event.reported_exhibitors or 0
        self.buyers += event.reported_buyers or 0
        self.participants += event.reported_participants or 0
        self.sales_cop += event.reported_sales_cop or 0


@dataclass
class ReportFigures:
    by_year: list[FigureRow] = field(default_factory=list)
    by_place: list[FigureRow] = field(default_factory=list)
    total: FigureRow = field(default_factory=lambda: FigureRow("Total"))
    events: list[Event] = field(default_factory=list)
    buckets: dict[int, tuple[str, str]] = field(default_factory=dict)  # event id -> (year, place)

    @property
    def labels(self) -> list[str]:
        return [row.label for row in self.by_year + self.by_place]

    def behind(self, label: str) -> tuple[list[Event], FigureRow]:
        """The events a row of either table sums (its drill-down) and their sum, which is
        the row itself: a reader can check every figure against the events it comes from."""
        chosen = [e for e in self.events if label in self.buckets[e.id]]
        total = FigureRow(label)
        for event in chosen:
            total.add(event)
        return chosen, total


def year_bucket(event: Event) -> str:
    if event.starts_on is None:
        return "Sin fecha en el informe"
    if event.ends_on is None or event.starts_on.year == event.ends_on.year:
        return str(event.starts_on.year)
    return (
        JOINT_YEARS
        if (event.starts_on.year, event.ends_on.year) == (2024, 2025)
        else (f"{event.starts_on.year} a {event.ends_on.year} (cifras conjuntas)")
    )


def place_bucket(event: Event, subregion: str | None) -> str:
    if subregion:
        return subregion
    if event.city or (event.country or "Colombia") != "Colombia":
        return OUTSIDE
    if event.venue and "," in event.venue:  # a series: «Cúcuta, Pamplona y Chinácota»
        return SEVERAL_PLACES
    return NO_PLACE


def _ordered(rows: dict[str, FigureRow], last: tuple[str, ...]) -> list[FigureRow]:
    head = sorted((r for k, r in rows.items() if k not in last), key=lambda r: r.label)
    return head + [rows[k] for k in last if k in rows]


def reported_figures(session: Session) -> ReportFigures:
    """Every event the report names, with the figures it gives, grouped two ways (one query)."""
    query = (
        select(Event, Municipality.subregion)
        .outerjoin(Municipality, Municipality.code == Event.municipality_code)
        .where(Event.is_reported.is_(True))
        .order_by(Event.starts_on, Event.name)
    )
    result = ReportFigures()
    years: dict[str, FigureRow] = {}
    places: dict[str, FigureRow] = {}
    for event, subregion in session.execute(query):
        result.events.append(event)
        result.total.add(event)
        year = year_bucket(event)
        years.setdefault(year, FigureRow(year)).add(event)
        place = place_bucket(event, subregion)
        places.setdefault(place, FigureRow(place)).add(event)
        result.buckets[event.id] = (year, place)
    result.by_year = _ordered(years, (JOINT_YEARS, "Sin fecha en el informe"))
    result.by_place = _ordered(places, (SEVERAL_PLACES, OUTSIDE, NO_PLACE))
    return result
