"""What a spend file that cannot be read says: one plain message per way it goes wrong,
naming the file (and sheet, row and column where they apply), in the reader, on the import
result and on the command line."""

from __future__ import annotations

import html
import io
import random
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from socialvalue.analytics.cli import main as analyse_main
from socialvalue.analytics.reader import (
    PaymentFileError,
    RowError,
    read_payments,
    unreadable_file_message,
)

HEADER = ["Date", "Supplier", "Amount"]


def _errors(name: str, data: bytes) -> list[RowError]:
    """Strict mode refuses the file; the errors it carries."""
    with pytest.raises(PaymentFileError) as caught:
        read_payments([(name, data)])
    return caught.value.errors


def _messages(name: str, data: bytes) -> list[str]:
    return [str(e) for e in _errors(name, data)]


def _workbook(rows: list[list[object]], title: str = "Payments", merge: tuple[str, ...] = ()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# A real 1x1 PNG and the start of a real PDF, as a user might rename them .csv.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def test_empty_file():
    (error,) = _errors("spend.csv", b"")
    assert error.file_level and error.row_number is None
    assert str(error) == "spend.csv: the file is empty (0 bytes), so there is nothing in it to read"


def test_empty_file_named_as_a_workbook():
    assert _messages("spend.xlsx", b"") == [
        "spend.xlsx: the file is empty (0 bytes), so there is nothing in it to read"
    ]


def test_csv_with_headers_only():
    (error,) = _errors("spend.csv", b"Date,Supplier,Amount\r\n\r\n")
    assert (error.row_number, error.file_level) == (1, True)
    assert str(error) == "spend.csv, row 1: the file has a header row but no payment lines under it"


def test_workbook_with_headers_only_below_a_title():
    data = _workbook([["Payments over £500"], [], HEADER])
    assert _messages("spend.xlsx", data) == [
        "spend.xlsx, sheet 'Payments', row 3: the sheet has a header row but no payment lines "
        "under it"
    ]


def test_a_headers_only_sheet_beside_a_good_one_is_still_fine():
    book = openpyxl.Workbook()
    book.active.append(HEADER)  # a template sheet, never filled in
    april = book.create_sheet("Apr")
    april.append(HEADER)
    april.append(["01/04/2024", "Acme Ltd", 12.5])
    out = io.BytesIO()
    book.save(out)
    result = read_payments([("spend.xlsx", out.getvalue())])
    assert result.ok and [p.amount for p in result.payments] == [Decimal("12.50")]


def test_only_blank_lines():
    assert _messages("spend.csv", b"\r\n,,\r\n  \r\n") == [
        "spend.csv: the file holds only blank lines: there are no headings or payment lines in it"
    ]


def test_workbook_with_nothing_in_it():
    assert _messages("spend.xlsx", _workbook([])) == [
        "spend.xlsx: every sheet of the workbook is empty: there are no headings or payment lines"
    ]


BINARY = (
    "spend.csv: the file is neither a spreadsheet nor text (it holds binary data, perhaps a "
    "picture or a document saved under another name); import the payments as a CSV file or "
    "an Excel workbook (.xlsx)"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            PNG,
            "spend.csv: the file is neither a spreadsheet nor text: it is a PNG image; import "
            "the payments as a CSV file or an Excel workbook (.xlsx)",
        ),
        (
            PDF,
            "spend.csv: the file is neither a spreadsheet nor text: it is a PDF document; "
            "import the payments as a CSV file or an Excel workbook (.xlsx)",
        ),
        (random.Random(12).randbytes(3000), BINARY),
        (bytes(range(256)) * 4, BINARY),
    ],
    ids=["png", "pdf", "random", "every-byte"],
)
def test_binary_file_renamed_csv(data, message):
    (error,) = _errors("spend.csv", data)
    assert error.file_level
    assert str(error) == message


def test_png_named_as_a_workbook():
    assert _messages("spend.xlsx", PNG) == [
        "spend.xlsx: the file is neither a spreadsheet nor text: it is a PNG image; import the "
        "payments as a CSV file or an Excel workbook (.xlsx)"
    ]


def test_old_xls_workbook():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert _messages("spend.csv", ole2) == [
        "spend.csv: the file is an Excel 97-2003 workbook (.xls) or another old Office file, "
        "which cannot be read: open it in Excel or LibreOffice, save it as an Excel workbook "
        "(.xlsx) or as CSV, and import that"
    ]


