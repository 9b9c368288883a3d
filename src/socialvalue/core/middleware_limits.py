"""Requests refused before they reach a view or the database.

- A body larger than ``MAX_REQUEST_BYTES`` (default: the largest upload allowed by
  core/uploads.py plus room for the form) is answered 413 from its ``Content-Length``
  header, without reading a byte of it.
- A NUL byte or another control character in the path, the query string or a form
  field's name or value is answered 400 (Django already drops one from an uploaded file's
  name). PostgreSQL cannot store or compare a NUL byte in text (``/contracts/?q=%00`` was
  a server error), and no person types one: it is refused with a clear page rather than
  reaching a query.

The pages are rendered without a session (this middleware runs first), so they show the
signed-out header.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from socialvalue.core.tabular import file_size_text
from socialvalue.core.uploads import max_request_bytes

# In the path: every C0 control character (tab and line breaks included) and DEL.
_INVALID = re.compile(r"[\x00-\x1f\x7f]")
# In a form or the query string (a search form's fields): the same except tab, line
# breaks, vertical tab and form feed, which text pasted into a box (from Word, say) may
# hold. NUL is the one PostgreSQL cannot store.
_INVALID_IN_FORM = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Only NUL is looked for in a JSON body (as the escape \u0000 or a raw byte).
_JSON_NUL = re.compile(rb"\\u0000|\x00")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = _too_large(request) or _invalid_characters(request)
        if refused is not None:
            return refused
        return self.get_response(request)


def _too_large(request: HttpRequest) -> HttpResponse | None:
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return _page(request, 400, "The request could not be read", ["Its length is not a number."])
    if length < 0:
        return _page(request, 400, "The request could not be read", ["Its length is negative."])
    limit = max_request_bytes()
    if length > limit:
        return _page(
            request,
            413,
            "The file is too large",
            [
                f"What you sent is {file_size_text(length)}: the most this service accepts at once "
                f"is {file_size_text(limit)}.",
                "Go back and choose a smaller file, or split the file into parts and upload "
                "each one.",
            ],
        )
    return None


def _invalid_characters(request: HttpRequest) -> HttpResponse | None:
    where = _where_invalid(request)
    if where is None:
        return None
    return _page(
        request,
        400,
        "There is a character we cannot accept",
        [
            f"The {where} contains a control character, such as a NUL byte (written %00 in "
            "an address), that no text can hold.",
            "Go back, remove it and try again. If you pasted the text from another program, "
            "type it instead.",
        ],
    )


def _where_invalid(request: HttpRequest) -> str | None:
    if _INVALID.search(request.path_info) or _INVALID.search(request.path):
        return "web address"
    query = request.META.get("QUERY_STRING", "")
    if query and _INVALID_IN_FORM.search(unquote_plus(query, errors="replace")):
        return "web address (after the ?)"
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith(_FORM_TYPES):
        for name, values in request.POST.lists():
            if _INVALID_IN_FORM.search(name) or any(_INVALID_IN_FORM.search(v) for v in values):
                return "form"
    elif content_type.startswith("application/json") and _JSON_NUL.search(request.body):
        return "request"
    return None


def _page(request: HttpRequest, status: int, title: str, paragraphs: list[str]) -> HttpResponse:
    if not hasattr(request, "user"):
        request.user = AnonymousUser()  # the page's header asks who is signed in
    body = render_to_string(
        "core/request_refused.html",
        {"title": title, "paragraphs": paragraphs, "status": status},
        request=request,
    )
    return HttpResponse(body, status=status)
