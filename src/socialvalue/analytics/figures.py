"""The figures a spend analysis produces, as plain dataclasses ready for JSON or a table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from socialvalue.domain.geography import Place
from socialvalue.domain.money import ZERO, share
from socialvalue.domain.organisation_type import OrganisationType
from socialvalue.domain.place_coverage import (
    DEFAULT_PLACE_UNKNOWN_LIMIT,
    PLACE_SHARES,
    SIZE_SHARES,
    PartlyKnown,
    PlaceBasis,
    PlaceCoverage,
    place_share_text,
)
from socialvalue.domain.supplier_size import SizeBand


@dataclass(frozen=True)
class PeriodFigures:
    """Totals for one financial year, or one month or one category within it.

    ``influenceable`` leaves out spend with public bodies when the caller chose to;
    the place, size and type totals are parts of the influenceable total. The
    ``placed_by_*``/``estimated_by_*`` totals and ``place_unknown`` say how the place of
    that influenceable spend was decided (they add up to it).
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
    placed_by_postcode: Decimal = ZERO
    placed_by_country: Decimal = ZERO
    estimated_by_sector: Decimal = ZERO
    estimated_by_district: Decimal = ZERO
    place_unknown_limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT

    @property
    def place_coverage(self) -> PlaceCoverage:
        """What this period's place shares rest on."""
        return PlaceCoverage(
            self.influenceable,
            {
                PlaceBasis.POSTCODE: self.placed_by_postcode,
                PlaceBasis.COUNTRY: self.placed_by_country,
                PlaceBasis.SECTOR: self.estimated_by_sector,
                PlaceBasis.DISTRICT: self.estimated_by_district,
                PlaceBasis.UNKNOWN: self.place_unknown,
            },
            self.place_unknown_limit,
        )

    @property
    def force_area_share_text(self) -> str:
        """'38.2%', or the range it lies in when too much spend has no known place."""
        return self.place_coverage.share_text(self.force_area)

    @property
    def north_west_share_text(self) -> str:
        return self.place_coverage.share_text(self.north_west)

    @property
    def force_area_share(self) -> Decimal | None:
        return share(self.force_area, self.influenceable)

    @property
    def north_west_share(self) -> Decimal | None:
        return share(self.north_west, self.influenceable)

    @property
    def size_coverage(self) -> PartlyKnown:
        """The influenceable spend with the part whose supplier's size is not known: what
        the SME share rests on (shown as a range when that part is over the limit)."""
        return PartlyKnown(self.influenceable, self.size_unknown, self.place_unknown_limit)

    @property
    def sme_share(self) -> Decimal | None:
        return share(self.sme, self.influenceable)

    def share_text(self, key: str) -> str:
        """A headline share (force_area, north_west, sme, vcse) as it is shown."""
        part = getattr(self, key)
        if key in PLACE_SHARES:
            return self.place_coverage.share_text(part)
        if key in SIZE_SHARES:
            return self.size_coverage.share_text(part)
        return place_share_text(share(part, self.influenceable), None)

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
    # How the place of the influenceable spend was decided: PlaceBasis value -> money.
    by_place_basis: dict[str, Decimal] = field(default_factory=dict)
    place_unknown_limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT

    @classmethod
    def no_payments(
        cls, place_unknown_limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT
    ) -> SpendFigures:
        """The figures of no payment at all (a body that paid nothing in the period): every
        amount zero, every share unknown, as ``analyse`` finds over no lines."""
        return cls(
            lines=0,
            total=ZERO,
            influenceable=ZERO,
            negatives=0,
            first_date=None,
            last_date=None,
            suppliers=0,
            matched_suppliers=0,
            by_place={p.value: ZERO for p in Place},
            by_size={b.value: ZERO for b in SizeBand},
            by_type={t.value: ZERO for t in OrganisationType},
            by_place_basis={b.value: ZERO for b in PlaceBasis},
            place_unknown_limit=place_unknown_limit,
        )

    def place_coverage(self) -> PlaceCoverage:
        """What the place shares over everything analysed rest on."""
        return PlaceCoverage(
            self.influenceable,
            {PlaceBasis(k): v for k, v in self.by_place_basis.items()},
            self.place_unknown_limit,
        )

    def place_share_texts(self) -> dict[str, str]:
        """Each place's share in words: '38.2%', or its range when too much is unknown
        (the unknown part itself is always a plain percentage)."""
        coverage = self.place_coverage()
        return {
            place: coverage.share_text(amount)
            if place != "unknown"
            else place_share_text(share(amount, self.influenceable), None)
            for place, amount in self.by_place.items()
        }

    def place_shares(self) -> dict[str, str | None]:
        """Each place's share as a number, null when too much spend has no known place (its
        range is then in ``place_share_ranges``); the unknown part is always a number."""
        coverage = self.place_coverage()
        return {
            place: _str(
                share(amount, self.influenceable) if place == "unknown" else coverage.figure(amount)
            )
            for place, amount in self.by_place.items()
        }

    def place_share_ranges(self) -> dict[str, dict[str, str | None]]:
        """The least and most each place's share can be (equal bounds when all is placed)."""
        coverage = self.place_coverage()
        ranges = {}
        for place, amount in self.by_place.items():
            if place == "unknown":
                continue
            low, high = coverage.share_range(amount)
            ranges[place] = {"low": _str(low), "high": _str(high)}
        return ranges

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
            "shares_by_place": self.place_shares(),
            "share_ranges_by_place": self.place_share_ranges(),
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
            "totals_by_place_basis": _strs(self.by_place_basis),
            "place_share_texts": self.place_share_texts(),
            "place_coverage": self.place_coverage().to_dict(),
        }


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _strs(values: dict[str, Decimal]) -> dict[str, str]:
    return {k: str(v) for k, v in values.items()}


def _period(p: PeriodFigures) -> dict[str, object]:
    data = {k: (_str(v) if isinstance(v, Decimal) else v) for k, v in asdict(p).items()}
    coverage = p.place_coverage
    force_low, force_high = coverage.share_range(p.force_area)
    sme_low, sme_high = p.size_coverage.share_range(p.sme)
    region_low, region_high = coverage.share_range(p.north_west)
    data.update(
        # A number only when it can be published as one; the range always.
        force_area_share=_str(coverage.figure(p.force_area)),
        north_west_share=_str(coverage.figure(p.north_west)),
        force_area_share_low=_str(force_low),
        force_area_share_high=_str(force_high),
        north_west_share_low=_str(region_low),
        north_west_share_high=_str(region_high),
        sme_share=_str(p.size_coverage.figure(p.sme)),
        sme_share_low=_str(sme_low),
        sme_share_high=_str(sme_high),
        sme_share_text=p.share_text("sme"),
        size_unknown_share=_str(p.size_coverage.unknown_share),
        size_shares_reliable=p.size_coverage.reliable,
        vcse_share=_str(p.vcse_share),
        force_area_share_text=p.force_area_share_text,
        north_west_share_text=p.north_west_share_text,
        place_estimated_share=_str(p.place_coverage.estimated_share),
        place_unknown_share=_str(p.place_coverage.unknown_share),
        place_shares_reliable=p.place_coverage.reliable,
        place_caveat=p.place_coverage.caveat(),
    )
    return data
