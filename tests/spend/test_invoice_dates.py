"""Invoice dates in payment files: read where the file has them, by the Python reader and by
the bulk (DuckDB, COPY) path alike; a bad one is named by file, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

from socialvalue.analytics.columns import find_columns
from socialvalue.spend import bulk
from socialvalue.spend.models import ImportStatus, Payment
from socialvalue.spend.services import spend_import_delete, spend_import_files, spend_import_paths

SMALL = (
    "Payment Date,Invoice Date,Supplier,Amount\n"
    "31/05/2024,01/05/2024,Acme Ltd,100.00\n"
    "01/06/2024,,Acme Ltd,200.00\n"
    "11/07/2024,2024-05-11,Bolt Ltd,400.00\n"
)


def _import(name: str, text: str, lenient: bool = False):
    (spend_import,) = spend_import_files(
        actor=None, named_contents=[(name, text.encode())], lenient=lenient
    )
    return spend_import


def test_invoice_date_headings_are_recognised_beside_the_payment_date():
    cols = find_columns(["Payment Date", "Invoice Date", "Supplier", "Amount"])
    assert cols.positions["date"] == 0 and cols.positions["invoice_date"] == 1
    cols = find_columns(["Date Invoice Received", "Date", "Supplier", "Amount"])
    assert cols.positions["date"] == 1 and cols.positions["invoice_date"] == 0
    # A file whose only date is the invoice's reads it as the payment date, as before.
    cols = find_columns(["Invoice Date", "Supplier", "Amount"])
    assert cols.positions["date"] == 0 and "invoice_date" not in cols.positions


def test_invoice_dates_are_imported_and_a_blank_one_is_allowed(db):
    spend_import = _import("small.csv", SMALL)
    assert spend_import.status == ImportStatus.DONE, spend_import.problems
    rows = list(Payment.objects.order_by("row_number").values_list("invoice_date", flat=True))
    assert [d.isoformat() if d else None for d in rows] == ["2024-05-01", None, "2024-05-11"]


def test_a_bad_invoice_date_names_file_row_and_column(db):
    text = SMALL.replace("2024-05-11", "31/02/2024")
    spend_import = _import("bad.csv", text)
    assert spend_import.status == ImportStatus.FAILED
    (problem,) = spend_import.problems
    assert (problem["file"], problem["row"], problem["column"], problem["letter"]) == (
        "bad.csv",
        4,
        "Invoice Date",
        "B",
    )
    assert "invoice date" in problem["problem"] and "31/02/2024" in problem["problem"]
    assert not Payment.objects.exists()


def test_a_file_without_invoice_dates_imports_as_before(db):
    spend_import = _import("plain.csv", "Date,Supplier,Amount\n01/04/2024,Acme,10.00\n")
    assert spend_import.status == ImportStatus.DONE
    assert Payment.objects.get().invoice_date is None


def _large_csv(path: Path, lines: int = 200) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Payment Date", "Supplier", "Amount Paid", "Invoice Date"])
        for n in range(lines):
            invoice = "" if n % 5 == 0 else f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2024"
            writer.writerow([f"{n % 28 + 1:02d}/12/2024", f"Supplier {n % 9}", f"{n}.25", invoice])
    return path


def _rows() -> list[tuple]:
    return list(
        Payment.objects.order_by("row_number").values_list(
            "row_number", "payment_date", "invoice_date", "amount", "fingerprint"
        )
    )


def test_the_bulk_path_carries_invoice_dates_as_the_reader_does(db, tmp_path, monkeypatch):
    path = _large_csv(tmp_path / "large.csv")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    fast = bulk.FastLines.open(path)
    assert fast is not None and fast.count == 200  # DuckDB takes it
    fast.close()
    (by_duckdb,) = spend_import_paths(actor=None, paths=[path], lenient=False)
    assert by_duckdb.status == ImportStatus.DONE, by_duckdb.message
    from_duckdb = _rows()
    spend_import_delete(actor=None, spend_import=by_duckdb, reason="again by the reader")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 10**12)
    (by_reader,) = spend_import_paths(actor=None, paths=[path], lenient=False)
    assert by_reader.status == ImportStatus.DONE
    assert from_duckdb == _rows()
    assert sum(1 for row in from_duckdb if row[2] is None) == 40


def test_a_large_file_with_a_bad_invoice_date_goes_to_the_reader_and_is_named(
    db, tmp_path, monkeypatch
):
    path = _large_csv(tmp_path / "bad-large.csv")
    text = path.read_text(encoding="utf-8").replace("03/03/2024", "not a date", 1)
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    assert bulk.FastLines.open(path) is None
    (spend_import,) = spend_import_paths(actor=None, paths=[path], lenient=False)
    assert spend_import.status == ImportStatus.FAILED
    (problem,) = spend_import.problems
    assert (problem["row"], problem["column"], problem["letter"]) == (4, "Invoice Date", "D")
    assert not Payment.objects.exists()
