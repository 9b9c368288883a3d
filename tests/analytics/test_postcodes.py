"""Every full postcode placed by its own district (ONS Postcode Directory), on both sides of
postcode sectors that cross the Lancashire force area's boundary.

The sectors and postcodes below were found in the package's own data (every sector with
postcodes both inside the 14 force-area districts and outside them); the sector tables
(``default_lookup``, no full postcodes) place each of them by the sector's majority,
which the first test shows is wrong for one side of each boundary.
"""

from __future__ import annotations

import threading
from pathlib import Path

import brotli
import msgpack
import pytest

from socialvalue.analytics.postcodes import OnspdPostcodes, full_lookup, onspd_postcodes, pcd7
from socialvalue.domain.geography import Place, default_lookup, lancashire_force_area

# (postcode, its district, its place, the place its sector's majority gives)
STRADDLING = [
    ("PR8 5BH", "E07000127", Place.FORCE_AREA, Place.NORTH_WEST),  # West Lancs / Sefton
    ("PR8 5AA", "E08000014", Place.NORTH_WEST, Place.NORTH_WEST),  # Sefton side
    ("L31 4ET", "E07000127", Place.FORCE_AREA, Place.NORTH_WEST),  # West Lancs / Sefton
    ("PR9 8BF", "E08000014", Place.NORTH_WEST, Place.FORCE_AREA),  # Sefton / West Lancs
    ("WN5 8FS", "E07000127", Place.FORCE_AREA, Place.NORTH_WEST),  # West Lancs / Wigan
    ("WN6 9AA", "E08000010", Place.NORTH_WEST, Place.FORCE_AREA),  # Wigan / West Lancs
    ("BL0 0AA", "E08000002", Place.NORTH_WEST, Place.FORCE_AREA),  # Bury / Rossendale
    ("BL0 0AF", "E07000125", Place.FORCE_AREA, Place.FORCE_AREA),  # Rossendale side
    ("BL7 0FE", "E08000001", Place.NORTH_WEST, Place.FORCE_AREA),  # Bolton / Blackburn w D
    ("LA6 2DG", "E07000121", Place.FORCE_AREA, Place.NORTH_WEST),  # Lancaster / Westmorland
    ("LA6 2AA", "E06000064", Place.NORTH_WEST, Place.NORTH_WEST),  # Westmorland side
    ("LA5 0BF", "E07000121", Place.FORCE_AREA, Place.NORTH_WEST),  # Lancaster / Westmorland
    ("BD23 4LN", "E07000124", Place.FORCE_AREA, Place.REST_OF_UK),  # Ribble V. / N Yorks
    ("BD23 4AA", "E06000065", Place.REST_OF_UK, Place.REST_OF_UK),  # Craven (N Yorks) side
    ("BB18 6JH", "E06000065", Place.REST_OF_UK, Place.FORCE_AREA),  # N Yorks / Pendle
    ("OL14 7EA", "E07000117", Place.FORCE_AREA, Place.REST_OF_UK),  # Burnley / Calderdale
]


@pytest.fixture(scope="module")
def area():
    return lancashire_force_area()


@pytest.mark.parametrize(("postcode", "lad", "place", "by_sector"), STRADDLING)
def test_postcodes_on_both_sides_of_a_straddling_sector(area, postcode, lad, place, by_sector):
    assert onspd_postcodes().lad_of(postcode) == lad
    result = full_lookup().classify(postcode, area)
    assert (result.place, result.level, result.confidence) == (place, "postcode", 1.0)
    # Without the full postcode the sector's majority decides, wrongly for one side.
    assert default_lookup().classify(postcode, area).place is by_sector


def test_every_straddling_case_differs_from_its_sector_on_one_side_at_least():
    wrong_by_sector = [p for p, _, place, by_sector in STRADDLING if place is not by_sector]
    assert len(wrong_by_sector) >= 10


