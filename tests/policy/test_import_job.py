"""The measures import runs as a background job with limits (issue #11, item 8): a workbook
that unpacks too large or a file with too many rows is refused with the limit and the
file's figure, a good file imports through the job, and the page shows the job's state."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.import_jobs import JobStatus
from socialvalue.core.tabular import TableError, read_table
from socialvalue.policy.measures_io import COLUMNS, measures_import_create
from socialvalue.policy.models import Measure, MeasureImport
from tests.conftest import about
from tests.policy.test_measures_io import GOOD, _csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for number in range(rows):
        sheet.append([{**GOOD, "code": f"X{number}"}[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bomb(unpacked: int = 4 * 1024 * 1024) -> bytes:
    """A zip whose one part is megabytes of the same byte: a tiny file that unpacks large."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * unpacked + b">")
    return buffer.getvalue()


def _run(client, name: str, content: bytes, capture, content_type: str = "text/csv"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    with capture(execute=True):
        response = client.post("/measures/import/", {"file": upload})
    return response


def test_xlsx_over_the_unpacked_limit_is_refused_before_parsing(db, settings):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 20_000
    content = _xlsx(200)
    assert len(content) < 20_000  # small on disk, larger unpacked
    with pytest.raises(TableError) as caught:
        read_table(content, "library.xlsx")
    message = str(caught.value)
    assert "library.xlsx unpacks to" in message
    assert "IMPORT_MAX_XLSX_UNPACKED_BYTES" in message
    assert "over the limit of 20 KB (20,000 bytes)" in message


def test_a_zip_bomb_is_refused_by_its_compression_ratio_not_parsed(db):
    content = _bomb()
    assert len(content) < 20_000
    with pytest.raises(TableError) as caught:
        read_table(content, "bomb.xlsx")
    # openpyxl never saw it: it would have said the file is not a readable XLSX file.
    assert "IMPORT_MAX_XLSX_COMPRESSION_RATIO" in str(caught.value)
    assert "xl/worksheets/sheet1.xml" in str(caught.value)


def test_the_spend_reader_refuses_the_same_workbook_through_the_same_check(db):
    from socialvalue.analytics.reader import PaymentFileError, read_payments

    with pytest.raises(PaymentFileError) as caught:
        read_payments([("payments.xlsx", _bomb())])
    (error,) = caught.value.errors
    assert "IMPORT_MAX_XLSX_COMPRESSION_RATIO" in error.problem


def test_csv_over_the_row_limit_fails_the_job_with_the_limit(
    client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 3
    rows = [{**GOOD, "code": f"R{n}"} for n in range(5)]
    client = client_for(Role.ADMINISTRATOR)
    response = _run(client, "big.csv", _csv(*rows), django_capture_on_commit_callbacks)
    job = MeasureImport.objects.get()
    assert response["Location"] == f"/measures/import/{job.pk}/"
    assert job.status == JobStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "Not imported" in page
    assert "more than 3 data rows" in page
    assert "IMPORT_MAX_ROWS" in page
    assert not Measure.objects.filter(code__startswith="R").exists()


def test_xlsx_over_the_row_limit_is_refused(db, settings):
    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(TableError, match="more than 10 data rows, over the limit of 10 rows"):
        read_table(_xlsx(11), "library.xlsx")
    assert len(read_table(_xlsx(10), "library.xlsx").rows) == 10


def test_upload_form_refuses_a_workbook_over_the_unpacked_limit_at_once(client_for, settings):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 20_000
    client = client_for(Role.ADMINISTRATOR)
    upload = SimpleUploadedFile("library.xlsx", _xlsx(200), content_type=XLSX)
    response = client.post("/measures/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_file"' in page
    assert "IMPORT_MAX_XLSX_UNPACKED_BYTES" in page
    assert not MeasureImport.objects.exists()


def test_good_file_imports_through_the_job_and_the_page_lists_it(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for(Role.ADMINISTRATOR)
    response = _run(
        client, "library.xlsx", _xlsx(2), django_capture_on_commit_callbacks, content_type=XLSX
    )
    job = MeasureImport.objects.get()
    assert job.status == JobStatus.DONE
    assert job.result["Measures added"] == ["X0", "X1"]
    assert Measure.objects.filter(code__in=["X0", "X1"]).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert "2 measures added, 0 updated" in page
    assert "X0, X1" in page
    verbs = set(
        Event.objects.filter(**about(job), verb__startswith="measures_import.").values_list(
            "verb", flat=True
        )
    )
    assert verbs == {"measures_import.queued", "measures_import.done"}
    assert Event.objects.filter(verb="measures.imported").exists()
    listing = client.get("/measures/import/").content.decode()
    assert f'href="/measures/import/{job.pk}/"' in listing


def test_the_page_shows_a_job_waiting_for_the_worker(client_for, user_for):
    # Without the commit callbacks the task is never queued: the job waits, as it does
    # until the worker picks it up.
    job = measures_import_create(
        actor=user_for(Role.ADMINISTRATOR), content=_csv(GOOD), filename="library.csv"
    )
    page = client_for(Role.ADMINISTRATOR).get(f"/measures/import/{job.pk}/").content.decode()
    assert "Waiting to start" in page
    assert 'id="check-again"' in page
    assert not Measure.objects.filter(code="NEW1").exists()


def test_an_unexpected_error_ends_failed_with_the_reason_never_running(user_for):
    from socialvalue.policy.measures_io import measures_import_run

    job = measures_import_create(
        actor=user_for(Role.ADMINISTRATOR), content=_csv(GOOD), filename="library.csv"
    )
    job.upload.storage.delete(job.upload.name)  # the stored upload has gone
    measures_import_run(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "unexpected error" in job.message
    assert "FileNotFoundError" in job.message
    assert job.finished_at is not None
    assert Event.objects.filter(verb="measures_import.failed", **about(job)).exists()


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(user_for):
    from socialvalue.policy.measures_io import measures_import_run

    job = measures_import_create(
        actor=user_for(Role.ADMINISTRATOR), content=_csv(GOOD), filename="library.csv"
    )
    before = Event.objects.filter(verb="measures.imported").count()
    measures_import_run(job=job)
    measures_import_run(job=MeasureImport.objects.get(pk=job.pk))
    assert Event.objects.filter(verb="measures.imported").count() == before + 1


def test_other_roles_cannot_see_an_import(client_for, user_for):
    job = measures_import_create(
        actor=user_for(Role.ADMINISTRATOR), content=_csv(GOOD), filename="library.csv"
    )
    response = client_for(Role.PROCUREMENT_OFFICER).get(f"/measures/import/{job.pk}/")
    assert response.status_code == 403


def test_the_penetration_test_workbook_is_refused_from_its_zip_directory(db):
    """A million rows in about 150 KB (the file that timed out the web worker), with the
    default limits: refused by its compression ratio, never opened by openpyxl."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", b"<sheetData>" + row * 1_000_000 + b"</sheetData>"
        )
    content = buffer.getvalue()
    assert len(content) < 400_000
    with pytest.raises(TableError, match="IMPORT_MAX_XLSX_COMPRESSION_RATIO"):
        read_table(content, "measures.xlsx")
