"""Request limits (issue #11, item 8): a body over MAX_REQUEST_BYTES is refused from its
Content-Length before it is read, and a NUL byte anywhere in a request is a 400 page, not
a database error (``/contracts/?q=%00`` was a 500 on PostgreSQL)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from socialvalue.accounts.roles import Role
from socialvalue.core.middleware_limits import RequestLimitsMiddleware
from socialvalue.core.uploads import (
    LARGEST_UPLOAD_BYTES,
    MAX_SPEND_IMPORT_BYTES,
    max_request_bytes,
)


class _UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise AssertionError("the body was read before the size was checked")


def _view_never_called(request):
    raise AssertionError("the view was called")


@pytest.mark.parametrize(
    "url",
    ["/contracts/?q=%00", "/contracts/?q=abc%00def", "/contracts/?%00=1", "/contracts/%00/"],
)
def test_nul_byte_in_the_address_is_a_clear_400(client_for, url):
    response = client_for(Role.PROCUREMENT_OFFICER).get(url)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a character we cannot accept" in page
    assert "NUL byte" in page
    assert "govuk-heading-l" in page


def test_other_control_characters_are_refused_but_ordinary_text_is_not(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    assert client.get("/contracts/?q=%07").status_code == 400
    assert client.get("/contracts/?q=caf%C3%A9+%26+bar").status_code == 200


def test_nul_byte_in_a_form_field_is_refused_before_the_view(client_for):
    from socialvalue.procurement.models import Project

    client = client_for(Role.PROCUREMENT_OFFICER)
    before = Project.objects.count()
    response = client.post("/procurement/new/", {"title": "Cleaning\x00", "category": "services"})
    assert response.status_code == 400
    assert "The form contains a control character" in response.content.decode()
    assert Project.objects.count() == before


def test_a_line_break_in_a_text_box_is_still_accepted():
    text = "line one\r\nline two\tend\x0bpasted from Word\x0c"
    request = RequestFactory().post("/anything/", {"narrative": text})
    response = RequestLimitsMiddleware(lambda r: "passed")(request)
    assert response == "passed"


def test_nul_byte_in_an_uploaded_file_name_never_reaches_the_database(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socialvalue.suppliers.models import SupplierImport

    upload = SimpleUploadedFile("reg\x00ister.csv", b"name\nA Ltd\n", content_type="text/csv")
    response = client_for(Role.PROCUREMENT_OFFICER).post("/suppliers/import/", {"file": upload})
    assert response.status_code == 302
    # Django's upload parser drops the NUL from a file name; the job stores a clean name.
    assert SupplierImport.objects.get().filename == "register.csv"


def test_json_body_with_a_nul_escape_is_refused():
    request = RequestFactory().post(
        "/api/token/", data=b'{"username": "a\\u0000"}', content_type="application/json"
    )
    response = RequestLimitsMiddleware(_view_never_called)(request)
    assert response.status_code == 400


def test_body_over_the_limit_is_refused_from_its_length_without_reading_it(settings):
    settings.MAX_REQUEST_BYTES = 1000
    request = RequestFactory().generic(
        "POST",
        "/measures/import/",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH="5000000",
    )
    request.META["wsgi.input"] = io.BufferedReader(_UnreadableBody())
    response = RequestLimitsMiddleware(_view_never_called)(request)
    page = response.content.decode()
    assert response.status_code == 413
    assert "The file is too large" in page
    assert "4.8 MB" in page  # what was sent
    assert "1,000 bytes" in page  # the limit


def test_upload_over_the_limit_is_413_through_the_whole_stack(client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socialvalue.policy.models import MeasureImport

    settings.MAX_REQUEST_BYTES = 2000
    client = client_for(Role.ADMINISTRATOR)
    upload = SimpleUploadedFile("library.csv", b"code\n" + b"A\n" * 2000, content_type="text/csv")
    response = client.post("/measures/import/", {"file": upload})
    assert response.status_code == 413
    assert not MeasureImport.objects.exists()
    # Under the limit the same page works.
    assert client.get("/measures/import/").status_code == 200


def test_a_length_that_is_not_a_number_is_a_400():
    request = RequestFactory().generic("POST", "/", CONTENT_LENGTH="lots")
    assert RequestLimitsMiddleware(_view_never_called)(request).status_code == 400


def test_default_request_limit_is_above_the_largest_upload():
    assert django_settings.MAX_REQUEST_BYTES is None  # not set: sized from core/uploads.py
    assert LARGEST_UPLOAD_BYTES == MAX_SPEND_IMPORT_BYTES
    assert max_request_bytes() > LARGEST_UPLOAD_BYTES


def test_request_settings_are_set():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 2000
    middleware = django_settings.MIDDLEWARE
    limits = middleware.index("socialvalue.core.middleware_limits.RequestLimitsMiddleware")
    # Before anything that reads the body or the database (sessions, CSRF, sign-in).
    assert limits < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
