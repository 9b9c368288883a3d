"""The engine: both reading paths agree, figures match an independent count, and the
same SQL runs over files and over a database table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from socialvalue.analytics import engine
from socialvalue.analytics.engine import (
    PAYMENT_COLUMNS,
    AnalysisOptions,
    UnreadableLines,
    analyse,
    create_payments_table,
    load_files,
    load_payments,
)
from socialvalue.analytics.reader import PaymentFileError, read_payments
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.geography import default_lookup
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister

from .independent import csv_lines, workbook_lines

ROW = "source_file, payment_date, amount, supplier_name, category"


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(f"SELECT {ROW} FROM payments ORDER BY ALL").fetchall()


def test_sql_and_python_paths_agree_on_the_real_csvs(hyndburn_files):
    fast, slow = duckdb.connect(), duckdb.connect()
    via_sql = load_files(fast, hyndburn_files, fast_min_bytes=0)
    via_python = load_files(slow, hyndburn_files, fast_min_bytes=10**12)
    assert len(via_sql.fast_files) == 6 and via_python.fast_files == []
    assert _rows(fast) == _rows(slow)
    assert len(_rows(fast)) == 4086


def test_view_and_table_give_the_same_figures(hyndburn_files):
    as_view, as_table = duckdb.connect(), duckdb.connect()
    load_files(as_view, hyndburn_files, fast_min_bytes=0, materialise=False)
    load_files(as_table, hyndburn_files, fast_min_bytes=0)
    assert analyse(as_view).to_dict() == analyse(as_table).to_dict()


def test_a_line_sql_cannot_read_goes_to_the_python_reader(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Date,Supplier,Amount\n01/04/2024,Acme,1.00\n01/04/2024,Acme,GBP 2.50\n")
    con = duckdb.connect()
    result = load_files(con, [path], fast_min_bytes=0)
    assert result.fast_files == []  # 'GBP 2.50' is for the careful reader
    assert [r[2] for r in _rows(con)] == [Decimal("1.00"), Decimal("2.50")]


def test_an_unreadable_line_in_a_view_is_caught_by_analyse(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Date,Supplier,Amount\n01/04/2024,Acme,1.00\n01/04/2024,Acme,lots\n")
    con = duckdb.connect()
    load_files(con, [path], fast_min_bytes=0, materialise=False)
    with pytest.raises(UnreadableLines):
        analyse(con)
    with pytest.raises(PaymentFileError, match="row 3, column C"):
        load_files(con, [path], fast_min_bytes=0, materialise=True)


def test_figures_match_an_independent_count_of_the_real_files(pcc_files, hyndburn_files):
    con = duckdb.connect()
    load_files(con, [*pcc_files, *hyndburn_files])
    figures = analyse(con, options=AnalysisOptions(exclude_public_bodies=False))
    pcc = [a for p in pcc_files for amounts in workbook_lines(p).values() for a in amounts]
    hyndburn = [a for p in hyndburn_files for a in csv_lines(p)]
    everything = pcc + hyndburn
    assert figures.lines == len(everything) == 21349
    assert figures.total == sum(everything)
    assert figures.influenceable == figures.total  # nothing excluded
    assert figures.negatives == sum(1 for a in everything if a < 0)
    assert (figures.first_date, figures.last_date) == (date(2018, 4, 3), date(2024, 9, 26))
    by_year = {y.year: y for y in figures.years}
    assert sorted(by_year) == ["2018-19", "2023-24", "2024-25"]
    assert by_year["2024-25"].total == sum(hyndburn)
    assert by_year["2018-19"].lines + by_year["2023-24"].lines == len(pcc)
    months = [m for m in figures.months if m.year == "2018-19"]
    assert len(months) == 12
    assert sum(m.total for m in months) == by_year["2018-19"].total
    categories = [c for c in figures.categories if c.year == "2023-24"]
    assert sum(c.total for c in categories) == by_year["2023-24"].total


def test_public_bodies_leave_influenceable_spend(hyndburn_files):
    con = duckdb.connect()
    load_files(con, hyndburn_files)
    figures = analyse(con)
    # Lancashire County Council precepts are the biggest lines in Hyndburn's files.
    council = sum(
        p.amount
        for p in read_payments(hyndburn_files).payments
        if "county council" in p.supplier_name.lower()
    )
    assert council > 0
    assert figures.total - figures.influenceable >= council
    assert figures.by_type["public_body"] >= council
    assert figures.top_suppliers[0].supplier.startswith("LANCASHIRE COUNTY COUNCIL")


def _small_ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.csv"
    path.write_text(
        "Payment Date,Supplier,Amount Paid,Expenditure Category\n"
        "01/04/2023,Accrington Bakery Ltd,100.00,Catering\n"  # local, micro
        "02/04/2023,ACCRINGTON BAKERY LIMITED,50.00,Catering\n"
        "03/05/2023,Manchester Tools Ltd,200.00,Equipment\n"  # north west, large
        "04/05/2023,London Consulting LLP,600.00,Consultancy\n"  # rest of UK, unknown size
        "05/05/2023,Lancashire County Council,1000.00,Rates\n"  # public body
        "06/06/2023,Blackburn Youth Trust CIC,50.00,Grants\n"  # VCSE, unknown place
        "07/06/2023,London Consulting LLP,(100.00),Consultancy\n"  # credit note
        "01/04/2024,Accrington Bakery Ltd,10.00,Catering\n"  # next financial year
    )
    return path


def _register() -> SupplierRegister:
    return SupplierRegister(
        [
            RegisteredSupplier(
                "Accrington Bakery Ltd",
                postcode="BB5 1AA",
                employees=5,
                turnover="400000",
                local_respend_share="0.5",
            ),
            RegisteredSupplier("Manchester Tools Ltd", postcode="M1 1AA", employees=900),
            RegisteredSupplier("London Consulting LLP", postcode="SW1A 1AA"),
        ]
    )


def test_figures_for_a_ledger_whose_answers_are_known(tmp_path):
    con = duckdb.connect()
    load_files(con, [_small_ledger(tmp_path)])
    figures = analyse(con, _register(), AnalysisOptions(year=FinancialYear(2023)))
    assert figures.lines == 7 and figures.negatives == 1
    assert figures.total == Decimal("1900.00")
    assert figures.influenceable == Decimal("900.00")  # the council left out
    assert figures.by_place == {
        "force_area": Decimal("150.00"),
        "north_west": Decimal("200.00"),
        "rest_of_uk": Decimal("500.00"),
        "outside_uk": Decimal("0.00"),
        "unknown": Decimal("50.00"),
    }
    assert figures.by_size["micro"] == Decimal("150.00")
    assert figures.by_size["large"] == Decimal("200.00")
    assert figures.by_size["unknown"] == Decimal("550.00")
    assert figures.by_type["vcse"] == Decimal("50.00")
    assert figures.suppliers == 5 and figures.matched_suppliers == 3
    assert figures.unmatched_suppliers == ["BLACKBURN YOUTH TRUST", "LANCASHIRE COUNTY COUNCIL"]
    (year,) = figures.years
    assert year.force_area_share == Decimal("0.1667")  # 150 / 900
    assert year.north_west_share == Decimal("0.3889")  # 350 / 900
    assert year.sme_share == Decimal("0.1667")
    assert year.vcse_share == Decimal("0.0556")
    (lm3,) = figures.lm3
    # round 1 = 900, round 2 = 150 local, round 3 = 150 x 0.5 (survey answer) = 75
    assert (lm3.round2, lm3.round3, lm3.lm3) == (
        Decimal("150.00"),
        Decimal("75.00"),
        Decimal("1.25"),
    )
    assert lm3.round3_from_assumption == Decimal("0.00")
    assert [(s.supplier, s.total) for s in figures.top_suppliers[:2]] == [
        ("LANCASHIRE COUNTY COUNCIL", Decimal("1000.00")),
        ("LONDON CONSULTING", Decimal("500.00")),
    ]


def test_suppliers_classified_once_give_the_same_figures(tmp_path, monkeypatch):
    """The figures snapshot runs many analyses with one register: each supplier is
    classified once per set of rules (here: public bodies counted or not), and the figures
    are those of analyses that classify afresh."""
    con = duckdb.connect()
    load_files(con, [_small_ledger(tmp_path)])
    register = _register()
    choices = [
        AnalysisOptions(year=year, exclude_public_bodies=exclude)
        for exclude in (True, False)
        for year in (None, FinancialYear(2023), FinancialYear(2024))
    ]
    fresh = [analyse(con, register, options).to_dict() for options in choices]
    classified = []
    classify_one = engine._classify_one
    monkeypatch.setattr(
        engine,
        "_classify_one",
        lambda raw, *rest: classified.append(raw) or classify_one(raw, *rest),
    )
    known: dict = {}
    assert [analyse(con, register, o, known=known).to_dict() for o in choices] == fresh
    # Six suppliers in the ledger, each classified once for each of the two sets of rules.
    assert len(classified) == 12 and len(set(classified)) == 6
    assert [len(suppliers) for suppliers in known.values()] == [6, 6]
    left_out, counted = known.values()
    council = ("Lancashire County Council", "", "")
    assert left_out[council][12] is False and counted[council][12] is True  # influenceable


def test_same_queries_over_a_database_table(tmp_path):
    """What the Django layer will do: its own table (other names, amounts in pence),
    exposed to DuckDB as a ``payments`` view with the documented columns."""
    ledger = read_payments([_small_ledger(tmp_path)]).payments
    db = duckdb.connect(str(tmp_path / "app.duckdb"))
    db.execute(
        "CREATE TABLE spend_payment (id INTEGER, file VARCHAR, sheet VARCHAR, "
        "line INTEGER, paid_on DATE, amount_pence BIGINT, supplier VARCHAR, "
        "category VARCHAR, postcode VARCHAR, company_number VARCHAR)"
    )
    db.executemany(
        "INSERT INTO spend_payment VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                i,
                p.source_file,
                p.sheet,
                p.row_number,
                p.payment_date,
                int(p.amount * 100),
                p.supplier_name,
                p.category,
                p.postcode,
                p.company_number,
            )
            for i, p in enumerate(ledger)
        ],
    )
    db.execute("""CREATE TEMP VIEW payments AS SELECT file AS source_file, sheet,
        line AS row_number, paid_on AS payment_date,
        (amount_pence / 100)::DECIMAL(18,2) AS amount, supplier AS supplier_name, category,
        postcode AS supplier_postcode, company_number AS supplier_company_number,
        NULL::DATE AS invoice_date
        FROM spend_payment""")
    from_db = analyse(db, _register()).to_dict()

    files = duckdb.connect()
    load_files(files, [_small_ledger(tmp_path)])
    assert from_db == analyse(files, _register()).to_dict()
    assert set(PAYMENT_COLUMNS) == {r[0] for r in db.execute("DESCRIBE payments").fetchall()}


def test_loading_reader_rows_into_a_table():
    con = duckdb.connect()
    create_payments_table(con)
    rows = read_payments([("a.csv", b"Date,Supplier,Amount\n01/04/2024,Acme,1.005\n")]).payments
    assert load_payments(con, rows) == 1
    assert con.execute("SELECT amount, row_number FROM payments").fetchall() == [
        (Decimal("1.01"), 2)
    ]


def test_geo_data_is_shipped_with_its_sources():
    geo = resources.files("socialvalue.data.geo")
    sources = geo.joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert "Source: Office for National Statistics licensed under the Open Government" in sources
    assert len(default_lookup().sectors) > 10_000
