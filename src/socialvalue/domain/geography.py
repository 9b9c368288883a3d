"""Where a supplier is: inside a local area, elsewhere in its region, elsewhere in the UK.

A "local area" is a set of local authority district codes (LAD, e.g. ``E07000120``
Hyndburn), so any public body can define its own by data: Lancashire's police force
area is the 14 districts in ``LANCASHIRE_PFA_LADS``. The test works from the finest
postcode information available:

1. a full postcode, when a full-postcode table has been plugged in (``FullPostcodeTable``);
2. the postcode sector (``PR1 2``): ONS counts of the sector's postcodes per district give
   the share of the sector inside the area, which becomes the confidence;
3. the postcode district (``PR1``), the same way, when the sector is not known.

A full postcode in a sector that lies wholly inside (or wholly outside) the area is
therefore answered with confidence 1.0 even without a full-postcode table.
Postcode data: Source: Office for National Statistics licensed under the Open Government
Licence v.3.0 (see ``socialvalue/data/geo/SOURCES.md`` for the full attribution).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Protocol

NORTH_WEST = "E12000002"
LANCASHIRE_PFA_LADS: frozenset[str] = frozenset(
    {
        "E07000117",  # Burnley
        "E07000118",  # Chorley
        "E07000119",  # Fylde
        "E07000120",  # Hyndburn
        "E07000121",  # Lancaster
        "E07000122",  # Pendle
        "E07000123",  # Preston
        "E07000124",  # Ribble Valley
        "E07000125",  # Rossendale
        "E07000126",  # South Ribble
        "E07000127",  # West Lancashire
        "E07000128",  # Wyre
        "E06000008",  # Blackburn with Darwen
        "E06000009",  # Blackpool
    }
)
# ONSPD's pseudo-codes for the Channel Islands and the Isle of Man: postcodes in
# the directory, but not in the UK.
_CROWN_DEPENDENCIES = ("L99999999", "M99999999")

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d)([A-Z]{2})$")
_SECTOR = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d)$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_UK_COUNTRY_NAMES = {
    "",
    "UK",
    "GB",
    "UNITED KINGDOM",
    "GREAT BRITAIN",
    "ENGLAND",
    "WALES",
    "SCOTLAND",
    "NORTHERN IRELAND",
}


class Place(StrEnum):
    """Where a supplier is, in the words of a social value report."""

    FORCE_AREA = "force_area"  # inside the local area (for Lancashire: the force area)
    NORTH_WEST = "north_west"  # in the region but outside the local area
    REST_OF_UK = "rest_of_uk"
    OUTSIDE_UK = "outside_uk"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The words a page, a download heading or a chart uses: "Rest of the UK"."""
        return PLACE_LABELS[self]


PLACE_LABELS: dict[Place, str] = {
    Place.FORCE_AREA: "Force area",
    Place.NORTH_WEST: "North West",
    Place.REST_OF_UK: "Rest of the UK",
    Place.OUTSIDE_UK: "Outside the UK",
    Place.UNKNOWN: "Place not known",
}


@dataclass(frozen=True)
class PlaceResult:
    """A place with how sure we are (0..1) and which postcode level decided it."""

    place: Place
    confidence: float
    level: str  # "postcode", "sector", "district", "country" or "none"
    share_in_area: float = 0.0  # of the postcode unit's addresses, inside the local area
    share_in_region: float = 0.0  # inside the region (local area included)


@dataclass(frozen=True)
class LocalArea:
    """A local area and its region, both as sets of district (LAD) codes."""

    name: str
    lads: frozenset[str]
    region_lads: frozenset[str]


class FullPostcodeTable(Protocol):
    """Anything that can say which district a full postcode is in (e.g. ONSPD)."""

    def lad_of(self, postcode: str) -> str | None: ...


def normalise_postcode(text: str | None) -> str | None:
    """``'pr1 2ab'`` -> ``'PR1 2AB'``; None when it is not a UK postcode."""
    if not text:
        return None
    compact = re.sub(r"\s+", "", text.upper())
    match = _POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}{match.group(3)}"


