"""Place classification against postcodes whose answer is known from the ONS tables.

Expected shares were read from lancashire_pfa_postcode_{sectors,districts}_onspd_nov2025.csv
(the shared data's own derivation), a different file from the sector->district table
the code uses, so the code's sums are checked against an independent count.
"""

import csv
from importlib import resources

import pytest

from socialvalue.domain.geography import (
    LANCASHIRE_PFA_LADS,
    Place,
    default_lookup,
    lancashire_force_area,
    normalise_postcode,
    postcode_units,
)


@pytest.fixture(scope="module")
def area():
    return lancashire_force_area()


def classify(postcode, area, country=None):
    return default_lookup().classify(postcode, area, country)


def test_force_area_is_the_fourteen_districts_inside_the_north_west(area):
    assert len(area.lads) == 14
    assert area.lads <= area.region_lads
    assert "E08000003" in area.region_lads  # Manchester
    assert "E09000001" not in area.region_lads  # City of London


@pytest.mark.parametrize(
    ("postcode", "place", "confidence", "level"),
    [
        ("BB5 1AA", Place.FORCE_AREA, 1.0, "sector"),  # Accrington, wholly inside
        ("pr1 2ab", Place.FORCE_AREA, 1.0, "sector"),
        ("M1 1AA", Place.NORTH_WEST, 1.0, "sector"),
        ("SW1A 1AA", Place.REST_OF_UK, 1.0, "sector"),
        ("BL0 0AA", Place.FORCE_AREA, 0.6117, "sector"),  # Ramsbottom/Edenfield crosses
        ("LA2 8XX", Place.FORCE_AREA, 0.519, "sector"),
        ("LA2 7AA", Place.REST_OF_UK, 0.9505, "sector"),  # mostly Westmorland and Furness
        ("PR8 3AA", Place.NORTH_WEST, 0.9464, "sector"),  # Southport, 5% West Lancs
        ("BL0", Place.NORTH_WEST, 0.7496, "district"),
        ("OL12", Place.NORTH_WEST, 0.8164, "district"),  # Rochdale with a Rossendale edge
        ("PR9", Place.NORTH_WEST, 0.8869, "district"),
        ("GY1 1AA", Place.OUTSIDE_UK, 1.0, "sector"),  # Guernsey is not in the UK
    ],
)
def test_place_and_confidence(area, postcode, place, confidence, level):
    result = classify(postcode, area)
    assert (result.place, result.confidence, result.level) == (place, confidence, level)


def test_unknown_and_overseas(area):
    assert classify(None, area).place is Place.UNKNOWN
    assert classify("ZZ9 9ZZ", area).place is Place.UNKNOWN
    assert classify("not a postcode", area).confidence == 0.0
    overseas = classify("75001", area, country="France")
    assert (overseas.place, overseas.confidence) == (Place.OUTSIDE_UK, 1.0)
    assert classify("BB5 1AA", area, country="United Kingdom").place is Place.FORCE_AREA


def _shipped(name, key):
    path = resources.files("socialvalue.data.geo").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        return {r[key]: r for r in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("unit", "file", "key"),
    [
        ("sector", "lancashire_pfa_postcode_sectors_onspd_nov2025.csv", "postcode_sector"),
        ("district", "lancashire_pfa_postcode_districts_onspd_nov2025.csv", "postcode_district"),
    ],
)
def test_share_inside_matches_the_independent_derivation(area, unit, file, key):
    rows = _shipped(file, key)
    crossing = 0
    for code, row in rows.items():
        result = classify(code if unit == "district" else code, area)
        assert result.share_in_area == pytest.approx(
            float(row["share_lancashire_pfa"]), abs=2e-4
        ), code
        assert result.share_in_region == pytest.approx(float(row["share_north_west"]), abs=2e-4), (
            code
        )
        crossing += 0 < float(row["share_lancashire_pfa"]) < 1
    assert crossing > 0


def test_crossing_districts_named_in_the_sources_cross(area):
    for district in ("BL0", "LA2", "LA6", "OL12", "PR8", "PR9"):
        result = classify(district, area)
        assert 0 < result.share_in_area < 1, district


def test_a_full_postcode_table_decides_when_plugged_in(area):
    class OnePostcode:
        def lad_of(self, postcode):
            return "E07000125" if postcode == "BL0 0AA" else None  # Rossendale

    lookup = default_lookup()
    from dataclasses import replace

    with_full = replace(lookup, full=OnePostcode())
    decided = with_full.classify("BL0 0AA", area)
    assert (decided.place, decided.confidence, decided.level) == (Place.FORCE_AREA, 1.0, "postcode")
    # a postcode the table does not know falls back to its sector
    assert with_full.classify("BL0 0ZZ", area).level == "sector"


def test_another_body_can_define_its_own_area_by_data():
    lookup = default_lookup()
    hyndburn = lookup.local_area("Hyndburn", {"E07000120"})
    assert lookup.classify("BB5 1AA", hyndburn).place is Place.FORCE_AREA
    assert lookup.classify("PR1 2AB", hyndburn).place is Place.NORTH_WEST


def test_postcode_shapes():
    assert normalise_postcode("sw1a1aa") == "SW1A 1AA"
    assert normalise_postcode("12345") is None
    assert postcode_units("PR1 2AB") == ("PR1 2AB", "PR1 2", "PR1")
    assert postcode_units("PR1 2") == (None, "PR1 2", "PR1")
    assert postcode_units("OL12") == (None, None, "OL12")
    assert lancashire_force_area().lads == LANCASHIRE_PFA_LADS
