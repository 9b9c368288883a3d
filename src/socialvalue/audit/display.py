"""The audit log in words: an action's code and its data as lines a person can read.

``tender.award_recommended`` is shown as "Tender: award recommended"; the data
``{"lines_added": 3, "to": {"quantity": "12"}}`` as the lines "Lines added: 3" and
"To: quantity 12". The page and the CSV's Detail column use the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from socialvalue.domain.money import format_gbp

_ACRONYMS = {"api": "API", "vcse": "VCSE", "csv": "CSV", "kpi": "KPI", "xlsx": "XLSX", "id": "ID"}


def words(code: str) -> str:
    """``lines_added`` -> ``lines added``; ``api_token`` -> ``API token``."""
    parts = str(code).replace("_", " ").replace("-", " ").split()
    return " ".join(_ACRONYMS.get(part.lower(), part) for part in parts)


def _sentence(code: str) -> str:
    text = words(code)
    return text[:1].upper() + text[1:]


def verb_label(verb: str) -> str:
    """``tender.award_recommended`` -> ``Tender: award recommended``."""
    subject, _, action = str(verb).partition(".")
    if not action:
        return _sentence(subject)
    return f"{_sentence(subject)}: {words(action)}"


# Keys whose figures are money (the services store amounts as text: "240000.00").
MONEY_KEYS = frozenset({"value", "price", "total", "total_added", "amount", "estimated_value"})


def value_text(value: object, key: str = "") -> str:
    """One value of an event's data as text: lists joined, pairs as "name value", money
    (under a key of ``MONEY_KEYS``) as £1,234.56."""
    if key in MONEY_KEYS and isinstance(value, str | int | float | Decimal):
        try:
            return format_gbp(Decimal(str(value)))
        except InvalidOperation:
            pass
    if key == "fields" and isinstance(value, list):  # the names of the fields changed
        return ", ".join(words(str(v)) for v in value) or "none"
    if value is None or value == "":
        return "none"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, Mapping):
        if not value:
            return "none"
        return ", ".join(f"{words(k)} {value_text(v, str(k))}" for k, v in _in_order(value))
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            return "none"
        return ", ".join(value_text(v) for v in value)
    return str(value)


def detail_lines(data: object) -> list[str]:
    """An event's data as "Name: value" lines (empty for no data)."""
    if not data:
        return []
    if not isinstance(data, Mapping):
        return [value_text(data)]
    return [f"{_sentence(key)}: {value_text(value, str(key))}" for key, value in _in_order(data)]


def detail_text(data: object) -> str:
    """The lines joined with "; " for one spreadsheet cell."""
    return "; ".join(detail_lines(data))


def _in_order(data: Mapping[Any, object]) -> list[tuple[str, object]]:
    # Alphabetical: PostgreSQL's jsonb keeps no key order, so the stored order cannot be shown
    # the same on both databases.
    return sorted(((str(key), value) for key, value in data.items()), key=lambda item: item[0])
