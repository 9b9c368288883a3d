"""What a place share rests on, and how to show a share that rests on too little.

Each supplier's place is decided on one basis (``PlaceBasis``): its own full postcode, its
country (outside the UK), an estimate from its postcode sector or district (the most likely
place, from how the sector's postcodes divide between districts), or nothing at all. A share
such as "38.2% of influenceable spend in the force area" says how much of the spend behind it
is estimated and how much has no known place. When more than a set part (the *limit*, 20%
unless the body sets another) has no known place, the share is not shown as a figure: the
true share could lie anywhere between the known part and the known part plus the unknown,
and that range is what is shown ("Not known: between 0.0% and 87.0%"), never a bare "0.0%".
The SME share follows the same rule with the spend of no known size (``PartlyKnown``): a
supplier missing from the register could be small or large.

The one place this wording is made: pages, downloads, the API, the annual review and the
public page all call ``place_share_text``, ``PartlyKnown`` and ``PlaceCoverage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from socialvalue.domain.money import ZERO, share

DEFAULT_PLACE_UNKNOWN_LIMIT = Decimal("0.20")
# The headline shares (keys of the spend figures) that rest on suppliers' places, and the
# one that rests on their sizes; the VCSE share rests on the type of organisation, always set.
PLACE_SHARES = ("force_area", "north_west")
SIZE_SHARES = ("sme",)


class PlaceBasis(StrEnum):
    """How a supplier's place was decided, finest first."""

    POSTCODE = "postcode"  # its own full postcode, in the ONS Postcode Directory
    COUNTRY = "country"  # a country outside the UK
    SECTOR = "sector"  # estimated: the postcode sector's most likely place
    DISTRICT = "district"  # estimated: the postcode district's most likely place
    UNKNOWN = "unknown"  # no postcode, or one the directory does not know

    @property
    def label(self) -> str:
        return PLACE_BASIS_LABELS[self]

    @classmethod
    def of_level(cls, level: str) -> PlaceBasis:
        """The basis of a ``geography.PlaceResult.level`` ("none" is unknown)."""
        return cls.UNKNOWN if level == "none" else cls(level)


PLACE_BASIS_LABELS: dict[PlaceBasis, str] = {
    PlaceBasis.POSTCODE: "Placed by full postcode",
    PlaceBasis.COUNTRY: "Placed by country (outside the UK)",
    PlaceBasis.SECTOR: "Estimated from the postcode sector",
    PlaceBasis.DISTRICT: "Estimated from the postcode district",
    PlaceBasis.UNKNOWN: "Place not known",
}
ESTIMATED = (PlaceBasis.SECTOR, PlaceBasis.DISTRICT)


