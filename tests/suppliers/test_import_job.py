"""The supplier register import runs as a background job with the shared limits."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.conftest import about

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.import_jobs import JobStatus
from socialvalue.suppliers.models import Supplier, SupplierImport
from socialvalue.suppliers.services import suppliers_import_create

HEADER = "name,companies_house_number,postcode,employees\n"


def _post(client, content: bytes, capture, name: str = "register.csv"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    with capture(execute=True):
        return client.post("/suppliers/import/", {"file": upload})


def test_good_register_imports_through_the_job(client_for, django_capture_on_commit_callbacks):
    client = client_for(Role.PROCUREMENT_OFFICER)
    content = (HEADER + "Pennine Joinery Ltd,09876543,BB1 1AA,8\n").encode()
    response = _post(client, content, django_capture_on_commit_callbacks)
    job = SupplierImport.objects.get()
    assert response["Location"] == f"/suppliers/import/{job.pk}/"
    assert job.status == JobStatus.DONE
    assert Supplier.objects.get(companies_house_number="09876543").employees == 8
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert "1 suppliers added, 0 updated." in page
    assert Event.objects.filter(verb="suppliers_import.done", **about(job)).exists()


def test_bad_row_fails_the_job_listing_row_and_column(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for(Role.PROCUREMENT_OFFICER)
    content = (HEADER + "Good Ltd,,,\nBad Ltd,,NOT A POSTCODE,\n").encode()
    response = _post(client, content, django_capture_on_commit_callbacks)
    job = SupplierImport.objects.get()
    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["column"]) for p in job.problems] == [(3, "postcode")]
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-problems"' in page
    assert "is not a UK postcode" in page
    assert not Supplier.objects.filter(name="Good Ltd").exists()


def test_csv_over_the_row_limit_is_refused(
    client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 2
    client = client_for(Role.ADMINISTRATOR)
    content = (HEADER + "A Ltd,,,\nB Ltd,,,\nC Ltd,,,\n").encode()
    _post(client, content, django_capture_on_commit_callbacks)
    job = SupplierImport.objects.get()
    assert job.status == JobStatus.FAILED
    assert "more than 2 data rows" in job.problems[0]["message"]
    assert "IMPORT_MAX_ROWS" in job.problems[0]["message"]
    assert not Supplier.objects.filter(name__in=["A Ltd", "B Ltd"]).exists()


def test_the_page_shows_a_waiting_job(client_for, user_for):
    job = suppliers_import_create(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        content=(HEADER + "Waiting Ltd,,,\n").encode(),
        filename="register.csv",
    )
    page = client_for(Role.PROCUREMENT_OFFICER).get(f"/suppliers/import/{job.pk}/")
    assert "Waiting to start" in page.content.decode()
    assert client_for(Role.VIEWER).get(f"/suppliers/import/{job.pk}/").status_code == 403
