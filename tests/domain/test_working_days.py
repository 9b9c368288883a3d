"""Working days as the Procurement Act counts them: weekends, Christmas Day, Good Friday and
bank holidays in any part of the UK are not working days; the s.51 standstill is 8 working
days beginning with the day the award notice is published."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.working_days import (
    bank_holidays,
    is_working_day,
    last_of_days,
    last_of_working_days,
    next_working_day,
    standstill_ends,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 1, 1), "New Year's Day, everywhere"),
        (date(2026, 1, 2), "2 January, Scotland only"),
        (date(2026, 3, 17), "St Patrick's Day, Northern Ireland only"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday, not Scotland"),
        (date(2026, 7, 13), "Battle of the Boyne (observed), Northern Ireland only"),
        (date(2026, 8, 3), "Summer bank holiday, Scotland only"),
        (date(2026, 8, 31), "Summer bank holiday, England, Wales and Northern Ireland"),
        (date(2026, 11, 30), "St Andrew's Day, Scotland only"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day substitute"),
        (date(2026, 11, 28), "a Saturday"),
        (date(2026, 11, 29), "a Sunday"),
    ],
)
def test_days_that_are_not_working_days(day, why):
    assert not is_working_day(day), why


@pytest.mark.parametrize(
    "day", [date(2026, 11, 27), date(2026, 12, 1), date(2026, 12, 24), date(2026, 4, 7)]
)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


def test_bank_holidays_of_a_year_join_the_four_parts_of_the_uk():
    days = bank_holidays(2026)
    assert date(2026, 1, 2) in days  # Scotland
    assert date(2026, 3, 17) in days  # Northern Ireland
    assert date(2026, 4, 6) in days  # England and Wales
    assert list(days) == sorted(days)


def test_standstill_published_on_a_monday_ends_on_the_wednesday_of_the_next_week():
    # Mon 9 Nov 2026 is day 1; days 1-5 that week, 6-8 Mon-Wed the next.
    assert standstill_ends(date(2026, 11, 9)) == date(2026, 11, 18)


def test_standstill_skips_st_andrews_day_in_scotland():
    # Wed 25 Nov: 25, 26, 27, (28, 29 weekend, 30 St Andrew's Day), 1, 2, 3, 4, 7 Dec.
    assert standstill_ends(date(2026, 11, 25)) == date(2026, 12, 7)


def test_standstill_over_christmas_and_new_year():
    # Mon 21 Dec 2026: 21, 22, 23, 24, (25 to 28), 29, 30, 31, (1 Jan; 2 and 3 the weekend;
    # 4 Jan Scotland's substitute for 2 January), 5 Jan.
    assert standstill_ends(date(2026, 12, 21)) == date(2027, 1, 5)


def test_standstill_over_easter_2026():
    # Tue 31 Mar: 31, 1, 2, (3 Good Friday, 4, 5, 6 Easter Monday), 7, 8, 9, 10, 13.
    assert standstill_ends(date(2026, 3, 31)) == date(2026, 4, 13)


def test_a_notice_published_on_a_saturday_starts_counting_on_monday():
    assert standstill_ends(date(2026, 11, 14)) == standstill_ends(date(2026, 11, 16))


def test_period_of_one_working_day_is_the_day_itself_or_the_next_working_day():
    assert last_of_working_days(date(2026, 11, 27), 1) == date(2026, 11, 27)
    assert last_of_working_days(date(2026, 11, 28), 1) == date(2026, 12, 1)


def test_period_needs_at_least_one_day():
    with pytest.raises(ValueError, match="at least one"):
        last_of_working_days(date(2026, 11, 27), 0)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_standstill_is_always_eight_working_days(day):
    last = standstill_ends(day)
    assert working_days_between(day, last) == 8
    assert is_working_day(last)
    assert next_working_day(day) <= last
    # The contract may be entered into the day after: never before 8 working days passed.
    assert last - day >= timedelta(days=7)


def test_a_period_of_days_beginning_with_a_day_counts_that_day():
    # "the period of 30 days beginning with" 20 March: 20 March is day 1, 18 April day 30.
    assert last_of_days(date(2026, 3, 20), 30) == date(2026, 4, 18)
    assert last_of_days(date(2026, 3, 31), 30) == date(2026, 4, 29)
    assert last_of_days(date(2026, 3, 20), 1) == date(2026, 3, 20)
