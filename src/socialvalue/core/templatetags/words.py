"""The words and numbers of every page, loaded everywhere (a template builtin, see
``TEMPLATES`` in settings): one way to write money, a quantity in its unit and a stored
code's label.

- ``{{ amount|money }}``: ``£1,234.56``, a credit ``-£12.00``, a dash for no figure
  (``domain.money.format_gbp``); ``{{ amount|money:"Not given" }}`` for other words.
- ``{{ quantity|units:kpi.unit }}``: ``140 people``.
- ``{{ value|label }}``: an enum member's own ``label`` ("Rest of the UK", "VCSE").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from socialvalue.domain.money import format_gbp, format_quantity

register = template.Library()

NO_FIGURE = "-"


def as_decimal(value: object) -> Decimal | None:
    """A figure as a Decimal; None when there is none (blank, None, not a number)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value: object, missing: str = NO_FIGURE) -> str:
    """£1,234.56; -£12.00 for a credit; ``missing`` (a dash unless given, e.g.
    ``|money:"Not given"``) when there is no figure."""
    amount = as_decimal(value)
    return missing if amount is None else format_gbp(amount)


@register.filter
def units(value: object, unit: str = "") -> str:
    """A quantity in its unit: 140 people; a dash when there is no figure."""
    number = as_decimal(value)
    return NO_FIGURE if number is None else format_quantity(number, unit or "")


@register.filter
def label(value: object) -> str:
    """An enum member's label (its ``label`` attribute); other values as they are."""
    return str(getattr(value, "label", value))