def percent(fraction: Decimal) -> str:
    """0.38167 -> '38.2%' (one place, half up)."""
    value = (Decimal(fraction) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def place_share_text(
    fraction: Decimal | None,
    unknown: Decimal | None,
    limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT,
) -> str:
    """A place share as it is shown: '38.2%'; 'Not known: between 0.0% and 87.0%' when
    more than ``limit`` of the spend has no known place; '-' when there is no spend."""
    if fraction is None:
        return "-"
    if unknown is None or unknown <= limit:
        return percent(fraction)
    upper = min(Decimal(fraction) + unknown, Decimal(1))
    return f"Not known: between {percent(fraction)} and {percent(upper)}"


@dataclass(frozen=True)
class PartlyKnown:
    """Spend (``whole``) of which ``unknown`` cannot be put on either side of a share:
    no known place for a place share, no known size for the SME share. The rule of this
    module for any such share: a figure while the unknown part is at most ``limit``, else
    only the range the share lies in."""

    whole: Decimal
    unknown: Decimal
    limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT

    @property
    def unknown_share(self) -> Decimal | None:
        return share(self.unknown, self.whole)

    @property
    def reliable(self) -> bool:
        """False when more than the limit of the spend is unknown."""
        unknown = self.unknown_share
        return unknown is None or unknown <= self.limit

    def share_range(self, part: Decimal) -> tuple[Decimal | None, Decimal | None]:
        """The least and the most a share can be: the share of ``part``, and that plus all
        the unknown spend (at most the whole)."""
        low = share(part, self.whole)
        if low is None:
            return None, None
        return low, min(low + (self.unknown_share or ZERO), Decimal(1))

    def figure(self, part: Decimal) -> Decimal | None:
        """A share to publish as a number: None when more than the limit of the spend is
        unknown, since only its range (``share_range``) is known then."""
        return share(part, self.whole) if self.reliable else None

    def share_text(self, part: Decimal) -> str:
        """A share of this spend, as ``place_share_text`` words it."""
        return place_share_text(share(part, self.whole), self.unknown_share, self.limit)


@dataclass(frozen=True)
class PlaceCoverage:
    """How the place of an amount of spend (``whole``, the influenceable spend) was
    decided: money per ``PlaceBasis``, which add up to the whole."""

    whole: Decimal
    amounts: Mapping[PlaceBasis, Decimal]
    limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT

    def amount(self, basis: PlaceBasis) -> Decimal:
        return self.amounts.get(basis, ZERO)

    @property
    def estimated(self) -> Decimal:
        return sum((self.amount(b) for b in ESTIMATED), ZERO)

    @property
    def unknown(self) -> Decimal:
        return self.amount(PlaceBasis.UNKNOWN)

    @property
    def estimated_share(self) -> Decimal | None:
        return share(self.estimated, self.whole)

    @property
    def known(self) -> PartlyKnown:
        """The influenceable spend with the part of no known place: how its shares are shown."""
        return PartlyKnown(self.whole, self.unknown, self.limit)

    @property
    def unknown_share(self) -> Decimal | None:
        return self.known.unknown_share

    @property
    def reliable(self) -> bool:
        """False when more than the limit of the spend has no known place."""
        return self.known.reliable

    def share_range(self, part: Decimal) -> tuple[Decimal | None, Decimal | None]:
        """The least and the most a place share can be: the share of ``part`` placed there,
        and that plus all the spend of no known place (at most the whole)."""
        return self.known.share_range(part)

    def figure(self, part: Decimal) -> Decimal | None:
        """A place share to publish as a number (None when only its range is known)."""
        return self.known.figure(part)

    def share_text(self, part: Decimal) -> str:
        """A place share of this spend, as ``place_share_text`` words it."""
        return self.known.share_text(part)

    def caveat(self) -> str:
        """One sentence on what the place shares rest on."""
        unknown, estimated = self.unknown_share, self.estimated_share
        if unknown is None or estimated is None:
            return "No influenceable spend, so no place shares."
        rests = (
            f"{percent(estimated)} of influenceable spend is placed by an estimate from "
            f"the postcode sector or district and {percent(unknown)} has no known place."
        )
        if self.reliable:
            return rests
        return (
            f"{rests} That is more than the {percent(self.limit)} limit, so each place "
            "share is shown as the range it could lie in, not as a figure."
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (money and fractions as strings), for the API, downloads and a
        published annual review."""
        return {
            "whole": str(self.whole),
            "rows": [
                {
                    "basis": basis.value,
                    "label": basis.label,
                    "amount": str(self.amount(basis)),
                    "share": _str(share(self.amount(basis), self.whole)),
                    "share_text": place_share_text(share(self.amount(basis), self.whole), None),
                }
                for basis in PlaceBasis
            ],
            "estimated": str(self.estimated),
            "estimated_share": _str(self.estimated_share),
            "unknown": str(self.unknown),
            "unknown_share": _str(self.unknown_share),
            "unknown_share_text": place_share_text(self.unknown_share, None),
            "limit": str(self.limit),
            "limit_text": percent(self.limit),
            "reliable": self.reliable,
            "caveat": self.caveat(),
        }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
