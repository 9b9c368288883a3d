"""Large clean CSVs are parsed by DuckDB and loaded in bulk (COPY on PostgreSQL), giving
exactly the payments the Python reader gives; any other file goes to the Python reader,
which names its bad lines. Files are read from disk as a stream."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from socialvalue.spend import bulk
from socialvalue.spend.models import ImportStatus, Payment
from socialvalue.spend.services import spend_import_delete, spend_import_paths

FIELDS = ("row_number", "payment_date", "amount", "supplier_name", "category", "fingerprint")


def _clean_csv(path: Path, lines: int = 300) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Expenditure Category", "Payment Date", "Supplier", "Amount Paid"])
        for n in range(lines):
            amount = f"{n * 37 + 250}.{n % 100:02d}"
            if n % 7 == 0:
                amount = f"{n * 1000 + 1000:,}.50"  # written with thousands commas
            if n % 11 == 0:
                amount = "-" + amount  # a credit
            day = f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2024"
            writer.writerow([f"Category, {n % 5}", day, f"Supplier £{n % 40} Ltd", amount])
    return path


def _payments() -> list[tuple]:
    return list(Payment.objects.order_by("row_number").values_list(*FIELDS))


def _import(path: Path, **kwargs):
    (spend_import,) = spend_import_paths(actor=None, paths=[path], lenient=False, **kwargs)
    return spend_import


def test_a_clean_csv_loaded_by_duckdb_gives_the_python_readers_payments(db, tmp_path, monkeypatch):
    path = _clean_csv(tmp_path / "clean.csv")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    fast = bulk.FastLines.open(path)
    assert fast is not None and fast.count == 300
    fast.close()
    monkeypatch.setattr(bulk, "FAST_BATCH", 70)  # several batches, the last one short
    by_duckdb = _import(path)
    assert by_duckdb.status == ImportStatus.DONE, by_duckdb.message
    from_duckdb = _payments()
    spend_import_delete(actor=None, spend_import=by_duckdb, reason="again by the reader")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 10**12)
    by_reader = _import(path)
    assert by_reader.status == ImportStatus.DONE
    assert from_duckdb == _payments()
    assert len(from_duckdb) == by_reader.lines_added == by_duckdb.lines_added == 300
    assert by_duckdb.total_added == by_reader.total_added
    assert by_duckdb.total_added == sum((p[2] for p in from_duckdb), Decimal("0.00"))
    assert by_duckdb.rows_total == by_duckdb.rows_done == 300


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text.replace("\n", "\n\n", 3),  # blank lines: row numbers differ
        lambda text: text.replace("Supplier £3 Ltd", "Supplier\n£3 Ltd", 1),  # two-line cell
        lambda text: text.replace("Supplier £3 Ltd", "", 1),  # a line SQL cannot read
    ],
)
def test_other_csvs_go_to_the_python_reader(tmp_path, monkeypatch, spoil):
    path = _clean_csv(tmp_path / "spoilt.csv")
    path.write_text(spoil(path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    assert bulk.FastLines.open(path) is None


def test_a_large_file_with_a_bad_line_saves_nothing_and_names_it(db, tmp_path, monkeypatch):
    path = _clean_csv(tmp_path / "bad.csv")
    text = path.read_text(encoding="utf-8").replace("Supplier £3 Ltd", "", 1)
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    spend_import = _import(path)
    assert spend_import.status == ImportStatus.FAILED
    assert spend_import.problems[0]["row"] == 5 and "supplier is blank" in str(
        spend_import.problems
    )
    assert not Payment.objects.exists()


def test_a_large_file_over_the_line_limit_is_refused(db, tmp_path, monkeypatch, settings):
    path = _clean_csv(tmp_path / "many.csv")
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    settings.SPEND_IMPORT_MAX_ROWS = 299
    spend_import = _import(path)
    assert spend_import.status == ImportStatus.FAILED
    assert "300 payment lines, over the limit of 299" in spend_import.message
    assert not Payment.objects.exists()


def test_a_windows_1252_file_goes_to_the_python_reader(tmp_path, monkeypatch):
    path = _clean_csv(tmp_path / "excel.csv")
    text = path.read_text(encoding="utf-8").replace("Supplier £1 Ltd", "O\u2019Brien \u2013 Ltd")
    path.write_bytes(text.encode("cp1252"))
    monkeypatch.setattr(bulk, "FAST_MIN_BYTES", 0)
    assert bulk.FastLines.open(path) is None
