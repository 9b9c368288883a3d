"""The demo's calendar: its story moved by whole years from the reference day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from socialvalue.domain.demo_dates import (
    REFERENCE_DAY,
    DemoCalendar,
    moved,
    moved_at,
    years_since,
)


def test_moved_keeps_month_and_day():
    assert moved(date(2026, 6, 18), 1) == date(2027, 6, 18)
    assert moved(date(2026, 6, 18), -2) == date(2024, 6, 18)
    assert moved(date(2026, 6, 18), 0) == date(2026, 6, 18)


def test_29_february_becomes_28_february_in_a_year_without_one():
    assert moved(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert moved(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_moved_at_keeps_the_time_of_day():
    moment = datetime(2026, 9, 1, 9, 30, tzinfo=UTC)
    assert moved_at(moment, 1) == datetime(2027, 9, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (date(2026, 11, 30), 0),  # the reference day
        (date(2026, 12, 1), 0),
        (date(2027, 11, 29), 0),  # the day before its first anniversary
        (date(2027, 11, 30), 1),
        (date(2029, 3, 1), 2),
        (date(2026, 11, 29), -1),
    ],
)
def test_years_since_counts_the_anniversaries_passed(today, years):
    assert years_since(date(2026, 11, 30), today) == years


def test_a_reference_day_of_29_february_has_its_anniversary_on_28_february():
    assert years_since(date(2024, 2, 29), date(2025, 2, 27)) == 0
    assert years_since(date(2024, 2, 29), date(2025, 2, 28)) == 1


def test_the_calendar_moves_the_story_by_the_years_since_the_reference_day():
    on_the_day = DemoCalendar(REFERENCE_DAY)
    a_year_on = DemoCalendar(moved(REFERENCE_DAY, 1))
    assert (on_the_day.years, a_year_on.years) == (0, 1)
    assert on_the_day.day(2026, 6, 18) == date(2026, 6, 18)
    assert a_year_on.day(2026, 6, 18) == date(2027, 6, 18)
    assert a_year_on.year(2025) == 2026
    assert a_year_on.date(date(2024, 2, 29)) == date(2025, 2, 28)
    moment = datetime(2026, 10, 30, 12, tzinfo=UTC)
    assert a_year_on.moment(moment) == datetime(2027, 10, 30, 12, tzinfo=UTC)
