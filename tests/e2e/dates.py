"""Filling a GOV.UK date input (day, month and year boxes) in the browser."""

from __future__ import annotations

from datetime import date


def fill_date(page, field_id: str, value: date | str) -> None:
    """Type a date into the boxes of ``#<field_id>``: ``fill_date(page, "id_held_on", d)``."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    page.fill(f"#{field_id}_0", str(day.day))
    page.fill(f"#{field_id}_1", str(day.month))
    page.fill(f"#{field_id}_2", str(day.year))
