"""Payment dates as UK finance systems and transparency files write them.

``parse_date`` accepts what turns up in real published spend files: day-first text
(``31/03/2024``, ``31/03/24``, ``31-Mar-24``, ``31 March 2024``), ISO dates
(``2024-03-31``), spreadsheet datetime cells and Excel serial numbers (``45382``).
Text is always read day first: a UK file never means 3 December by ``12/03/2024``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# Excel's day 0 is 1899-12-30 once its fictional 29 February 1900 is allowed for.
_EXCEL_EPOCH = date(1899, 12, 30)
# Serials outside this range are more likely a mistyped amount than a date.
_FIRST_SERIAL = 20000  # 1954-10-03
_LAST_SERIAL = 80000  # 2119-01-11

_TEXT_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d-%m-%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d %b %y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d/%b/%Y",
    "%d/%b/%y",
)
# A time part as a CSV export of a datetime column writes it ("31/03/2024 00:00:00").
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


class DateError(ValueError):
    """A value that cannot be read as a date."""


def from_excel_serial(serial: float) -> date:
    """The date an Excel serial number stands for (the time of day is dropped)."""
    if not _FIRST_SERIAL <= serial <= _LAST_SERIAL:
        raise DateError(f"{serial!r} is not a date (as an Excel serial it is out of range)")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: object) -> date:
    """Read a payment date from a cell or text; raises ``DateError`` saying why not."""
    if value is None:
        raise DateError("the date is blank")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a date")
    if isinstance(value, int | float):
        return from_excel_serial(value)
    return _parse_text(str(value))


def _parse_text(text: str) -> date:
    cleaned = _TIME_SUFFIX.sub("", text.strip())
    if not cleaned:
        raise DateError("the date is blank")
    if cleaned.isdigit() and len(cleaned) == 5:
        return from_excel_serial(int(cleaned))
    for fmt in _TEXT_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise DateError(f"{text!r} is not a date (write it day first, like 31/03/2024)")
