"""The calendar of the demo being loaded (``socialvalue demo``): which day the demo is told
for. Each app's demo loader asks :func:`demo_calendar` for the dates of its story
(``domain.demo_dates``), so the whole demo is moved by the same number of years.

The command sets the day (``--today``, the real today by default) for the length of the load;
outside a load the calendar is today's. Dates the service checks against its clock (an open
tender's deadline weeks ahead, an event still to come, a return overdue) are set by the
loaders from the clock itself, not from this day.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.utils import timezone

from socialvalue.domain.demo_dates import DemoCalendar

_LOADING: ContextVar[DemoCalendar | None] = ContextVar("demo_calendar", default=None)


def demo_calendar() -> DemoCalendar:
    """The calendar of the demo load running now, else today's."""
    return _LOADING.get() or DemoCalendar(timezone.localdate())


@contextmanager
def demo_loading(today: date | None = None) -> Iterator[DemoCalendar]:
    """Load the demo as told on ``today`` (the real today when None)."""
    calendar = DemoCalendar(today or timezone.localdate())
    token = _LOADING.set(calendar)
    try:
        yield calendar
    finally:
        _LOADING.reset(token)
