"""What keeps the service observable when parts of it fail: /healthz, error pages, favicon.

- ``healthz``: JSON for a load balancer or monitor; 200 when the database answers and a
  background worker has sent a heartbeat recently, 503 otherwise, naming the part that is down.
  It also reports the daily tasks (``daily_tasks``), without counting them in the status.
- ``DatabaseUnavailableMiddleware`` and ``server_error`` (handler500): when the database
  cannot be reached, pages answer 503 with the GOV.UK "service unavailable" page instead of
  a bare 500. The 500 and 503 pages render with no database and no request.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from socialvalue.core.daily import daily_tasks_status
from socialvalue.core.heartbeat import worker_status

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "detail": "the database answers"}
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        checks["database"] = {"ok": False, "detail": "the database does not answer"}
        checks["worker"] = {"ok": False, "detail": "unknown: the database does not answer"}
    else:
        try:
            status = worker_status()
            checks["worker"] = {"ok": status.ok, "detail": status.detail}
        except DatabaseError:  # e.g. not migrated yet
            logger.warning("Health check: cannot read the worker heartbeat", exc_info=True)
            checks["worker"] = {
                "ok": False,
                "detail": "cannot read the worker heartbeat (has `socialvalue migrate` run?)",
            }
    ok = all(check["ok"] for check in checks.values())
    body: dict[str, object] = {"status": "ok" if ok else "unavailable", "checks": checks}
    if checks["database"]["ok"]:
        body["daily_tasks"] = _daily_tasks()
    return JsonResponse(body, status=200 if ok else 503)


def _daily_tasks() -> dict[str, object]:
    try:
        status = daily_tasks_status()
    except DatabaseError:  # e.g. not migrated yet
        logger.warning("Health check: cannot read the daily runs", exc_info=True)
        return {"ok": False, "detail": "cannot read the daily runs"}
    return {"ok": status.ok, "detail": status.detail}


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says: send them to the static file."""
    return HttpResponseRedirect(static("govuk/assets/images/favicon.ico"))


def _error_page(template_name: str, status: int) -> HttpResponse:
    # No request and no context processors: these pages are shown when the database, the
    # session or the signed-in user are what failed.
    try:
        body: str = loader.render_to_string(template_name, {"service_name": settings.SERVICE_NAME})
    except Exception:  # the page that reports a failure must not fail itself
        logger.exception("Could not render %s", template_name)
        body = f"<!DOCTYPE html><title>Error {status}</title><h1>Error {status}</h1>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """503: the database cannot be reached. JSON for the API, the GOV.UK page otherwise."""
    if request is not None and request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "The service is unavailable: its database does not answer."}, status=503
        )
    else:
        response = _error_page("503.html", 503)
    response["Retry-After"] = "60"
    return response


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    """handler500. A database failure raised outside a view (a middleware) is still a 503."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    return _error_page("500.html", 500)


class DatabaseUnavailableMiddleware:
    """Answers 503 (the GOV.UK "service unavailable" page) when a view cannot reach the
    database, instead of a bare "Server Error (500)". The error is still logged."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.error(
                "Database unavailable on %s %s",
                request.method,
                request.path,
                exc_info=(type(exception), exception, exception.__traceback__),
            )
            return service_unavailable(request)
        return None
