"""Import and export of the measures library: every bad input named by row and column,
nothing saved when any row is wrong, and export read back by import unchanged."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from socialvalue.policy.measures_io import (
    COLUMNS,
    MeasureImportError,
    measures_export_csv,
    measures_export_xlsx,
    measures_import,
)
from socialvalue.policy.models import Measure

GOOD = {
    "code": "NEW1",
    "title": "Hours of mentoring for local small firms",
    "theme": "TEI",
    "outcome_code": "PO3",
    "outcome": "Increase supply chain resilience and capacity",
    "unit": "hours",
    "proxy_value": "",
    "proxy_source": "",
    "proxy_year": "",
    "evidence_required": "Mentoring log signed by each firm",
    "priorities": "4",
    "active": "yes",
}


def _csv(*rows: dict, columns=COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _problems(content: bytes, filename: str = "library.csv") -> list[tuple[int | None, str]]:
    with pytest.raises(MeasureImportError) as caught:
        measures_import(actor=None, content=content, filename=filename)
    return [(p.row, p.column) for p in caught.value.problems]


def test_good_file_adds_measure_with_priorities(demo):
    summary = measures_import(actor=None, content=_csv(GOOD), filename="library.csv")
    measure = Measure.objects.get(code="NEW1")
    assert summary.created == ["NEW1"]
    assert measure.outcome.code == "PO3"
    assert [p.number for p in measure.priorities.all()] == [4]


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"unit": ""}, "unit"),
        ({"proxy_value": "-3.00", "proxy_source": "x", "proxy_year": "2024"}, "proxy_value"),
        ({"proxy_value": "twelve", "proxy_source": "x", "proxy_year": "2024"}, "proxy_value"),
        ({"proxy_value": "1.005", "proxy_source": "x", "proxy_year": "2024"}, "proxy_value"),
        ({"proxy_value": "10.00", "proxy_source": "", "proxy_year": "2024"}, "proxy_source"),
        ({"proxy_value": "10.00", "proxy_source": "x", "proxy_year": "last year"}, "proxy_year"),
        ({"theme": "Space exploration"}, "theme"),
        ({"priorities": "4; Parking enforcement"}, "priorities"),
        ({"active": "maybe"}, "active"),
        ({"code": ""}, "code"),
        ({"evidence_required": ""}, "evidence_required"),
    ],
)
def test_bad_row_is_named_by_row_and_column_and_nothing_is_saved(demo, change, column):
    before = Measure.objects.count()
    second = {**GOOD, "code": "NEW2", **change}
    assert _problems(_csv(GOOD, second)) == [(3, column)]
    assert Measure.objects.count() == before
    assert not Measure.objects.filter(code="NEW1").exists()


def test_duplicate_code_names_both_rows(demo):
    with pytest.raises(MeasureImportError) as caught:
        measures_import(actor=None, content=_csv(GOOD, GOOD), filename="library.csv")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, "code")
    assert "row 2" in problem.message


def test_every_problem_is_reported_not_only_the_first(demo):
    rows = [
        {**GOOD, "code": "A", "unit": ""},
        {**GOOD, "code": "B", "theme": "nope", "active": "x"},
    ]
    assert sorted(_problems(_csv(*rows))) == [(2, "unit"), (3, "active"), (3, "theme")]


def test_missing_column_is_reported_before_any_row(demo):
    columns = [c for c in COLUMNS if c != "unit"]
    assert _problems(_csv(GOOD, columns=columns)) == [(None, "unit")]


def test_unknown_column_is_reported(demo):
    content = _csv({**GOOD, "colour": "red"}, columns=[*COLUMNS, "colour"])
    assert _problems(content) == [(None, "colour")]


def test_file_that_is_not_a_table_is_refused(demo):
    assert _problems(b"%PDF-1.4 not a spreadsheet", "library.pdf") == [(None, "-")]
    assert _problems(b"not really excel", "library.xlsx") == [(None, "-")]
    assert _problems(b"", "library.csv") == [(None, "-")]


def test_existing_measure_is_updated_by_code(demo):
    row = {
        **GOOD,
        "code": "TEI1",
        "title": "Apprenticeship weeks (renamed)",
        "outcome_code": "PO2",
        "outcome": "Create new businesses, new jobs and new skills",
    }
    summary = measures_import(actor=None, content=_csv(row), filename="library.csv")
    assert summary.updated == ["TEI1"]
    assert Measure.objects.get(code="TEI1").title == "Apprenticeship weeks (renamed)"


def test_csv_export_imports_back_unchanged(demo):
    exported = measures_export_csv()
    before = _snapshot()
    summary = measures_import(actor=None, content=exported, filename="export.csv")
    assert summary.created == []
    assert len(summary.updated) == Measure.objects.count()
    assert _snapshot() == before
    assert measures_export_csv() == exported


def test_xlsx_export_imports_back_unchanged(demo):
    exported = measures_export_xlsx()
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[1]] == COLUMNS
    before = _snapshot()
    measures_import(actor=None, content=exported, filename="export.xlsx")
    assert _snapshot() == before


def test_xlsx_numbers_are_read_as_pounds_and_years(demo):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    row = {
        **GOOD,
        "proxy_value": 268.97,
        "proxy_source": "DESNZ",
        "proxy_year": 2024,
        "priorities": 4,
    }
    sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    measures_import(actor=None, content=buffer.getvalue(), filename="library.xlsx")
    measure = Measure.objects.get(code="NEW1")
    assert measure.proxy_value == Decimal("268.97")
    assert measure.proxy_year == 2024


def _snapshot():
    return sorted(
        (
            m.code,
            m.title,
            m.unit,
            m.proxy_value,
            m.proxy_source,
            m.proxy_year,
            m.active,
            m.outcome.code,
            tuple(p.pk for p in m.priorities.order_by("pk")),
        )
        for m in Measure.objects.select_related("outcome")
    )


def test_import_page_shows_each_problem_and_saves_nothing(
    client_for, demo, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socialvalue.accounts.roles import Role

    client = client_for(Role.ADMINISTRATOR)
    before = Measure.objects.count()
    upload = SimpleUploadedFile("bad.csv", _csv({**GOOD, "unit": ""}), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/measures/import/", {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Not imported" in page
    assert 'id="import-problems"' in page
    assert "enter the unit" in page
    assert Measure.objects.count() == before


def test_import_is_recorded_in_the_audit_log(demo):
    from socialvalue.audit.models import Event

    measures_import(actor=None, content=_csv(GOOD), filename="library.csv")
    event = Event.objects.filter(verb="measures.imported").first()
    assert event is not None
    assert event.data["created"] == ["NEW1"]
