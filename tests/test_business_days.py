"""Business days are counted, not walked (red/services/calendar.py): the count must be the
one a person gets stepping through the calendar, weekends and Colombian holidays skipped."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from red.services.calendar import business_days_between, is_business_day


def _walked(start: date, end: date) -> int:
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_business_day(current)
    return count


@settings(deadline=None)  # the first call loads a year's holidays
@given(
    st.dates(min_value=date(2018, 1, 1), max_value=date(2032, 12, 31)),
    st.integers(min_value=-30, max_value=1200),
)
def test_counted_business_days_match_walking_the_calendar(start, span):
    end = start + timedelta(days=span)
    assert business_days_between(start, end) == _walked(start, end)


def test_every_start_day_of_a_year_with_moved_holidays():
    for offset in range(366):
        start = date(2025, 1, 1) + timedelta(days=offset)
        for span in (0, 1, 2, 6, 7, 8, 13, 45):
            end = start + timedelta(days=span)
            assert business_days_between(start, end) == _walked(start, end)
