"""The figures a spend analysis produces, as plain dataclasses ready for JSON or a table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from socialvalue.domain.money import share


@dataclass(frozen=True)
class PeriodFigures:
    """Totals for one financial year, or one month or one category within it.

    ``influenceable`` leaves out spend with public bodies when the caller chose to;
    the place, size and type totals are parts of the influenceable total.
    """

    year: str
    month: str | None  # "2023-04"
    category: str | None
    lines: int
    total: Decimal
    influenceable: Decimal
    force_area: Decimal
    north_west: Decimal  # the whole region, force area included
    outside_uk: Decimal
    place_unknown: Decimal
    sme: Decimal
    size_unknown: Decimal
    vcse: Decimal
    suppliers: int

    @property
    def force_area_share(self) -> Decimal | None:
        return share(self.force_area, self.influenceable)

    @property
    def north_west_share(self) -> Decimal | None:
        return share(self.north_west, self.influenceable)

    @property
    def sme_share(self) -> Decimal | None:
        return share(self.sme, self.influenceable)

    @property
    def vcse_share(self) -> Decimal | None:
        return share(self.vcse, self.influenceable)


@dataclass(frozen=True)
class SupplierTotal:
    year: str | None  # None: over everything analysed
    supplier: str  # the normalised name
    total: Decimal
    lines: int


@dataclass(frozen=True)
class Lm3Figures:
    year: str
    round1: Decimal
    round2: Decimal
    round3: Decimal
    lm3: Decimal | None
    round3_from_assumption: Decimal
    assumption: str


@dataclass(frozen=True)
class SpendFigures:
    """Everything ``analyse`` found, over all the payments it was given."""

    lines: int
    total: Decimal
    influenceable: Decimal
    negatives: int
    first_date: date | None
    last_date: date | None
    suppliers: int
    matched_suppliers: int
    by_place: dict[str, Decimal]
    by_size: dict[str, Decimal]
    by_type: dict[str, Decimal]  # of all spend (public bodies are not influenceable)
    years: list[PeriodFigures] = field(default_factory=list)
    months: list[PeriodFigures] = field(default_factory=list)
    categories: list[PeriodFigures] = field(default_factory=list)
    top_suppliers: list[SupplierTotal] = field(default_factory=list)
    top_suppliers_by_year: list[SupplierTotal] = field(default_factory=list)
    unmatched_suppliers: list[str] = field(default_factory=list)
    lm3: list[Lm3Figures] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def shares(
        self, totals: dict[str, Decimal], whole: Decimal | None = None
    ) -> dict[str, str | None]:
        """Each part of a whole (default: influenceable spend) as a fraction ('0.1234')."""
        whole = self.influenceable if whole is None else whole
        return {k: _str(share(v, whole)) for k, v in totals.items()}

    def period_rows(self) -> list[dict[str, object]]:
        """The years, then the months, then the categories, as in ``to_dict``."""
        return [_period(p) for p in (*self.years, *self.months, *self.categories)]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: money and shares as strings so no float ever rounds them."""
        return {
            "lines": self.lines,
            "total": str(self.total),
            "influenceable_total": str(self.influenceable),
            "negatives": self.negatives,
            "first_date": _str(self.first_date),
            "last_date": _str(self.last_date),
            "suppliers": self.suppliers,
            "matched_suppliers": self.matched_suppliers,
            "totals_by_place": _strs(self.by_place),
            "shares_by_place": self.shares(self.by_place),
            "totals_by_size": _strs(self.by_size),
            "shares_by_size": self.shares(self.by_size),
            "totals_by_type": _strs(self.by_type),
            "shares_by_type": self.shares(self.by_type, self.total),
            "top_suppliers": [
                {"supplier": s.supplier, "total": str(s.total), "lines": s.lines}
                for s in self.top_suppliers
            ],
            "years": [_period(p) for p in self.years],
            "months": [_period(p) for p in self.months],
            "categories": [_period(p) for p in self.categories],
            "top_suppliers_by_year": [
                {"year": s.year, "supplier": s.supplier, "total": str(s.total), "lines": s.lines}
                for s in self.top_suppliers_by_year
            ],
            "unmatched_suppliers": self.unmatched_suppliers,
            "lm3": [{k: _str(v) for k, v in asdict(x).items()} for x in self.lm3],
            "notes": self.notes,
        }


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _strs(values: dict[str, Decimal]) -> dict[str, str]:
    return {k: str(v) for k, v in values.items()}


def _period(p: PeriodFigures) -> dict[str, object]:
    data = {k: (_str(v) if isinstance(v, Decimal) else v) for k, v in asdict(p).items()}
    data.update(
        force_area_share=_str(p.force_area_share),
        north_west_share=_str(p.north_west_share),
        sme_share=_str(p.sme_share),
        vcse_share=_str(p.vcse_share),
    )
    return data
