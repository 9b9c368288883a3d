"""Companies House and charity numbers as a register stores them.

A Companies House number is eight characters: eight digits (England and Wales, with leading
zeros that ledgers and people often drop) or two letters and six digits (SC Scotland, NI
Northern Ireland, OC an LLP, R0 an older Northern Ireland company...). A charity number is
the Charity Commission's six or seven digits (a linked charity adds "-1"), the Scottish
regulator's SC and six digits, or the Northern Ireland register's NIC and six digits (or its
six-digit numbers from 100000).
"""

from __future__ import annotations

import re

_COMPANY = re.compile(r"^(?:\d{8}|[A-Z][A-Z0-9]\d{6})$")
_CHARITY = re.compile(r"^(?:\d{6,7}(?:-\d{1,3})?|SC\d{6}|NIC\d{6})$")
_BLANKS = re.compile(r"[\s.]+")


def normalise_company_number(text: str | None) -> str | None:
    """``'1234567'`` -> ``'01234567'``, ``'sc 123456'`` -> ``'SC123456'``; None when the
    text is not a Companies House number ('' stays '')."""
    value = _BLANKS.sub("", text or "").upper()
    if not value:
        return ""
    if value.isdigit() and len(value) < 8:
        value = value.zfill(8)
    return value if _COMPANY.match(value) else None


def normalise_charity_number(text: str | None) -> str | None:
    """``'sc 012345'`` -> ``'SC012345'``; None when the text is not a charity number."""
    value = _BLANKS.sub("", text or "").upper()
    if not value:
        return ""
    return value if _CHARITY.match(value) else None