def postcode_units(text: str) -> tuple[str | None, str | None, str | None]:
    """(full postcode, sector, district) for a postcode or a part of one."""
    full = normalise_postcode(text)
    if full:
        outward, inward = full.split(" ")
        return full, f"{outward} {inward[0]}", outward
    words = text.upper().split()
    compact = "".join(words)
    # "OL12" is the district OL12, not sector "OL1 2": only a space marks a sector.
    sector = _SECTOR.match(compact) if len(words) == 2 else None
    if sector:
        return None, f"{sector.group(1)} {sector.group(2)}", sector.group(1)
    if _DISTRICT.match(compact):
        return None, None, compact
    return None, None, None


@dataclass
class PostcodeLookup:
    """Postcode sectors and districts with the share of their postcodes in each district."""

    sectors: Mapping[str, Mapping[str, float]]
    districts: Mapping[str, Mapping[str, float]]
    lad_region: Mapping[str, str]
    full: FullPostcodeTable | None = None

    def region_lads(self, region_code: str = NORTH_WEST) -> frozenset[str]:
        """Every district in a region (E12000002 is the North West)."""
        return frozenset(lad for lad, rgn in self.lad_region.items() if rgn == region_code)

    def local_area(
        self, name: str, lads: Iterable[str], region_code: str = NORTH_WEST
    ) -> LocalArea:
        """A local area from its district codes, inside the given region."""
        return LocalArea(name=name, lads=frozenset(lads), region_lads=self.region_lads(region_code))

    def classify(
        self, postcode: str | None, area: LocalArea, country: str | None = None
    ) -> PlaceResult:
        """Where a supplier with this postcode (and country, if known) is."""
        if country and country.strip().upper() not in _UK_COUNTRY_NAMES:
            return PlaceResult(Place.OUTSIDE_UK, 1.0, "country")
        if not postcode:
            return PlaceResult(Place.UNKNOWN, 0.0, "none")
        full, sector, district = postcode_units(postcode)
        if full and self.full is not None:
            lad = self.full.lad_of(full)
            if lad:
                return _decide({lad: 1.0}, area, "postcode")
        if sector and sector in self.sectors:
            return _decide(self.sectors[sector], area, "sector")
        if district and district in self.districts:
            return _decide(self.districts[district], area, "district")
        return PlaceResult(Place.UNKNOWN, 0.0, "none")


def _decide(shares: Mapping[str, float], area: LocalArea, level: str) -> PlaceResult:
    """Pick the most likely place; its probability is the confidence."""
    outside_uk = sum(s for lad, s in shares.items() if lad in _CROWN_DEPENDENCIES)
    in_area = sum(s for lad, s in shares.items() if lad in area.lads)
    in_region = sum(s for lad, s in shares.items() if lad in area.region_lads or lad in area.lads)
    candidates = [
        (in_area, Place.FORCE_AREA),
        (in_region - in_area, Place.NORTH_WEST),
        (1.0 - in_region - outside_uk, Place.REST_OF_UK),
        (outside_uk, Place.OUTSIDE_UK),
    ]
    probability, place = max(candidates, key=lambda c: c[0])
    return PlaceResult(
        place,
        round(min(max(float(probability), 0.0), 1.0), 4),
        level,
        round(float(in_area), 4),
        round(float(in_region), 4),
    )


def _read_shares(
    filename: str, key_column: str
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    shares: dict[str, dict[str, float]] = defaultdict(dict)
    region: dict[str, str] = {}
    path = resources.files("socialvalue.data.geo").joinpath(filename)
    with io.StringIO(path.read_text(encoding="utf-8"), newline="") as handle:
        for row in csv.DictReader(handle):
            shares[row[key_column]][row["lad25cd"]] = float(row["share"])
            region[row["lad25cd"]] = row["rgn_cd"] or row["ctry_cd"]
    return dict(shares), region


@cache
def default_lookup() -> PostcodeLookup:
    """The shipped ONS sector and district tables (no full-postcode table)."""
    sectors, region = _read_shares("onspd_nov2025_postcode_sector_to_lad.csv", "postcode_sector")
    districts, region2 = _read_shares(
        "onspd_nov2025_postcode_district_to_lad.csv", "postcode_district"
    )
    region.update(region2)
    return PostcodeLookup(sectors=sectors, districts=districts, lad_region=region)


def lancashire_force_area() -> LocalArea:
    """The Lancashire police force area within the North West."""
    return default_lookup().local_area("Lancashire police force area", LANCASHIRE_PFA_LADS)


def all_sectors() -> list[str]:
    """Every postcode sector in the shipped table (used by the benchmark generator)."""
    return sorted(default_lookup().sectors)
