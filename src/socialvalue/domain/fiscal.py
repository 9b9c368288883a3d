"""Financial years. UK public bodies run April to March unless their policy data says otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_START_MONTH = 4

_LABEL = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The year that starts on the first day of ``start_month`` in ``start_year``."""

    start_year: int
    start_month: int = DEFAULT_START_MONTH

    @property
    def start(self) -> date:
        return date(self.start_year, self.start_month, 1)

    @property
    def end(self) -> date:
        """The last day of the year (inclusive)."""
        return date(self.start_year + 1, self.start_month, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        """'2023-24' for April 2023 to March 2024; '2023' for a calendar year."""
        if self.start_month == 1:
            return str(self.start_year)
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label

    @classmethod
    def of(cls, day: date, start_month: int = DEFAULT_START_MONTH) -> FinancialYear:
        """The financial year a day falls in."""
        year = day.year if day.month >= start_month else day.year - 1
        return cls(year, start_month)

    @classmethod
    def parse(cls, label: str, start_month: int = DEFAULT_START_MONTH) -> FinancialYear:
        """Read '2023-24', '2023/24' or '2023-2024'. Raises ValueError otherwise."""
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"{label!r} is not a financial year: write it as 2023-24")
        first = int(match.group(1))
        second = int(match.group(2))
        expected = first + 1
        if second != expected and second != expected % 100:
            raise ValueError(
                f"{label!r} is not a financial year: {first} is followed by {expected}"
            )
        return cls(first, start_month)
