"""Money as exact pence.

Amounts are ``Decimal`` with two places, rounded half up (the rounding UK finance staff
expect: 0.125 -> 0.13) at the boundaries where money enters the system: parsing text,
reading a binary float from a spreadsheet, or multiplying by a rate.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


class AmountError(ValueError):
    """Text or a number that cannot be read as an amount of money."""


def to_pounds(value: Decimal | int | str) -> Decimal:
    """Round an exact value to pence, half up."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def from_float(value: float) -> Decimal:
    """Turn a spreadsheet's binary float into pence.

    ``repr`` gives the shortest decimal that round-trips, so 1234.56 stored as
    1234.5599999999999 comes back as 1234.56 before rounding, not 1234.55.
    """
    if value != value or value in (float("inf"), float("-inf")):
        raise AmountError(f"{value!r} is not a number")
    return to_pounds(Decimal(repr(value)))


_CURRENCY = re.compile(r"^(?:GBP|£)\s*", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_amount(text: str | int | float | Decimal | None) -> Decimal:
    """Read an amount as finance systems and transparency files write it.

    Understands ``£1,234.56``, ``1234.5``, ``-123.45``, ``(123.45)`` (a credit),
    ``123.45-`` and ``123.45 CR``, and numbers already read from a spreadsheet.
    Raises ``AmountError`` with a message naming what was wrong.
    """
    if text is None:
        raise AmountError("the amount is blank")
    if isinstance(text, bool):
        raise AmountError(f"{text!r} is not an amount")
    if isinstance(text, Decimal):
        return to_pounds(text)
    if isinstance(text, int):
        return to_pounds(text)
    if isinstance(text, float):
        return from_float(text)
    original = text
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        raise AmountError("the amount is blank")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.upper().endswith("CR"):
        negative, s = True, s[:-2]
    if s.endswith("-"):
        negative, s = True, s[:-1]
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    without_currency = _CURRENCY.sub("", s)
    if without_currency != s and without_currency.startswith("-"):  # "£-12.00"
        negative, without_currency = not negative, without_currency[1:]
    s = without_currency
    s = s.replace(",", "")
    if not _PLAIN_NUMBER.match(s):
        raise AmountError(f"{original!r} is not an amount of money")
    try:
        value = to_pounds(s)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above prevents it
        raise AmountError(f"{original!r} is not an amount of money") from exc
    return -value if negative else value


def format_gbp(amount: Decimal) -> str:
    """``Decimal('-1234.5')`` -> ``'-£1,234.50'``."""
    amount = to_pounds(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def format_quantity(value: Decimal | int | str, unit: str = "") -> str:
    """A count in its own unit, without trailing zeros: ``(Decimal('140.00'), 'people')`` ->
    ``'140 people'``, ``Decimal('1234.50')`` -> ``'1,234.5'``."""
    text = f"{Decimal(value):,.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text} {unit}".strip() if unit else text


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """Part of a whole as a fraction with 4 places (0.1234 = 12.34%); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
