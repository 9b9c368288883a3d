"""Reading the real published files, bad input, strict and lenient modes, fingerprints."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from socialvalue.analytics.reader import (
    PaymentFileError,
    file_fingerprint,
    read_payments,
)

from .independent import csv_lines, workbook_lines

# Line counts checked by hand against the files (data rows with anything in them):
# PCC 2018-19 has 12 sheets and 7,974 lines; 2023-24 has 9,289 (May and Nov end in
# blank rows); Hyndburn's six months have 4,086 (June has 68 blank rows).
EXPECTED_LINES = {"pcc-2018-19.xlsx": 7974, "pcc-2023-24.xlsx": 9289}


def test_pcc_workbooks_every_sheet_every_line(pcc_files):
    result = read_payments(pcc_files)
    assert result.ok
    for path in pcc_files:
        expected = workbook_lines(path)
        got = [p for p in result.payments if p.source_file == path.name]
        assert len(got) == EXPECTED_LINES[path.name] == sum(map(len, expected.values()))
        for sheet, amounts in expected.items():
            mine = [p.amount for p in got if p.sheet == sheet]
            assert mine == amounts, sheet
        assert sum(p.amount for p in got) == sum(sum(a) for a in expected.values())


def test_pcc_dates_cells_and_excel_serials_fall_in_the_financial_year(pcc_files):
    payments = read_payments(pcc_files[1:]).payments  # 2023-24 mixes both kinds
    assert min(p.payment_date for p in payments) >= date(2023, 4, 1)
    assert max(p.payment_date for p in payments) <= date(2024, 3, 31)
    april_last = [p for p in payments if p.sheet == "Apr"][-1]
    assert april_last.payment_date == date(2023, 4, 28)  # stored as serial 45044
    assert april_last.row_number == 758  # as Excel shows it: header row is 1


def test_pcc_binary_floats_round_to_pence(pcc_files):
    june = [p for p in read_payments(pcc_files[1:]).payments if p.sheet == "Jun"]
    assert june[0].amount == Decimal("9533.91")  # stored as 9533.910000000003


def test_hyndburn_csvs_in_two_encodings_with_credits(hyndburn_files):
    result = read_payments(hyndburn_files)
    assert result.ok
    assert len(result.payments) == 4086
    for path in hyndburn_files:
        mine = [p.amount for p in result.payments if p.source_file == path.name]
        assert mine == csv_lines(path)
    negatives = [p for p in result.payments if p.amount < 0]
    assert len(negatives) == sum(1 for p in hyndburn_files for a in csv_lines(p) if a < 0)
    assert len(negatives) == 46
    first = result.payments[0]
    assert (first.supplier_name, first.amount, first.category) == (
        "Water Plus - 4035576019 - 2 Foxhill Bank, Osw",
        Decimal("309.25"),
        "CAC - Parks & Cemeteries",
    )
    assert first.row_number == 2


def test_two_digit_years_read_as_this_century(hyndburn_files):
    august = read_payments([p for p in hyndburn_files if "August" in p.name]).payments
    assert august[0].payment_date == date(2024, 7, 15)  # written 15/07/24


def _csv(text: str, name: str = "spend.csv") -> tuple[str, bytes]:
    return name, text.encode("utf-8")


def test_bad_amount_and_date_name_file_row_and_column():
    data = _csv(
        "Date,Supplier,Amount Paid\n01/04/2024,Acme Ltd,12.00\n"
        "02/04/2024,Acme Ltd,twelve\n\n31/02/2024,Acme Ltd,5.00\n"
    )
    with pytest.raises(PaymentFileError) as caught:
        read_payments([data])
    amount_error, date_error = caught.value.errors
    assert (
        amount_error.source_file,
        amount_error.row_number,
        amount_error.column,
        amount_error.column_letter,
    ) == ("spend.csv", 3, "Amount Paid", "C")
    assert "twelve" in amount_error.problem
    assert (date_error.row_number, date_error.column, date_error.column_letter) == (
        5,
        "Date",
        "A",
    )  # the blank line 4 still counts, as in Excel
    assert "spend.csv, row 3, column C (Amount Paid)" in str(caught.value)


def test_lenient_mode_keeps_the_good_rows():
    data = _csv("Date,Supplier,Amount\n01/04/2024,Acme Ltd,12.00\n02/04/2024,,3.00\n")
    result = read_payments([data], lenient=True)
    assert [p.amount for p in result.payments] == [Decimal("12.00")]
    assert result.errors[0].column == "Supplier" and result.errors[0].row_number == 3
    assert "blank" in result.errors[0].problem


def test_missing_required_column_is_reported():
    data = _csv("Date,Supplier,Description\n01/04/2024,Acme,Paper\n")
    result = read_payments([data], lenient=True)
    assert result.payments == []
    (error,) = result.errors
    assert error.row_number == 1 and "amount" in error.problem


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_errors_name_the_sheet_and_notes_sheets_are_skipped():
    data = _workbook(
        {
            "Notes": [["Spending over £500, published monthly"]],
            "Apr": [
                ["* Expenditure Category", "* Date", "TOTAL", "* SUPPLIER FINAL"],
                ["Fuel", datetime(2023, 4, 3), 10.5, "ACME LTD"],
                ["Fuel", "not a day", 1, "ACME LTD"],
            ],
        }
    )
    result = read_payments([("book.xlsx", data)], lenient=True)
    assert [(p.sheet, p.amount, p.category) for p in result.payments] == [
        ("Apr", Decimal("10.50"), "Fuel")
    ]
    (error,) = result.errors
    assert (error.sheet, error.row_number, error.column, error.column_letter) == (
        "Apr",
        3,
        "* Date",
        "B",
    )


def test_header_below_a_title_and_explicit_mapping():
    data = _csv(
        "Spend report\n\nWhen,Who,How much,Post Code\n"
        "01/04/2024,Acme Ltd,£1,234.565,PR1 2AB\n".replace("£1,234.565", '"£1,234.565"')
    )
    result = read_payments(
        [data], mapping={"date": "When", "supplier": "Who", "amount": "How much"}
    )
    (payment,) = result.payments
    assert payment.amount == Decimal("1234.57")  # half up
    assert payment.row_number == 4
    assert payment.postcode == "PR1 2AB"


def test_fingerprints_are_stable_and_distinguish_rows():
    data = _csv("Date,Supplier,Amount\n01/04/2024,Acme,1.00\n01/04/2024,Acme,1.00\n")
    first = read_payments([data])
    again = read_payments([data])
    assert [p.fingerprint for p in first.payments] == [p.fingerprint for p in again.payments]
    assert len({p.fingerprint for p in first.payments}) == 2  # identical lines, two rows
    assert first.files[0].sha256 == file_fingerprint(data[1])
    changed = read_payments([_csv("Date,Supplier,Amount\n01/04/2024,Acme,1.00\n")])
    assert changed.files[0].sha256 != first.files[0].sha256
    assert changed.payments[0].fingerprint != first.payments[0].fingerprint
