"""Colombia's clock and calendar: the one Bogotá time zone, today in Colombia, and business
days for legal deadlines (Ley 1581) and referral response windows.

Weekends and Colombia's public holidays (the `holidays` package, which applies the
Ley Emiliani moves to Monday) are not business days.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# Colombia has one time zone and no daylight saving; every local date and time in Red is here.
BOGOTA = ZoneInfo("America/Bogota")


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    return frozenset(holidays.Colombia(years=year).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start` (start itself does not count).

    A request filed on Friday with a 5-day window is due the next Friday; one filed on
    a holiday or weekend starts counting on the next business day all the same.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


@lru_cache(maxsize=64)
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """The year's holidays that fall Monday to Friday (the only ones that remove a business
    day), sorted."""
    return tuple(sorted(day for day in _holidays_for(year) if day.weekday() < 5))


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start).

    Counted, not walked: the weekdays of the span by arithmetic, less the weekday holidays
    in it. The home page labels every overdue referral with this, and a referral a year
    late took 365 steps (3 ms each line)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    weekdays = 5 * weeks + sum(1 for step in range(1, rest + 1) if (first + step) % 7 < 5)
    holidays_in_span = 0
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(year)
        holidays_in_span += bisect_right(days, end) - bisect_right(days, start)
    return weekdays - holidays_in_span


def local_today() -> date:
    """Today in Colombia: deadlines and 'vencido' follow Bogotá's calendar, not the server's.

    A server in UTC is already on tomorrow's date from 19:00 in Cúcuta.
    """
    return datetime.now(BOGOTA).date()
