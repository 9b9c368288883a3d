"""Suggesting which registered supplier a payee (a name in the payments) may be.

A payee the register does not know by name or alias may still be a supplier it knows under
another spelling: ``JAMES HARVAD LTD`` for James Harvard Ltd, ``VOLKSWAGEN GROUP UK`` for
Volkswagen Group United Kingdom Ltd. Suggestions compare the normalised names
(``supplier_names.normalise_name``: no "Ltd", no vendor ids, one form of "&") with
rapidfuzz's ``token_sort_ratio``: the words sorted, then an edit-distance similarity from 0
to 100, so word order and a slip of the keyboard cost little while a different word costs a
lot. A payee written "X T/A Y" (trading as) is compared as X and as Y too, and keeps its best.

A suggestion is only a suggestion: an officer accepts it (one by one, or every one scoring at
least ``ACCEPT_MIN_SCORE``), and only a payee whose best suggestion is one supplier, not a
tie between two, is accepted in bulk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister, normalise_name

# Below this a "suggestion" is mostly noise: ACME and ACNE score 75, SCC and SCL 67.
SUGGEST_MIN_SCORE = 80
# Accepting in bulk asks for more: a one-letter slip in a ten-letter name still scores 90+.
ACCEPT_MIN_SCORE = 90
# "T A" is what normalise_name leaves of "T/A" (trading as); "T AS" of "T/AS".
_TRADING_AS = re.compile(r"\s+(?:T A|T AS|TRADING AS)\s+")


@dataclass(frozen=True)
class Suggestion:
    """A registered supplier a payee may be, and how alike their names are (0 to 100)."""

    payee: str
    supplier: RegisteredSupplier
    matched_name: str  # the register's normalised name or alias that scored
    score: int


def name_score(payee: str, registered: str) -> int:
    """How alike two supplier names are, from 0 to 100, after normalising both."""
    target = normalise_name(registered)
    return max((_score(part, target) for part in _parts(normalise_name(payee))), default=0)


def _score(left: str, right: str) -> int:
    if not left or not right:
        return 0
    return round(fuzz.token_sort_ratio(left, right, processor=None))


def _parts(key: str) -> list[str]:
    """The whole normalised name, then each side of a "trading as"."""
    pieces = [p.strip() for p in _TRADING_AS.split(key) if p.strip()]
    return [key, *pieces] if len(pieces) > 1 else [key]


class SupplierMatcher:
    """The register's names ready for fuzzy comparison: build once, ask for many payees."""

    def __init__(self, register: SupplierRegister) -> None:
        self._keys: list[str] = []
        self._owners: list[RegisteredSupplier] = []
        for supplier in register.suppliers:
            for key in sorted(supplier.match_keys()):
                self._keys.append(key)
                self._owners.append(supplier)

    def suggest(
        self, payee: str, *, limit: int = 3, min_score: int = SUGGEST_MIN_SCORE
    ) -> list[Suggestion]:
        """Up to ``limit`` suppliers the payee may be, best first, one entry per supplier."""
        best: dict[int, Suggestion] = {}
        for part in _parts(normalise_name(payee)):
            found = process.extract(
                part,
                self._keys,
                scorer=fuzz.token_sort_ratio,
                processor=None,
                score_cutoff=min_score,
                limit=limit * 4,  # one supplier may own several of the best keys
            )
            for key, score, index in found:
                owner = self._owners[index]
                suggestion = Suggestion(payee, owner, key, round(score))
                current = best.get(id(owner))
                if current is None or suggestion.score > current.score:
                    best[id(owner)] = suggestion
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.supplier.name))
        return ranked[:limit]

    def best(self, payee: str, *, min_score: int = ACCEPT_MIN_SCORE) -> Suggestion | None:
        """The one supplier a payee most likely is, or None when none scores ``min_score``
        or two suppliers tie for the best score (a person must choose)."""
        found = self.suggest(payee, limit=2, min_score=min_score)
        if not found or (len(found) == 2 and found[0].score == found[1].score):
            return None
        return found[0]