@pytest.mark.parametrize("spelling", ["pr85bh", "PR85BH", " pr8  5bh ", "Pr8 5Bh", "PR8\t5BH"])
def test_lower_case_and_no_space_postcodes_are_found(area, spelling):
    assert onspd_postcodes().lad_of(spelling) == "E07000127"
    assert full_lookup().classify(spelling, area).place is Place.FORCE_AREA


def test_outward_codes_of_two_three_and_four_characters():
    assert pcd7("M1 1AA") == "M1  1AA"
    assert pcd7("PR1 2AB") == "PR1 2AB"
    assert pcd7("SW1A 1AA") == "SW1A1AA"
    assert onspd_postcodes().lad_of("M1 1AE") == "E08000003"  # Manchester
    assert onspd_postcodes().lad_of("SW1A 1AA") == "E09000033"  # Westminster
    assert onspd_postcodes().lad_of("OL12 8AA") == "E07000125"  # Rossendale


def test_a_terminated_postcode_is_still_placed_by_its_district(area):
    # AB1 0AA: the Aberdeen district AB1 was recoded in the 1990s; ONSPD keeps its
    # terminated postcodes with the district they were in.
    assert onspd_postcodes().lad_of("AB1 0AA") == "S12000033"  # Aberdeen City
    result = full_lookup().classify("ab10aa", area)
    assert (result.place, result.level) == (Place.REST_OF_UK, "postcode")


def test_sector_and_district_estimates_only_without_a_known_full_postcode(area):
    lookup = full_lookup()
    # Listed in the directory with no district: the sector's estimate.
    assert onspd_postcodes().lad_of("WN8 1AB") is None
    assert lookup.classify("WN8 1AB", area).level == "sector"
    # A well-formed postcode the directory does not know: the sector.
    assert onspd_postcodes().lad_of("PR8 5QQ") is None
    assert lookup.classify("PR8 5QQ", area).level == "sector"
    # Only a sector or an outward code given.
    assert lookup.classify("PR8 5", area).level == "sector"
    assert lookup.classify("PR8", area).level == "district"
    # Nothing a postcode could be.
    assert lookup.classify("not known", area).place is Place.UNKNOWN
    assert onspd_postcodes().lad_of("not a postcode") is None
    assert onspd_postcodes().lad_of("QQ1 1AA") is None  # no postcode starts with Q


def test_the_directory_is_read_once_per_process():
    assert full_lookup() is full_lookup()
    assert full_lookup().full is onspd_postcodes()
    table = OnspdPostcodes()
    threads = [threading.Thread(target=table.lad_of, args=("PR1 2AB",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    letter = table._letters["P"]
    assert table.lad_of("PR2 5AA") == "E07000123"
    assert table._letters["P"] is letter  # kept, not read again
    assert list(table._letters) == ["P"]  # only the letters asked for are read


def _write_letter(folder: Path, letter: str, postcodes: list[str], lads: list[object]) -> None:
    data = {
        "columns": ["pcd", "laua", "oseast1m", "osnrth1m"],
        "data": {"pcd": postcodes, "laua": lads, "oseast1m": [0.0] * len(lads)},
    }
    (folder / f"postcodes_{letter}.msgpack.br").write_bytes(brotli.compress(msgpack.packb(data)))


def test_a_directory_not_in_order_and_with_blank_districts_is_read_right(tmp_path):
    # The package ships each letter sorted; a later release might not.
    _write_letter(
        tmp_path,
        "P",
        ["PR9 9ZZ", "PR1 2AB", "PR1 1AA", "PR8 5BH"],
        ["E08000014", "E07000123", float("nan"), "E07000127"],
    )
    table = OnspdPostcodes(tmp_path)
    assert table.lad_of("PR1 2AB") == "E07000123"
    assert table.lad_of("PR8 5BH") == "E07000127"
    assert table.lad_of("PR9 9ZZ") == "E08000014"
    assert table.lad_of("PR1 1AA") is None  # listed without a district
    assert table.lad_of("PR1 1AB") is None
    assert table.lad_of("M1 1AA") is None  # no file for M in this folder
    assert table.load("PM") == 4
