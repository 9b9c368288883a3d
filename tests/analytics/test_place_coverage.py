"""What each place share rests on (full postcode, country, sector or district estimate,
unknown), and a share resting on too little shown as its range, never as a bare figure."""

from __future__ import annotations

import io
from decimal import Decimal

import duckdb
import pytest

from socialvalue.analytics.cli import main
from socialvalue.analytics.engine import AnalysisOptions, analyse, load_files
from socialvalue.domain.place_coverage import (
    PlaceBasis,
    PlaceCoverage,
    percent,
    place_share_text,
)
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister

HEADER = "Date,Amount,Supplier,Postcode\n"
# One supplier per basis; amounts chosen so every total is distinct.
LINES = [
    "01/05/2024,1000.00,West Lancs Joinery,pr85bh",  # full postcode: force area
    "02/05/2024,200.00,Southport Print,PR8 5AA",  # full postcode: Sefton, North West
    "03/05/2024,40.00,Sector Only Ltd,PR8 5",  # sector estimate (Sefton's majority)
    "04/05/2024,8.00,District Only Ltd,BB11",  # district estimate (Burnley)
    "05/05/2024,1.50,Nowhere Ltd,",  # unknown
    "06/05/2024,0.25,Dublin Supplies,",  # abroad, by the register's country
]


def _figures(tmp_path, lines=LINES, **options):
    path = tmp_path / "payments.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    register = SupplierRegister([RegisteredSupplier(name="Dublin Supplies", country="Ireland")])
    con = duckdb.connect()
    load_files(con, [path])
    return analyse(con, register, AnalysisOptions(**options))


def test_each_share_says_how_its_places_were_decided(tmp_path):
    figures = _figures(tmp_path)
    assert figures.by_place_basis == {
        "postcode": Decimal("1200.00"),
        "country": Decimal("0.25"),
        "sector": Decimal("40.00"),
        "district": Decimal("8.00"),
        "unknown": Decimal("1.50"),
    }
    assert sum(figures.by_place_basis.values()) == figures.influenceable
    assert figures.by_place["force_area"] == Decimal("1008.00")  # joinery + Burnley
    (year,) = figures.years
    assert (year.placed_by_postcode, year.placed_by_country) == (
        Decimal("1200.00"),
        Decimal("0.25"),
    )
    assert (year.estimated_by_sector, year.estimated_by_district) == (
        Decimal("40.00"),
        Decimal("8.00"),
    )
    coverage = year.place_coverage
    assert coverage.estimated == Decimal("48.00")
    assert coverage.estimated_share == Decimal("0.0384")  # 48 / 1249.75
    assert coverage.unknown_share == Decimal("0.0012")
    assert coverage.reliable
    assert year.force_area_share_text == "80.7%"  # 1008 / 1249.75
    assert "3.8% of influenceable spend is placed by an estimate" in coverage.caveat()
    data = figures.to_dict()
    assert data["place_coverage"]["reliable"] is True
    assert data["years"][0]["place_estimated_share"] == "0.0384"
    assert data["place_share_texts"]["force_area"] == "80.7%"


def test_a_share_with_much_spend_unknown_is_shown_as_its_range(tmp_path):
    lines = [*LINES, "07/05/2024,5000.00,Not Placed Anywhere,"]
    figures = _figures(tmp_path, lines)
    (year,) = figures.years
    assert not year.place_coverage.reliable
    assert year.place_coverage.unknown_share == Decimal("0.8003")  # 5001.50 / 6249.75
    assert year.force_area_share_text == "Not known: between 16.1% and 96.2%"
    # 1248.00 of 6249.75 in the region; the unknown 80.0% on top is capped at 100%.
    assert year.north_west_share_text == "Not known: between 20.0% and 100.0%"
    texts = figures.place_share_texts()
    assert texts["force_area"].startswith("Not known: between 16.1%")
    assert texts["unknown"] == "80.0%"  # the unknown part itself is a plain figure
    caveat = figures.to_dict()["years"][0]["place_caveat"]
    assert "80.0% has no known place" in caveat and "more than the 20.0% limit" in caveat
    # A body may set its own limit.
    relaxed = _figures(tmp_path, lines, place_unknown_limit=Decimal("0.85"))
    assert relaxed.years[0].force_area_share_text == "16.1%"


def test_the_command_line_gives_the_range_and_the_bases(tmp_path):
    path = tmp_path / "payments.csv"
    path.write_text(HEADER + "01/05/2024,10.00,Someone,\n01/05/2024,1.00,Other,PR8 5BH\n")
    out = io.StringIO()
    assert main(["analyse", str(path)], out) == 0
    text = out.getvalue()
    assert "range   range" in text  # not a bare 9.1% in the year's row
    assert "force area Not known: between 9.1% and 100.0%" in text
    assert "Placed by full postcode" in text and "Place not known" in text


@pytest.mark.parametrize(
    ("fraction", "unknown", "expected"),
    [
        (Decimal("0.3817"), Decimal("0.0500"), "38.2%"),
        (Decimal("0.3817"), Decimal("0.2000"), "38.2%"),  # at the limit: still a figure
        (Decimal("0.0000"), Decimal("0.2001"), "Not known: between 0.0% and 20.0%"),
        (Decimal("0.0000"), Decimal("1.0000"), "Not known: between 0.0% and 100.0%"),
        (Decimal("0.5000"), Decimal("0.6000"), "Not known: between 50.0% and 100.0%"),
        (None, None, "-"),
        (Decimal("0.1234"), None, "12.3%"),
        (Decimal("0.00045"), None, "0.0%"),
        (Decimal("0.00050"), None, "0.1%"),  # half up
    ],
)
def test_place_share_text(fraction, unknown, expected):
    assert place_share_text(fraction, unknown) == expected


def test_coverage_of_no_spend_says_so():
    coverage = PlaceCoverage(Decimal("0.00"), {})
    assert coverage.reliable and coverage.unknown_share is None
    assert coverage.share_text(Decimal("0")) == "-"
    assert coverage.caveat() == "No influenceable spend, so no place shares."
    assert [row["basis"] for row in coverage.to_dict()["rows"]] == [b.value for b in PlaceBasis]


def test_percent_is_one_place_half_up():
    assert percent(Decimal("0.38165")) == "38.2%"
    assert percent(Decimal("1")) == "100.0%"
