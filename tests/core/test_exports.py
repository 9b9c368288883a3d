"""The one CSV/XLSX writer (socialvalue.core.exports): control characters stripped first,
then any text that a spreadsheet would run as a formula quoted; numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from socialvalue.core.exports import (
    csv_bytes,
    download,
    safe_cell,
    unquote,
    xlsx_bytes,
)
from socialvalue.core.tabular import read_table

# (planted value, what the cell must read)
DANGEROUS = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1,1)", "'@SUM(1,1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\x01=HYPERLINK(1)", "'=HYPERLINK(1)"),
    ("\x00\x1f-1", "'-1"),
]


@pytest.mark.parametrize(("planted", "expected"), DANGEROUS)
def test_text_starting_a_formula_is_quoted_after_control_characters_go(planted, expected):
    assert safe_cell(planted) == expected
    assert unquote(expected) == planted.lstrip("\x00\x01\x1f")


@pytest.mark.parametrize(("planted", "expected"), DANGEROUS)
def test_xlsx_cell_is_text_not_a_formula(planted, expected):
    body = xlsx_bytes([["heading"], [planted]], "Sheet")
    cell = load_workbook(io.BytesIO(body)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == expected


@pytest.mark.parametrize(("planted", "expected"), DANGEROUS)
def test_csv_cell_is_quoted_text(planted, expected):
    body = csv_bytes([["heading"], [planted]])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows == [["heading"], [expected]]


def test_numbers_stay_numbers_negative_ones_too():
    row = [Decimal("-12.50"), -3, 2.5, Decimal("1E+1"), dt.date(2026, 4, 1), True, None]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([row], "Numbers"))).active
    cells = list(sheet.iter_rows())[0]
    assert [c.data_type for c in cells[:4]] == ["n", "n", "n", "n"]
    assert [c.value for c in cells[:4]] == [-12.5, -3, 2.5, 10]
    assert cells[4].value == dt.datetime(2026, 4, 1)  # openpyxl reads dates back as datetimes
    assert [c.value for c in cells[5:]] == ["yes", None]
    text = csv_bytes([row]).decode("utf-8-sig")
    assert text == "-12.50,-3,2.5,10,2026-04-01,yes,\r\n"


def test_harmless_text_is_unchanged():
    for text in ("Red Rose Facilities Ltd", "£1,000", "O'Brien", "2024-25", " =leading space"):
        assert safe_cell(text) == text
    assert unquote("'plain") == "'plain"  # only our own quote before a formula character


def test_csv_has_a_byte_order_mark_and_reads_back_through_tabular():
    body = csv_bytes([["name", "note"], ["Zoë", "=1+1"]])
    assert body.startswith("\ufeff".encode())
    table = read_table(body, "back.csv")
    assert table.headers == ["name", "note"]
    assert table.rows[0].text("name") == "Zoë" and table.rows[0].text("note") == "=1+1"


def test_xlsx_reads_back_through_tabular():
    body = xlsx_bytes([["note"], ["-minus"], ["\x02@at"]], "Back")
    table = read_table(body, "back.xlsx")
    assert [r.text("note") for r in table.rows] == ["-minus", "@at"]


def test_sheet_title_and_filename_are_made_safe():
    body = xlsx_bytes([["a"]], "bids [LC/2026]: a very long name for a sheet\x01")
    title = load_workbook(io.BytesIO(body)).active.title
    assert title == "bids  LC 2026   a very long nam"
    response = download([["a"]], filename='bids "x"\r\nSet-Cookie: y', fmt="csv")
    assert response["Content-Disposition"] == ('attachment; filename="bids -x---Set-Cookie: y.csv"')


def test_unknown_format_is_404():
    from django.http import Http404

    with pytest.raises(Http404):
        download([["a"]], filename="x", fmt="ods")


def test_spend_cli_csv_goes_through_the_writer(tmp_path):
    """``spend analyse --format csv``: a category from a payment file cannot start a formula;
    amounts, credits included, stay numbers."""
    from socialvalue.analytics.cli import main

    payments = tmp_path / "payments.csv"
    payments.write_text(
        "Date,Supplier,Amount,Category\n"
        "01/05/2024,Acme Ltd,100.00,=HYPERLINK(1)\n"
        "02/05/2024,Acme Ltd,-250.00,=HYPERLINK(1)\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["analyse", str(payments), "--format", "csv"], out=out) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    categories = [r for r in rows if r["category"]]
    assert categories and {r["category"] for r in categories} == {"'=HYPERLINK(1)"}
    assert categories[0]["total"] == "-150.00"
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_measures_export_with_formula_text_imports_back_unchanged(demo, fmt):
    """The export quotes a title like "=1+1" or "-5 tonnes"; the import reads it as it was."""
    from socialvalue.policy.measures_io import (
        measures_export_csv,
        measures_export_xlsx,
        measures_import,
    )
    from socialvalue.policy.models import Measure

    first, second = Measure.objects.order_by("code")[:2]
    Measure.objects.filter(pk=first.pk).update(title="=1+1 jobs", unit="-5 tonnes")
    Measure.objects.filter(pk=second.pk).update(title="@home visits", proxy_source="+DESNZ")

    def snapshot():
        return sorted(
            Measure.objects.values_list("code", "title", "unit", "proxy_value", "proxy_source")
        )

    before = snapshot()
    exported = measures_export_csv() if fmt == "csv" else measures_export_xlsx()
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(exported)).active
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    else:
        assert "'=1+1 jobs" in exported.decode("utf-8-sig")
    Measure.objects.filter(pk=first.pk).update(title="changed")
    measures_import(actor=None, content=exported, filename=f"export.{fmt}")
    assert snapshot() == before


def test_no_other_csv_or_xlsx_writer_in_the_code():
    """One writer: a new download that bypasses domain/spreadsheet.py fails here. The analytics
    engine and the spend figures' background computation (spend/snapshots.py, which the red
    flags load their payments through too) write temporary CSV files for DuckDB to read, never
    a download."""
    from pathlib import Path

    import socialvalue

    root = Path(socialvalue.__file__).parent
    allowed = {
        "domain/spreadsheet.py",
        "analytics/engine.py",
        "spend/snapshots.py",
    }
    writers = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if any(
            call in path.read_text(encoding="utf-8")
            for call in ("csv.writer(", "csv.DictWriter(", "Workbook(")
        )
    }
    assert writers == allowed
