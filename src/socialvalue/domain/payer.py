"""Is the body a payments file names as the payer one of ours? (No Django.)

A finance file may have a payer column ("Body Name" in the Local Government Transparency
Code's layout). Its value is compared with the organisation's own names word by word, after
writing out the usual police abbreviations, so that "Chief Constable of Lancashire",
"Lancashire Constabulary" and "Police and Crime Commissioner for Lancashire" all count as
the "Office of the Police and Crime Commissioner for Lancashire and Lancashire
Constabulary", while "Hyndburn Borough Council" or "Lancashire County Council" do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_STOP = frozenset({"the", "of", "for", "and", "office", "chief", "in", "on"})
_SPELLED_OUT = {
    "pcc": ("police", "crime", "commissioner"),
    "opcc": ("police", "crime", "commissioner"),
    "constable": ("constabulary",),
    "constabularies": ("constabulary",),
    "commissioners": ("commissioner",),
}


def _words(name: str) -> frozenset[str]:
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")):
        words.extend(_SPELLED_OUT.get(word, (word,)))
    return frozenset(w for w in words if w not in _STOP)


def is_a_name(value: str) -> bool:
    """A body's name, not a code such as 'E23000003' or '36'."""
    return bool(re.search(r"[A-Za-z]{3,}", value)) and not re.fullmatch(r"[A-Za-z]*\d+\w*", value)


def is_own_body(payer: str, own_names: Iterable[str]) -> bool:
    """True when every word of ``payer`` is a word of one of the organisation's names."""
    words = _words(payer)
    if not words:
        return True  # nothing to go on: no warning
    return any(words <= _words(name) for name in own_names if name.strip())


def other_payers(payers: Iterable[str], own_names: Iterable[str]) -> list[str]:
    """The payers, as the file spells them, that are not the organisation (sorted)."""
    names = [n for n in own_names if n and n.strip()]
    if not names:
        return []  # no organisation recorded yet: nothing to compare with
    return sorted({p.strip() for p in payers if is_a_name(p.strip()) and not is_own_body(p, names)})
