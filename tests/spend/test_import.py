"""Importing real published payment files into the database: counts and totals checked
against an independent reading with the csv module, re-imports add nothing, strict
imports with a bad line save nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from tests.conftest import about, assert_error

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.policy.selectors import contracting_authority_list
from socialvalue.spend.models import ImportStatus, Payment, SpendImport
from socialvalue.spend.services import spend_import_files

FIXTURES = Path(__file__).parents[1] / "fixtures" / "spend"
APRIL = FIXTURES / "hyndburn" / "hyndburn-spend-over-250-April-24.csv"
MAY = FIXTURES / "hyndburn" / "hyndburn-spend-over-250-May-24.csv"  # not in the test demo data


def _independent_reading(path: Path) -> tuple[int, Decimal]:
    """Lines and total of a Hyndburn file, read plainly: cp1252 text, '£1,234.56' amounts."""
    text = path.read_bytes().decode("cp1252")
    lines, total = 0, Decimal("0")
    for row in csv.DictReader(io.StringIO(text)):
        amount = row["Amount Paid"].strip()
        if not amount:
            continue
        negative = amount.startswith(("-", "(")) or amount.endswith("-")
        digits = amount.strip("()-").replace("£", "").replace(",", "")
        value = Decimal(digits)
        total += -value if negative else value
        lines += 1
    return lines, total


def _import(path: Path, lenient: bool = False) -> SpendImport:
    (spend_import,) = spend_import_files(
        actor=None, named_contents=[(path.name, path.read_bytes())], lenient=lenient
    )
    return spend_import


@pytest.mark.parametrize(
    "path", sorted((FIXTURES / "hyndburn").glob("*.csv")), ids=lambda p: p.name
)
def test_real_hyndburn_file_imports_with_the_right_count_and_total(db, path):
    lines, total = _independent_reading(path)
    spend_import = _import(path)
    assert spend_import.status == ImportStatus.DONE, spend_import.problems[:3]
    assert Payment.objects.count() == lines
    assert sum(Payment.objects.values_list("amount", flat=True)) == total
    assert spend_import.lines_added == lines
    assert spend_import.total_added == total


def test_same_file_twice_adds_nothing(db):
    first = _import(APRIL)
    count = Payment.objects.count()
    second = _import(APRIL)
    assert first.status == ImportStatus.DONE
    assert second.status == ImportStatus.FAILED
    assert "already imported" in second.message
    assert Payment.objects.count() == count


def _with_bad_amount(tmp_path: Path) -> Path:
    rows = list(csv.reader(io.StringIO(APRIL.read_bytes().decode("cp1252"))))
    rows[3][-1] = "twelve pounds"  # the 4th line of the file: row 4 as Excel numbers it
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    bad = tmp_path / "april-bad.csv"
    bad.write_text(buffer.getvalue(), encoding="cp1252")
    return bad


def test_strict_import_with_a_bad_line_saves_nothing_and_names_row_and_column(db, tmp_path):
    spend_import = _import(_with_bad_amount(tmp_path))
    assert spend_import.status == ImportStatus.FAILED
    assert Payment.objects.count() == 0
    (problem,) = spend_import.problems
    assert problem["row"] == 4
    assert problem["column"] == "Amount Paid"
    assert problem["letter"] == "H"


def test_lenient_import_keeps_the_good_lines_and_lists_the_bad(db, tmp_path):
    lines, _total = _independent_reading(APRIL)
    spend_import = _import(_with_bad_amount(tmp_path), lenient=True)
    assert spend_import.status == ImportStatus.DONE
    assert Payment.objects.count() == lines - 1
    assert [p["row"] for p in spend_import.problems] == [4]


def test_import_is_in_the_audit_log(db):
    spend_import = _import(APRIL)
    assert Event.objects.filter(verb="spend_import.done", **about(spend_import)).exists()


def test_upload_page_imports_in_the_background_and_shows_the_result(
    client_for, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(Role.PROCUREMENT_OFFICER)
    before = Payment.objects.count()
    upload = SimpleUploadedFile(MAY.name, MAY.read_bytes(), content_type="text/csv")
    commissioner = contracting_authority_list().first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/spend/imports/new/", {"file": upload, "contracting_authority": commissioner.pk}
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    lines, _ = _independent_reading(MAY)
    assert "Imported" in page
    assert f"{lines} payments added" in page
    assert Payment.objects.count() == before + lines
    assert commissioner.name in page  # the body that paid, chosen on upload
    assert SpendImport.objects.get(
        pk=response["Location"].split("/")[-2]
    ).contracting_authority == (commissioner)


def test_upload_asks_which_body_paid_when_there_are_two(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(Role.PROCUREMENT_OFFICER)
    before = SpendImport.objects.count()
    upload = SimpleUploadedFile(MAY.name, MAY.read_bytes(), content_type="text/csv")
    response = client.post("/spend/imports/new/", {"file": upload})
    assert_error(response, "contracting_authority", "Choose the contracting authority")
    assert SpendImport.objects.count() == before


def test_upload_of_a_file_that_is_not_a_spreadsheet_is_refused(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(Role.PROCUREMENT_OFFICER)
    upload = SimpleUploadedFile("payments.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post("/spend/imports/new/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_file"' in page
    assert "must be a CSV or XLSX file" in page


def test_command_line_import_reports_a_bad_file(db, tmp_path):
    from django.core.management.base import CommandError

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "spend", "import", str(_with_bad_amount(tmp_path)), stdout=io.StringIO(), stderr=err
        )
    assert "row 4 column H (Amount Paid)" in err.getvalue()
    assert Payment.objects.count() == 0


def test_a_file_over_the_line_limit_is_refused_and_saves_nothing(db, settings):
    lines, _ = _independent_reading(APRIL)
    settings.SPEND_IMPORT_MAX_ROWS = lines - 1
    spend_import = _import(APRIL)
    assert spend_import.status == ImportStatus.FAILED
    assert f"{lines:,} payment lines, over the limit of {lines - 1:,}" in spend_import.message
    assert "SPEND_IMPORT_MAX_ROWS" in spend_import.message
    assert Payment.objects.count() == 0
    settings.SPEND_IMPORT_MAX_ROWS = lines
    assert _import(APRIL).status == ImportStatus.DONE