def test_opendocument_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert _messages("spend.xlsx", out.getvalue()) == [
        "spend.xlsx: the file is an OpenDocument spreadsheet (.ods), which cannot be read: "
        "save it as an Excel workbook (.xlsx) or as CSV, and import that"
    ]


def test_utf16_text():
    data = "Date,Supplier,Amount\r\n01/04/2024,Acme Ltd,12.00\r\n".encode("utf-16")
    assert _messages("spend.csv", data) == [
        'spend.csv: the file is saved as UTF-16 text (Excel\'s "Unicode Text"), which cannot '
        'be read: save it as "CSV UTF-8 (Comma delimited)" and import that'
    ]


def test_text_named_as_a_workbook():
    assert _messages("spend.xlsx", b"Date,Supplier,Amount\n01/04/2024,Acme,1\n") == [
        "spend.xlsx: the file is named as an Excel workbook but holds text, not a workbook: "
        "if it is a CSV file, name it .csv and import it again"
    ]


def test_a_csv_with_a_stray_control_character_is_still_read():
    data = b"Date,Supplier,Amount\n01/04/2024,Acme\x1a Ltd,12.00\n" + b"02/04/2024,Acme,1\n" * 5
    result = read_payments([("spend.csv", data)])
    assert result.ok and len(result.payments) == 6


def test_missing_required_column_names_it_the_headings_found_and_the_accepted_ones():
    (error,) = _errors("spend.csv", b"Date,Supplier,Description\n01/04/2024,Acme,Paper\n")
    assert (error.row_number, error.column, error.file_level) == (1, None, True)
    assert str(error) == (
        'spend.csv, row 1: the header row has no amount column; its headings are "Date", '
        '"Supplier", "Description". Give the column one of the accepted headings (capitals '
        "and punctuation do not matter) for the amount: amount, amount paid, total, total "
        "invoice amount, net amount, amount gbp, value, payment amount, invoice amount, total "
        "amount, amount excl vat, net value, line amount, gross amount"
    )


def test_two_missing_columns_below_a_title_in_a_workbook():
    data = _workbook([["Spend over £500"], [], ["Paid on", "Payee", "Cost", "Notes"], ["x"]])
    assert _messages("spend.xlsx", data) == [
        "spend.xlsx, sheet 'Payments', row 3: the header row has no date or amount column; its "
        'headings are "Paid on", "Payee", "Cost", "Notes". Give the column one of the accepted '
        "headings (capitals and punctuation do not matter) for the date: date, payment date, "
        "paid date, date paid, transaction date, invoice date, posting date, effective date, "
        "date of payment; for the amount: amount, amount paid, total, total invoice amount, "
        "net amount, amount gbp, value, payment amount, invoice amount, total amount, amount "
        "excl vat, net value, line amount, gross amount"
    ]


def test_no_header_row_at_all():
    data = b"Spend report for April\nprepared by finance\nWhen,Who,How much\n01/04/2024,Acme,1\n"
    assert _messages("spend.csv", data) == [
        "spend.csv: no header row found: none of the first 10 rows has headings for the date, "
        "the amount and the supplier (such as Date, Amount and Supplier); row 1 reads "
        '"Spend report for April"'
    ]


def test_merged_header_cells_over_two_rows():
    data = _workbook(
        [
            ["Payment", None, "Supplier"],
            ["Date", "Amount", None],
            ["01/04/2024", 12.5, "Acme Ltd"],
        ],
        merge=("A1:B1", "C1:C2"),
    )
    (error,) = _errors("spend.xlsx", data)
    assert (error.sheet, error.row_number, error.file_level) == ("Payments", 1, True)
    assert str(error) == (
        "spend.xlsx, sheet 'Payments', row 1: the column headings are spread over two rows "
        "(1 and 2), as merged header cells make them: put each column's whole heading in one "
        "row (unmerge the cells) and import the file again"
    )


def test_header_over_two_rows_in_a_csv():
    data = b"Payment,Payment,Supplier\nDate,Amount,\n01/04/2024,1.00,Acme\n"
    assert _messages("spend.csv", data) == [
        "spend.csv, row 1: the column headings are spread over two rows (1 and 2), as merged "
        "header cells make them: put each column's whole heading in one row (unmerge the "
        "cells) and import the file again"
    ]


