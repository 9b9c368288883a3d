"""/healthz, the worker heartbeat, the error pages and the favicon (core/operations.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.urls import reverse
from django.utils import timezone

from socialvalue.accounts.roles import Role
from socialvalue.core.heartbeat import HeartbeatThread, record_heartbeat, worker_status
from socialvalue.core.models import WorkerHeartbeat
from socialvalue.core.operations import server_error, service_unavailable
from socialvalue.spend.models import ImportStatus, SpendImport

SRC = Path(__file__).resolve().parents[2] / "src"


def _health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_healthz_is_503_naming_the_worker_when_none_has_been_seen(client, db):
    status, body = _health(client)
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False
    assert "socialvalue db_worker" in body["checks"]["worker"]["detail"]


def test_healthz_is_200_after_a_heartbeat_and_503_once_it_is_stale(client, db):
    record_heartbeat("worker-a")
    status, body = _health(client)
    assert status == 200, body
    assert body == {
        "status": "ok",
        "checks": {
            "database": {"ok": True, "detail": "the database answers"},
            "worker": {"ok": True, "detail": body["checks"]["worker"]["detail"]},
        },
        # Reported, not counted: no daily task has run in this empty database.
        "daily_tasks": {"ok": False, "detail": body["daily_tasks"]["detail"]},
    }
    assert body["daily_tasks"]["detail"].startswith("not enqueued for ")
    stale = timezone.now() - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS + 5)
    WorkerHeartbeat.objects.update(seen_at=stale)
    status, body = _health(client)
    assert status == 503
    assert "more than" in body["checks"]["worker"]["detail"]


def test_healthz_shows_no_secret(client, db):
    record_heartbeat("worker-a")
    content = client.get("/healthz").content.decode()
    assert settings.SECRET_KEY not in content
    assert str(settings.DATABASES["default"]["NAME"]) not in content


@pytest.mark.django_db(transaction=True)
def test_db_worker_is_ours_and_records_start_and_stop(settings):
    # Transactional: the worker closes connections that are inside a transaction between
    # tasks (Django's close_old_connections), as it must in production; inside a test's
    # transaction that would close the test's own connection on PostgreSQL.
    # The suite runs tasks at once; the worker needs the production database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    assert get_commands()["db_worker"] == "socialvalue.core"
    call_command(
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--worker-id",
        "batch-worker",
        stdout=io.StringIO(),
    )
    beat = WorkerHeartbeat.objects.get(worker_id="batch-worker")
    assert beat.pid == os.getpid()
    assert beat.stopped_at is not None
    status = worker_status()
    assert not status.ok
    assert "the last worker stopped" in status.detail


@pytest.mark.django_db(transaction=True)
def test_heartbeat_thread_refreshes_the_row_while_the_worker_runs():
    record_heartbeat("threaded")
    first = WorkerHeartbeat.objects.get(worker_id="threaded").seen_at
    thread = HeartbeatThread("threaded", interval=0.05)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while WorkerHeartbeat.objects.get(worker_id="threaded").seen_at == first:
            assert time.monotonic() < deadline, "the heartbeat was not refreshed"
            time.sleep(0.05)
    finally:
        thread.stop()
    assert not thread.is_alive()


def test_waiting_import_page_says_plainly_that_no_worker_runs(client_for):
    spend_import = SpendImport.objects.create(filename="april.csv", sha256="0" * 64)
    assert spend_import.status == ImportStatus.QUEUED
    url = reverse("spend:import_detail", args=[spend_import.pk])
    page = client_for(Role.PROCUREMENT_OFFICER).get(url).content.decode()
    assert 'id="worker-missing"' in page
    assert "socialvalue db_worker" in page
    record_heartbeat("worker-b")
    page = client_for(Role.PROCUREMENT_OFFICER).get(url).content.decode()
    assert 'id="worker-missing"' not in page
    assert "Waiting to start" in page


def test_favicon_ico_leads_to_the_govuk_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an .ico file


def test_unknown_address_is_the_govuk_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-frontend.min.css" in page


def test_500_and_503_pages_render_without_database_or_request():
    # No `db` fixture: pytest-django refuses any database query here.
    for response, status, heading in [
        (server_error(None), 500, "Sorry, there is a problem with the service"),
        (service_unavailable(None), 503, "Sorry, the service is unavailable"),
    ]:
        assert response.status_code == status
        page = response.content.decode()
        assert heading in page
        assert "govuk-frontend.min.css" in page
        assert settings.SERVICE_NAME in page


_UNREACHABLE_DATABASE_SCRIPT = """
import json, django
from django.test import Client
django.setup()
client = Client()
out = {}
for path in ["/opportunities/", "/api/spend/figures/", "/healthz"]:
    response = client.get(path, HTTP_AUTHORIZATION="Token 0123456789abcdef")
    out[path] = [response.status_code, response.content.decode()[:3000]]
print(json.dumps(out))
"""


def test_pages_answer_503_with_the_govuk_page_when_the_database_is_unreachable(tmp_path):
    # A real server setting: a database that cannot be opened (its folder does not exist).
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        # The suite's settings (DEBUG off; static files without a collectstatic manifest).
        "DJANGO_SETTINGS_MODULE": "socialvalue.config.settings_test",
        "SOCIALVALUE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{missing}",
        "PYTHONPATH": str(SRC),
    }
    result = subprocess.run(
        [sys.executable, "-c", _UNREACHABLE_DATABASE_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    status, page = out["/opportunities/"]
    assert status == 503
    assert "Sorry, the service is unavailable" in page
    status, body = out["/api/spend/figures/"]
    assert status == 503
    assert "database does not answer" in body
    status, body = out["/healthz"]
    assert status == 503
    assert json.loads(body)["checks"]["database"] == {
        "ok": False,
        "detail": "the database does not answer",
    }
    assert "Database unavailable on GET /opportunities/" in result.stderr  # still logged
