"""Reporting periods (quarter, semester, year, custom) named by short keys kept in the URL.

Keys: "2025-T3" (quarter), "2025-S2" (semester), "2025" (year); a custom range is given as
two dates. One parser for every page, so links and exports speak the same language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from red.services.calendar import local_today  # noqa: F401  (re-exported)

_QUARTER = re.compile(r"^(\d{4})-T([1-4])$")
_SEMESTER = re.compile(r"^(\d{4})-S([12])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    key: str | None = None  # None for a custom range

    def query_args(self) -> dict[str, str]:
        """Arguments that rebuild this period in a URL."""
        if self.key:
            return {"periodo": self.key}
        return {"desde": self.start.isoformat(), "hasta": self.end.isoformat()}

    def effective_end(self, today: date) -> date:
        """The last day that can already be measured: the period's end or today."""
        return min(self.end, today)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def quarter(year: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    return Period(
        date(year, first, 1), _month_end(year, first + 2), f"Trimestre {number} de {year}",
        f"{year}-T{number}",
    )  # fmt: skip


def semester(year: int, number: int) -> Period:
    first = 1 if number == 1 else 7
    return Period(
        date(year, first, 1), _month_end(year, first + 5), f"Semestre {number} de {year}",
        f"{year}-S{number}",
    )  # fmt: skip


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"Año {year}", str(year))


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def previous_quarters(day: date, count: int = 4) -> list[Period]:
    """The `count` quarters ending with the one that contains `day`, oldest first."""
    year, number = day.year, (day.month - 1) // 3 + 1
    periods = []
    for _ in range(count):
        periods.append(quarter(year, number))
        number -= 1
        if number == 0:
            year, number = year - 1, 4
    return list(reversed(periods))


# Years a period key may name (the dates of a custom range are bounded where they are read).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_period(key: str | None, start: date | None, end: date | None, today: date) -> Period:
    """The period a page asked for: a custom range (start <= end), a key, or the current
    quarter when nothing is given. A key that names no period raises ValueError."""
    if start and end and start <= end:
        return Period(start, end, f"Del {start:%d/%m/%Y} al {end:%d/%m/%Y}")
    key = (key or "").strip()
    if not key:
        return quarter_of(today)
    for pattern, build in ((_QUARTER, quarter), (_SEMESTER, semester), (_YEAR, None)):
        match = pattern.match(key)
        if match and FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            return build(int(match[1]), int(match[2])) if build else year_period(int(match[1]))
    raise ValueError(
        f"debe ser un trimestre (2025-T3), un semestre (2025-S2) o un año entre {FIRST_YEAR} "
        f"y {LAST_YEAR}"
    )


def period_choices(today: date) -> list[Period]:
    """Presets for the period selector: recent quarters, semesters and years."""
    quarters = list(reversed(previous_quarters(today, 8)))
    semesters = [semester(today.year, 2), semester(today.year, 1)]
    semesters += [semester(today.year - 1, 2), semester(today.year - 1, 1)]
    years = [year_period(today.year - offset) for offset in range(3)]
    return quarters + semesters + years


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    """Every (year, month) that overlaps [start, end]."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
