"""Working days as the Procurement Act 2023 counts them.

Section 123 of the Act: a working day is any day other than a Saturday or a Sunday,
Christmas Day, Good Friday, or a day that is a bank holiday under the Banking and Financial
Dealings Act 1971 in ANY part of the United Kingdom. So a Scottish bank holiday (2 January,
St Andrew's Day) or a Northern Irish one (St Patrick's Day, the Battle of the Boyne) stops
the clock in Lancashire too.

The bank holidays come from the ``holidays`` package (England, Wales, Scotland and Northern
Ireland, substitute days included), pinned in ``constraints.txt``: a new year's special
holiday arrives with a new release of it. The award step (standstill, s.51) and the notices
(due dates) both count with this module.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# The four parts of the UK as the ``holidays`` package names them.
UK_PARTS = ("ENG", "WLS", "SCT", "NIR")

# s.51(2): the standstill period is 8 working days beginning with the day the contract award
# notice is published.
STANDSTILL_WORKING_DAYS = 8


@lru_cache(maxsize=64)
def _non_working_days(year: int) -> dict[date, str]:
    days: dict[date, str] = {}
    for part in UK_PARTS:
        for day, name in holidays.country_holidays("GB", subdiv=part, years=year).items():
            days.setdefault(day, name)
    return days


def bank_holidays(year: int) -> dict[date, str]:
    """Every day of ``year`` that is a bank holiday somewhere in the UK (with Christmas Day
    and Good Friday), with its name."""
    return dict(sorted(_non_working_days(year).items()))


def is_working_day(day: date) -> bool:
    """True for a day the Act counts: a weekday that is no UK bank holiday, Christmas Day
    or Good Friday."""
    return day.weekday() < 5 and day not in _non_working_days(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def last_of_days(first_day: date, count: int) -> date:
    """The last day of "the period of ``count`` days beginning with" ``first_day``: the
    Act's wording for publication deadlines (ss.53, 69, 70, 71 and 80), in which
    ``first_day`` is the first of the days, so 30 days beginning with 20 March end on 18
    April."""
    return first_day + timedelta(days=count - 1)


def last_of_working_days(first_day: date, count: int) -> date:
    """The last day of a period of ``count`` working days beginning with ``first_day``.

    "Beginning with" counts ``first_day`` itself when it is a working day (s.51); a period
    that begins on a weekend or bank holiday starts counting on the next working day.
    """
    if count < 1:
        raise ValueError("a period has at least one working day")
    day = next_working_day(first_day)
    counted = 1
    while counted < count:
        day = next_working_day(day + timedelta(days=1))
        counted += 1
    return day


def working_days_between(first_day: date, last_day: date) -> int:
    """How many working days there are from ``first_day`` to ``last_day``, both included."""
    count = 0
    day = first_day
    while day <= last_day:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def standstill_ends(notice_published_on: date) -> date:
    """The last day of the s.51 standstill for an award notice published that day; the
    contract may be entered into from the day after."""
    return last_of_working_days(notice_published_on, STANDSTILL_WORKING_DAYS)
