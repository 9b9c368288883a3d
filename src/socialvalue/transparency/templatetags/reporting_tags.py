"""Filters for the public pages and the annual review: percentages as text (money is the
builtin ``money`` filter of ``core/templatetags/words.py``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from socialvalue.core.templatetags.words import as_decimal

register = template.Library()


@register.filter
def percent(value, places: int = 1) -> str:
    """A fraction (0.1234) as a percentage (12.3%); a dash when there is no figure."""
    fraction = as_decimal(value)
    if fraction is None:
        return "-"
    return f"{(fraction * 100).quantize(Decimal(1).scaleb(-int(places)))}%"


@register.filter
def percent_value(value) -> str:
    """A percentage figure (12.5) as text (12.5%)."""
    number = as_decimal(value)
    if number is None:
        return "-"
    return f"{number.normalize():f}%"


@register.filter
def share_text(year, key: str) -> str:
    """A year's share as shown (``share_texts``: a place share resting on too little is
    its range); a review published before those texts were kept shows its fraction."""
    texts = year.get("share_texts") or {}
    if texts.get(key):
        return str(texts[key])
    return percent(year["shares"].get(key))