def test_formula_with_no_saved_value():
    data = _workbook(
        [
            HEADER,
            ["01/04/2024", "Acme Ltd", 10],
            ["02/04/2024", "Acme Ltd", "=C2*2"],  # openpyxl saves no value for it
            ["03/04/2024", "=UPPER(B2)", 5],
        ]
    )
    amount, supplier = _errors("spend.xlsx", data)
    assert (amount.row_number, amount.column, amount.column_letter) == (3, "Amount", "C")
    assert str(amount) == (
        "spend.xlsx, sheet 'Payments', row 3, column C (Amount): the cell holds a formula "
        "(=C2*2) with no saved value: open the file in Excel or LibreOffice and save it again"
    )
    assert str(supplier) == (
        "spend.xlsx, sheet 'Payments', row 4, column B (Supplier): the cell holds a formula "
        "(=UPPER(B2)) with no saved value: open the file in Excel or LibreOffice and save it "
        "again"
    )
    assert not amount.file_level


def test_a_truly_blank_cell_in_a_workbook_is_still_blank():
    data = _workbook([HEADER, ["01/04/2024", "Acme Ltd", None], ["02/04/2024", "Acme", 1]])
    assert _messages("spend.xlsx", data) == [
        "spend.xlsx, sheet 'Payments', row 2, column C (Amount): the amount is blank"
    ]


def test_import_message_for_a_file_and_for_lines():
    (empty,) = _errors("spend.csv", b"")
    assert unreadable_file_message([empty]) == (
        "Nothing was imported from spend.csv: the file is empty (0 bytes), so there is nothing "
        "in it to read."
    )
    bad_line = _errors("spend.csv", b"Date,Supplier,Amount\n01/04/2024,Acme,twelve\n")
    assert unreadable_file_message(bad_line) is None  # lines: the caller counts them


def test_web_import_stores_the_message(db):
    from socialvalue.spend.models import ImportStatus, Payment
    from socialvalue.spend.services import spend_import_files

    (strict,) = spend_import_files(actor=None, named_contents=[("receipt.csv", PNG)], lenient=False)
    assert strict.status == ImportStatus.FAILED
    assert strict.message == (
        "Nothing was imported from receipt.csv: the file is neither a spreadsheet nor text: it "
        "is a PNG image; import the payments as a CSV file or an Excel workbook (.xlsx)."
    )
    assert strict.problems == [
        {
            "file": "receipt.csv",
            "sheet": "",
            "row": None,
            "column": "",
            "letter": "",
            "problem": "the file is neither a spreadsheet nor text: it is a PNG image; import "
            "the payments as a CSV file or an Excel workbook (.xlsx)",
        }
    ]
    (lenient,) = spend_import_files(
        actor=None, named_contents=[("headers.csv", b"Date,Supplier,Amount\n")], lenient=True
    )
    lenient.refresh_from_db()
    assert lenient.status == ImportStatus.FAILED  # nothing to skip to: not "0 payments added"
    assert lenient.message == (
        "Nothing was imported from headers.csv, row 1: the file has a header row but no "
        "payment lines under it."
    )
    assert Payment.objects.count() == 0


def test_command_line_shows_the_message(tmp_path: Path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    good = tmp_path / "good.csv"
    good.write_bytes(b"Date,Supplier,Amount\n01/04/2024,Acme Ltd,12.00\n")
    out = io.StringIO()
    assert analyse_main(["analyse", str(empty)], out=out) == 1
    assert (
        "empty.csv: the file is empty (0 bytes), so there is nothing in it to read"
        in capsys.readouterr().err
    )
    assert analyse_main(["analyse", str(good), str(empty), "--lenient"], out=out) == 0
    assert (
        "warning: empty.csv: the file is empty (0 bytes), so there is nothing in it to read"
        in capsys.readouterr().err
    )
    assert "1 lines" in out.getvalue()


def test_import_result_page_shows_the_message_and_the_cell(client_for):
    from django.urls import reverse

    from socialvalue.accounts.roles import Role
    from socialvalue.spend.services import spend_import_files

    data = _workbook([HEADER, ["01/04/2024", "Acme Ltd", "=1+1"]])
    (spend_import,) = spend_import_files(
        actor=None, named_contents=[("formulas.xlsx", data)], lenient=False
    )
    url = reverse("spend:import_detail", args=[spend_import.pk])
    page = html.unescape(client_for(Role.PROCUREMENT_OFFICER).get(url).content.decode())
    assert "1 lines could not be read, so nothing was imported." in page
    assert (
        '<td class="govuk-table__cell">Payments</td><td class="govuk-table__cell">2</td>'
        '<td class="govuk-table__cell">C (Amount)</td><td class="govuk-table__cell">the cell '
        "holds a formula (=1+1) with no saved value: open the file in Excel or LibreOffice and "
        "save it again</td>"
    ) in page
