"""Downloads of lists as CSV and XLSX (socialvalue.core.exports) and their use on the list
pages of policy, suppliers, procurement, spend and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from openpyxl import load_workbook

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.exports import Column, export_response
from socialvalue.procurement.models import Project
from socialvalue.suppliers.models import Supplier


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


class Row:
    def __init__(self, **values):
        self.__dict__.update(values)

    def get_kind_display(self) -> str:
        return "Readable kind"


COLUMNS = [
    Column("Name", "name"),
    Column("Owner", "owner.name"),
    Column("Kind", "get_kind_display"),
    Column("Amount", "amount"),
    Column("Paid", "paid"),
    Column("When", "when"),
    Column("Twice", lambda r: r.amount * 2),
]
ROW = Row(
    name='=HYPERLINK("http://evil.example")',
    owner=None,
    amount=Decimal("1234.50"),
    paid=True,
    when=dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC),
)


def test_csv_reads_columns_and_disarms_formulas():
    response = export_response([ROW], COLUMNS, filename="things", fmt="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    header, row = _csv_rows(response)
    assert header == ["Name", "Owner", "Kind", "Amount", "Paid", "When", "Twice"]
    # A cell that would run as a formula in a spreadsheet is kept as text.
    assert row[0] == '\'=HYPERLINK("http://evil.example")'
    assert row[1:] == ["", "Readable kind", "1234.50", "yes", "2026-07-01 12:30:00", "2469.00"]


def test_xlsx_keeps_numbers_and_local_times():
    response = export_response(
        [{"name": "Ann", "amount": Decimal("10.25")}],
        [Column("Name", "name"), Column("Amount", "amount")],
        filename="people",
        fmt="xlsx",
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _xlsx_rows(response) == [("Name", "Amount"), ("Ann", 10.25)]
    when = export_response([ROW], COLUMNS, filename="x", fmt="xlsx")
    assert _xlsx_rows(when)[1][5] == dt.datetime(2026, 7, 1, 12, 30)  # London summer time


def test_unknown_format_is_not_found():
    with pytest.raises(Http404):
        export_response([], COLUMNS, filename="x", fmt="pdf")


def test_supplier_register_download_is_the_whole_register(client_for):
    client = client_for(Role.VIEWER)
    rows = _csv_rows(client.get("/suppliers/?format=csv"))
    assert rows[0][:3] == ["Name", "Aliases", "Companies House number"]
    assert len(rows) - 1 == Supplier.objects.count()
    assert "Download the whole register" in client.get("/suppliers/").content.decode()


def test_audit_log_download_keeps_the_filter(client_for):
    client = client_for(Role.ADMINISTRATOR)
    rows = _xlsx_rows(client.get("/audit/?verb=project&format=xlsx"))
    assert rows[0] == ("When", "Who", "Action", "Record", "Reason", "Detail", "Action code")
    assert len(rows) - 1 == Event.objects.filter(verb__startswith="project").count() > 0
    assert all(row[6].startswith("project") for row in rows[1:])
    assert all(row[2].startswith("Project: ") for row in rows[1:])  # the action in words


def test_projects_download_has_values_as_numbers(client_for):
    rows = _xlsx_rows(client_for(Role.PROCUREMENT_OFFICER).get("/procurement/?format=xlsx"))
    header = rows[0]
    custody = next(r for r in rows if r[0] == "Custody healthcare and forensic medical services")
    project = Project.objects.get(title=custody[0])
    assert Decimal(str(custody[header.index("Estimated value (£)")])) == project.estimated_value
    assert custody[header.index("Procurement starts")] == dt.datetime.combine(
        project.procurement_starts_on, dt.time()
    )


def test_public_pipeline_download_shows_bands_not_estimates(demo, client):
    rows = _csv_rows(client.get("/opportunities/?format=csv"))
    assert "Value band" in rows[0]
    text = "\n".join(",".join(r) for r in rows)
    for project in Project.objects.filter(published=True):
        assert str(project.estimated_value) not in text


@pytest.mark.parametrize(
    ("url", "first_header"),
    [
        ("/policy/thresholds/", "Regime"),
        ("/procurement/bands/", "From (£)"),
        ("/engagement/", "Date"),
        ("/engagement/reach/", "By"),
        ("/spend/imports/", "File"),
        ("/spend/unmatched-suppliers/", "Name in the payments"),
    ],
)
def test_each_list_downloads_in_both_formats(client_for, url, first_header):
    client = client_for(Role.ADMINISTRATOR)
    assert _csv_rows(client.get(f"{url}?format=csv"))[0][0] == first_header
    assert _xlsx_rows(client.get(f"{url}?format=xlsx"))[0][0] == first_header
    assert client.get(f"{url}?format=doc").status_code == 404
    assert "format=xlsx" in client.get(url).content.decode()


def test_downloads_keep_the_pages_permission(client_for):
    assert client_for(Role.SUPPLIER).get("/suppliers/?format=csv").status_code == 403
    assert client_for(Role.VIEWER).get("/audit/?format=csv").status_code == 200
    assert client_for(Role.EVALUATOR).get("/audit/?format=csv").status_code == 403


def test_london_time_is_used_for_datetimes():
    response = export_response(
        [{"at": dt.datetime(2026, 1, 15, 9, 0, tzinfo=ZoneInfo("UTC"))}],
        [Column("At", "at")],
        filename="x",
        fmt="csv",
    )
    assert _csv_rows(response)[1] == ["2026-01-15 09:00:00"]  # GMT in winter
