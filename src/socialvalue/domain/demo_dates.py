"""The demo's calendar: its story was written for one day, and is told relative to the day it
is loaded.

Every dated thing in the demo (a tender's deadline, an event, a contract's start) is written
as it was on :data:`REFERENCE_DAY` and moved forward by the whole number of years that have
passed since then (month and day kept; 29 February becomes 28 February in a year without
one). The story keeps its shape whatever day it is loaded: what was past on the reference day
is past, by as much, on the day of loading (give or take the part of a year that has run since
the last anniversary of the reference day).

Which financial years the story lands in: the reference day is the end of November, in the
financial year 2026-27, so the demo's "this year" (projects, a tender, bids and evaluation
from May to November) lies in the financial year of the last anniversary of the reference
day, and its "last year" (an awarded contract with returns, events, consultations, red flags)
in the year before. Loaded from December to March, those are the current financial year and
the latest complete one; loaded from April to November, the latest complete year and the one
before (the story's "this year" is then the latest complete year, with figures in every
section of its review). The demo's payments are moved separately, by their own file's year
(``spend.demo``): into the latest complete financial year and the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# The day the demo's story was written for: its hard-coded dates are as they were then.
REFERENCE_DAY = date(2026, 11, 30)


def moved(day: date, years: int) -> date:
    """``day`` moved by whole ``years`` (forward or back); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def moved_at(moment: datetime, years: int) -> datetime:
    """A moment moved by whole ``years``, at the same local time of day in its time zone."""
    day = moved(moment.date(), years)
    return moment.replace(year=day.year, month=day.month, day=day.day)


def years_since(reference: date, today: date) -> int:
    """Whole years from ``reference`` to ``today``: the number of its anniversaries passed
    (0 on the reference day and until the day before its first anniversary; negative before
    the reference day)."""
    years = today.year - reference.year
    if moved(reference, years) > today:
        years -= 1
    return years


@dataclass(frozen=True)
class DemoCalendar:
    """The dates of the demo's story for the day it is loaded."""

    today: date
    reference: date = REFERENCE_DAY

    @property
    def years(self) -> int:
        """How many years the story moves forward from the reference day."""
        return years_since(self.reference, self.today)

    def year(self, year: int) -> int:
        """A year of the story (in a reference or a title) as it is told today."""
        return year + self.years

    def day(self, year: int, month: int, day: int) -> date:
        """A day of the story, written as it was on the reference day, as it is told today."""
        return moved(date(year, month, day), self.years)

    def date(self, day: date) -> date:
        """A date of the story (written for the reference day) moved to today's story."""
        return moved(day, self.years)

    def moment(self, moment: datetime) -> datetime:
        """A moment of the story moved to today's story (same local time of day)."""
        return moved_at(moment, self.years)
