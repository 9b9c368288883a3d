"""Supplier names as finance systems write them, reduced to one comparable form.

Finance ledgers spell one supplier many ways: ``Acme Ltd``, ``ACME LIMITED``,
``Acme Ltd.`` and ``ACME LTD (200398)`` (a vendor id in brackets). ``normalise_name``
turns all of these into ``ACME``-style keys so spend can be added up per supplier and
matched against the supplier register. Aliases written in square brackets
(``BIDFOOD [3663 FIRST FOR FOODSERVICE]``) are split off by ``split_aliases``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

# Legal-form words that do not tell one supplier from another. Multi-word forms
# first so "PUBLIC LIMITED COMPANY" is not left as "PUBLIC COMPANY".
_LEGAL_SUFFIXES = (
    "PUBLIC LIMITED COMPANY",
    "LIMITED LIABILITY PARTNERSHIP",
    "COMMUNITY INTEREST COMPANY",
    "LIMITED",
    "LTD",
    "PLC",
    "LLP",
    "CIC",
)
_SUFFIX_PATTERN = re.compile(
    r"(?:\s+(?:" + "|".join(re.escape(s) for s in _LEGAL_SUFFIXES) + r"))+$"
)
# A vendor id in round or square brackets: "(200398)", "[205138]", "(V1234)".
_BRACKETED_ID = re.compile(r"[\(\[]\s*[A-Z]{0,3}\d{3,}\s*[\)\]]")
_SQUARE_ALIAS = re.compile(r"\[([^\]]*)\]")
_NOT_WORD = re.compile(r"[^A-Z0-9&]+")
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Upper case, accents dropped, '&' kept (it separates 'M&S' from 'MS')."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return ascii_text.upper()


def split_aliases(raw: str) -> tuple[str, list[str]]:
    """Split ``NAME [OTHER NAME]`` into the name and its aliases; ids are not aliases."""
    without_ids = _BRACKETED_ID.sub(" ", raw)
    aliases = [a.strip() for a in _SQUARE_ALIAS.findall(without_ids) if a.strip()]
    name = _SQUARE_ALIAS.sub(" ", without_ids)
    return _SPACES.sub(" ", name).strip(), aliases


@lru_cache(maxsize=1 << 16)  # a ledger repeats names; classification asks more than once
def normalise_name(raw: str | None) -> str:
    """The key two spellings of one supplier share; '' for a blank name.

    Drops vendor ids in brackets, square-bracket aliases, punctuation, a leading
    'THE' and legal-form words (Ltd, Limited, PLC, LLP, CIC), and turns '&' and
    'AND' into one form.
    """
    if not raw:
        return ""
    name, _aliases = split_aliases(_fold(raw))
    name = name.replace("&", " AND ")
    name = _NOT_WORD.sub(" ", name)
    name = _SPACES.sub(" ", name).strip()
    name = _SUFFIX_PATTERN.sub("", " " + name).strip()
    if name.startswith("THE ") and len(name) > 4:
        name = name[4:]
    return name


@dataclass(frozen=True)
class RegisteredSupplier:
    """A supplier as the supplier register knows it, with what classification needs.

    Every field but ``name`` may be unknown (None); classification then says so.
    """

    name: str
    aliases: tuple[str, ...] = ()
    postcode: str | None = None
    country: str | None = None
    company_number: str | None = None
    charity_number: str | None = None
    legal_form: str | None = None
    employees: int | None = None
    size_band: str | None = None  # stated when figures are unknown ("micro" ... "large")
    turnover: object | None = None  # Decimal pounds; object to accept text from CSV
    balance_sheet_total: object | None = None
    local_respend_share: object | None = None  # survey answer for LM3, 0..1
    reference: str | None = None

    def match_keys(self) -> set[str]:
        """Every normalised name this supplier answers to."""
        names = [self.name, *self.aliases]
        _name, bracket_aliases = split_aliases(_fold(self.name))
        names.extend(bracket_aliases)
        return {k for k in (normalise_name(n) for n in names) if k}


@dataclass(frozen=True)
class NameMatch:
    """What matching one raw ledger name against the register found."""

    raw_name: str
    key: str
    supplier: RegisteredSupplier | None

    @property
    def matched(self) -> bool:
        return self.supplier is not None


@dataclass
class SupplierRegister:
    """The suppliers a body knows, looked up by any of their normalised names."""

    suppliers: list[RegisteredSupplier] = field(default_factory=list)
    _by_key: dict[str, RegisteredSupplier] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for supplier in self.suppliers:
            self._index(supplier)

    def _index(self, supplier: RegisteredSupplier) -> None:
        for key in supplier.match_keys():
            # The first supplier to claim a name keeps it: a later alias must not
            # silently re-point spend that already belongs to someone.
            self._by_key.setdefault(key, supplier)

    def add(self, supplier: RegisteredSupplier) -> None:
        self.suppliers.append(supplier)
        self._index(supplier)

    def match(self, raw_name: str) -> NameMatch:
        """Find the registered supplier a ledger name belongs to, by the name or an alias."""
        key = normalise_name(raw_name)
        supplier = self._by_key.get(key)
        if supplier is None:
            _name, aliases = split_aliases(_fold(raw_name))
            for alias in aliases:
                supplier = self._by_key.get(normalise_name(alias))
                if supplier is not None:
                    break
        return NameMatch(raw_name=raw_name, key=key, supplier=supplier)

    def match_all(self, raw_names: Iterable[str]) -> tuple[list[NameMatch], list[NameMatch]]:
        """Split ledger names into (matched, unmatched)."""
        matched: list[NameMatch] = []
        unmatched: list[NameMatch] = []
        for raw in raw_names:
            result = self.match(raw)
            (matched if result.matched else unmatched).append(result)
        return matched, unmatched
