"""Shapes shared by model, form and API fields."""

from __future__ import annotations

from typing import TypedDict


class Digits(TypedDict):
    """A DecimalField's size, passed as ``**digits`` (typed, so each field's other
    arguments keep their types)."""

    max_digits: int
    decimal_places: int
