"""Spend imports never stay waiting or importing for ever, the same file is imported once
even when uploaded twice at the same moment, progress is shown while saving, and a wrong
import can be deleted with its payments."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from tests.conftest import about, assert_error

from socialvalue.accounts.roles import Role
from socialvalue.analytics.reader import file_fingerprint
from socialvalue.audit.models import Event
from socialvalue.core.heartbeat import record_heartbeat
from socialvalue.core.models import WorkerHeartbeat
from socialvalue.spend import selectors, services
from socialvalue.spend.models import ImportStatus, Payment, SpendImport
from socialvalue.spend.services import (
    WORKER_NEVER_STARTED,
    WORKER_STOPPED,
    spend_import_create,
    spend_import_run,
    spend_imports_recover,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "spend"
MAY = FIXTURES / "hyndburn" / "hyndburn-spend-over-250-May-24.csv"  # not in the demo data
NO_WORKER_RUNS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _running_import(*, started_ago: int = 0, moved_ago: int | None = None) -> SpendImport:
    """A background import that a worker started ``started_ago`` seconds ago, with one
    batch of payments saved (committed, as a running import's batches are)."""
    content = MAY.read_bytes()
    now = timezone.now()
    spend_import = SpendImport.objects.create(
        filename=MAY.name,
        sha256=file_fingerprint(content),
        status=ImportStatus.RUNNING,
        started_at=now - timedelta(seconds=started_ago),
        updated_at=now - timedelta(seconds=started_ago if moved_ago is None else moved_ago),
        rows_total=40,
        rows_done=1,
    )
    spend_import.upload.save(MAY.name, ContentFile(content), save=True)
    Payment.objects.create(
        spend_import=spend_import,
        source_file=MAY.name,
        row_number=2,
        payment_date=now.date(),
        amount="250.00",
        supplier_name="A saved batch",
        fingerprint="f" * 40,
    )
    return spend_import


def _worker(*, started_ago: int) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=f"w{started_ago}",
        hostname="test",
        pid=1,
        started_at=now - timedelta(seconds=started_ago),
        seen_at=now,
    )


# Stuck imports ------------------------------------------------------------------------


def test_import_page_ends_an_import_whose_worker_is_gone_and_keeps_nothing(client_for):
    spend_import = _running_import(started_ago=30)
    page = client_for(Role.VIEWER).get(f"/spend/imports/{spend_import.pk}/").content.decode()
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.FAILED
    assert spend_import.message == WORKER_STOPPED
    assert "the background worker stopped while importing" in page.lower()
    assert "Not imported" in page
    assert not Payment.objects.filter(spend_import=spend_import).exists()
    event = Event.objects.get(verb="spend_import.failed", **about(spend_import))
    assert event.reason == WORKER_STOPPED


def test_import_run_by_a_live_worker_shows_its_progress_and_is_left_running(client_for):
    _worker(started_ago=60)  # running since before the import started
    spend_import = _running_import(started_ago=30)
    page = client_for(Role.VIEWER).get(f"/spend/imports/{spend_import.pk}/").content.decode()
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.RUNNING
    assert "1 of about 40 lines read and saved" in page
    assert 'http-equiv="refresh"' in page
    # A running import's saved batches are not in any figure until it is done.
    assert Payment.objects.filter(spend_import=spend_import).exists()
    assert not Payment.objects.counted().filter(spend_import=spend_import).exists()
    assert "A saved batch" not in {s.name for s in selectors.unmatched_suppliers(limit=10_000)}


def test_a_worker_started_after_the_import_did_not_take_it_over(db):
    _worker(started_ago=5)  # a new worker: the one that started the import is gone
    spend_import = _running_import(started_ago=30)
    assert spend_imports_recover() == [spend_import.pk]
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.FAILED


def test_an_import_that_has_not_moved_for_too_long_is_ended_even_with_a_live_worker(db, settings):
    settings.SPEND_IMPORT_STALE_AFTER_SECONDS = 600
    _worker(started_ago=4000)
    spend_import = _running_import(started_ago=3600, moved_ago=601)
    fresh = _running_import_of_other_content(moved_ago=599)
    assert spend_imports_recover() == [spend_import.pk]
    fresh.refresh_from_db()
    assert fresh.status == ImportStatus.RUNNING


def _running_import_of_other_content(*, moved_ago: int) -> SpendImport:
    now = timezone.now()
    return SpendImport.objects.create(
        filename="other.csv",
        sha256="0" * 64,
        status=ImportStatus.RUNNING,
        started_at=now - timedelta(seconds=3600),
        updated_at=now - timedelta(seconds=moved_ago),
    )


def _waiting_import(*, waited: int) -> SpendImport:
    spend_import = SpendImport.objects.create(filename="waiting.csv", sha256="1" * 64)
    SpendImport.objects.filter(pk=spend_import.pk).update(
        created_at=timezone.now() - timedelta(seconds=waited)
    )
    spend_import.refresh_from_db()
    return spend_import


def test_a_waiting_import_a_running_worker_never_started_is_ended(db, settings):
    settings.SPEND_IMPORT_STALE_AFTER_SECONDS = 600
    _worker(started_ago=700)  # running all the while the import waited
    spend_import = _waiting_import(waited=650)
    assert spend_imports_recover() == [spend_import.pk]
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.FAILED
    assert spend_import.message == WORKER_NEVER_STARTED
    # Its task, if it ever runs, changes nothing.
    assert spend_import_run(spend_import=spend_import).status == ImportStatus.FAILED
    assert services._run(spend_import, b"").status == ImportStatus.FAILED


@pytest.mark.parametrize("worker_started_ago", [None, 300])
def test_a_waiting_import_waits_while_no_worker_ran_long_enough(db, settings, worker_started_ago):
    settings.SPEND_IMPORT_STALE_AFTER_SECONDS = 600
    if worker_started_ago is not None:
        _worker(started_ago=worker_started_ago)  # back after being down: it will start it
    spend_import = _waiting_import(waited=3600)
    assert spend_imports_recover() == []
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.QUEUED


def test_a_command_line_import_is_not_ended_for_want_of_a_worker(db):
    spend_import = _running_import_of_other_content(moved_ago=10)  # no upload: the CLI's
    assert spend_imports_recover() == []
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.RUNNING


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections
def test_the_worker_ends_what_a_dead_worker_left_when_it_starts(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    record_heartbeat("dead")  # the worker that was importing, killed without a goodbye
    WorkerHeartbeat.objects.filter(worker_id="dead").update(
        started_at=timezone.now() - timedelta(seconds=120),
        seen_at=timezone.now() - timedelta(seconds=90),
    )
    spend_import = _running_import(started_ago=60)
    call_command("db_worker", "--batch", "--worker-id", "new")
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.FAILED
    assert spend_import.message == WORKER_STOPPED
    assert not Payment.objects.filter(spend_import=spend_import).exists()


def test_an_import_ended_while_saving_stops_and_keeps_nothing(db, monkeypatch):
    """The worker was only slow: its import was ended meanwhile (say from its page)."""
    monkeypatch.setattr(services, "SAVE_BATCH", 5)
    content = MAY.read_bytes()
    spend_import = SpendImport.objects.create(filename=MAY.name, sha256=file_fingerprint(content))
    batches = []

    def end_it_after_the_first_batch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # Each batch's payments (INSERT on SQLite, COPY on PostgreSQL) and its progress
        # count are saved together: the progress count marks a saved batch on both.
        if sql.startswith('UPDATE "spend_spendimport" SET "rows_done"'):
            batches.append(params[0])
            if len(batches) == 1:
                assert spend_imports_recover(now=timezone.now() + timedelta(days=1)) == [
                    spend_import.pk
                ]
        return result

    with connection.execute_wrapper(end_it_after_the_first_batch):
        spend_import_run(spend_import=spend_import, content=content)
    spend_import.refresh_from_db()
    assert batches == [5]  # no batch after it was ended
    assert spend_import.status == ImportStatus.FAILED
    assert spend_import.message == WORKER_STOPPED
    assert not Payment.objects.filter(spend_import=spend_import).exists()


def test_progress_moves_batch_by_batch_and_ends_at_the_number_saved(db, monkeypatch):
    monkeypatch.setattr(services, "SAVE_BATCH", 7)
    monkeypatch.setattr(services, "LOOKUP_CHUNK", 3)  # 1M lines once broke SQLite's limit
    content = MAY.read_bytes()
    spend_import = SpendImport.objects.create(filename=MAY.name, sha256=file_fingerprint(content))
    seen = []

    def watch_progress(execute, sql, params, many, context):
        if sql.startswith('UPDATE "spend_spendimport" SET "rows_done"'):
            seen.append(params[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch_progress):
        spend_import_run(spend_import=spend_import, content=content)
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.DONE
    assert spend_import.rows_total == spend_import.lines_added > 7
    assert seen == list(range(7, spend_import.lines_added, 7)) + [spend_import.lines_added]
    assert spend_import.rows_done == spend_import.lines_added


# The same file twice at once ------------------------------------------------------------


def test_the_same_file_uploaded_twice_before_the_first_runs_is_imported_once(db, settings):
    settings.TASKS = NO_WORKER_RUNS
    content = MAY.read_bytes()
    first = spend_import_create(actor=None, filename=MAY.name, content=content, lenient=False)
    second = spend_import_create(actor=None, filename="copy.csv", content=content, lenient=False)
    assert first.status == ImportStatus.QUEUED
    assert second.status == ImportStatus.FAILED
    assert second.message == (
        f"This file is already being imported (import {first.pk}): nothing was added."
    )
    assert not second.upload
    spend_import_run(spend_import=first)
    third = spend_import_create(actor=None, filename="again.csv", content=content, lenient=False)
    assert third.status == ImportStatus.FAILED
    assert "already imported on" in third.message and f"import {first.pk}" in third.message
    assert Payment.objects.count() == SpendImport.objects.get(pk=first.pk).lines_added
    # The duplicate's own run (its task) changes nothing.
    assert spend_import_run(spend_import=second).status == ImportStatus.FAILED


def test_a_file_whose_import_failed_can_be_imported_again(db, settings):
    settings.TASKS = NO_WORKER_RUNS
    _running_import(started_ago=30)
    spend_imports_recover()
    again = spend_import_create(
        actor=None, filename=MAY.name, content=MAY.read_bytes(), lenient=False
    )
    assert again.status == ImportStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_file_at_the_same_moment_make_one_import(settings):
    """Two threads, two database connections: the database lets one through.

    Run it on PostgreSQL (``DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_spend_imports``):
    the second insert waits for the first to commit, then breaks the unique constraint.
    SQLite's in-memory test database refuses a second writer outright ("table is locked"),
    so there the two threads take turns, as SQLite's one writer at a time does."""
    settings.TASKS = NO_WORKER_RUNS
    content = MAY.read_bytes()
    start = threading.Barrier(2)
    results: list[SpendImport] = []
    errors: list[BaseException] = []
    one_writer = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def upload(name: str) -> None:
        try:
            start.wait(timeout=30)
            with one_writer:
                made = spend_import_create(
                    actor=None, filename=name, content=content, lenient=False
                )
            results.append(made)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(f"copy{i}.csv",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = sorted(r.status for r in results)
    assert statuses == [ImportStatus.FAILED, ImportStatus.QUEUED]
    queued = next(r for r in results if r.status == ImportStatus.QUEUED)
    failed = next(r for r in results if r.status == ImportStatus.FAILED)
    assert failed.message == (
        f"This file is already being imported (import {queued.pk}): nothing was added."
    )
    assert SpendImport.objects.filter(status=ImportStatus.QUEUED).count() == 1


# Deleting an import ---------------------------------------------------------------------


def _done_import() -> SpendImport:
    (spend_import,) = services.spend_import_files(
        actor=None, named_contents=[(MAY.name, MAY.read_bytes())], lenient=False
    )
    assert spend_import.status == ImportStatus.DONE
    return spend_import


def test_an_import_is_deleted_with_its_payments_and_the_reason_is_audited(client_for, user_for):
    spend_import = _done_import()
    before = Payment.objects.count()
    client = client_for(Role.PROCUREMENT_OFFICER)
    detail = client.get(f"/spend/imports/{spend_import.pk}/").content.decode()
    assert f"/spend/imports/{spend_import.pk}/delete/" in detail
    page = client.get(f"/spend/imports/{spend_import.pk}/delete/").content.decode()
    assert f"The {spend_import.lines_added} payments this import added" in page
    response = client.post(
        f"/spend/imports/{spend_import.pk}/delete/",
        {"reason": "The wrong month was uploaded", "confirm": "on"},
    )
    assert response.status_code == 302
    assert not SpendImport.objects.filter(pk=spend_import.pk).exists()
    assert Payment.objects.count() == before - spend_import.lines_added
    event = Event.objects.get(verb="spend_import.deleted", **about(spend_import))
    assert event.reason == "The wrong month was uploaded"
    assert event.data["payments_deleted"] == spend_import.lines_added
    assert event.actor == user_for(Role.PROCUREMENT_OFFICER)
    # The file can be imported again.
    assert _done_import().lines_added == spend_import.lines_added


def test_deleting_needs_a_reason_and_a_confirmation(client_for):
    spend_import = _done_import()
    client = client_for(Role.ADMINISTRATOR)
    url = f"/spend/imports/{spend_import.pk}/delete/"
    assert_error(client.post(url, {"reason": "  ", "confirm": "on"}), "reason", "Say why")
    assert_error(client.post(url, {"reason": "Wrong file"}), "confirm", "Confirm that")
    assert SpendImport.objects.filter(pk=spend_import.pk).exists()


def test_a_running_import_cannot_be_deleted(client_for):
    _worker(started_ago=60)
    spend_import = _running_import(started_ago=30)
    client = client_for(Role.ADMINISTRATOR)
    detail = client.get(f"/spend/imports/{spend_import.pk}/").content.decode()
    assert "/delete/" not in detail
    page = client.get(f"/spend/imports/{spend_import.pk}/delete/").content.decode()
    assert "cannot be deleted until it ends" in page
    response = client.post(
        f"/spend/imports/{spend_import.pk}/delete/", {"reason": "Wrong", "confirm": "on"}
    )
    assert "wait until it ends" in response.content.decode()
    assert SpendImport.objects.get(pk=spend_import.pk).status == ImportStatus.RUNNING


# A file of another payer ----------------------------------------------------------------


def _with_payer_column(tmp_path: Path, payer: str) -> Path:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(MAY.read_bytes().decode("cp1252"))))
    rows = [["Body Name", *rows[0]]] + [[payer, *row] if any(row) else row for row in rows[1:]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / f"may-{len(payer)}.csv"
    path.write_text(buffer.getvalue(), encoding="cp1252")
    return path


def _upload(client, path: Path, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    body = {"contracting_authority": _commissioner().pk}
    return client.post("/spend/imports/new/", {"file": upload, **body, **extra})


def _commissioner():
    from socialvalue.policy.selectors import contracting_authority_list

    return contracting_authority_list().first()


def test_a_file_paid_by_another_body_is_imported_only_once_confirmed(
    client_for, tmp_path, settings
):
    settings.TASKS = NO_WORKER_RUNS
    path = _with_payer_column(tmp_path, "Hyndburn Borough Council")
    client = client_for(Role.PROCUREMENT_OFFICER)
    before = SpendImport.objects.count()
    response = _upload(client, path)
    assert_error(response, "other_payer", "Confirm that you want to import payments made by")
    page = response.content.decode()
    assert "&ldquo;Hyndburn Borough Council&rdquo;" in page
    assert 'id="other-payer"' in page and "govuk-warning-text" in page
    assert "Office of the Police and Crime Commissioner for Lancashire" in page
    assert 'name="payer_asked"' in page
    assert SpendImport.objects.count() == before  # nothing imported, nothing queued
    # Ticked but the box asked for again only while unticked.
    unticked = _upload(client, path, payer_asked="1")
    assert_error(unticked, "other_payer", "Confirm that")
    confirmed = _upload(client, path, payer_asked="1", other_payer="on")
    assert confirmed.status_code == 302
    assert SpendImport.objects.count() == before + 1


def test_a_file_paid_by_the_constabulary_is_imported_without_a_question(
    client_for, tmp_path, settings
):
    settings.TASKS = NO_WORKER_RUNS
    path = _with_payer_column(tmp_path, "Chief Constable of Lancashire")
    response = _upload(client_for(Role.PROCUREMENT_OFFICER), path)
    assert response.status_code == 302
    assert 'name="other_payer"' not in _upload_page(client_for)


def _upload_page(client_for) -> str:
    return client_for(Role.ADMINISTRATOR).get("/spend/imports/new/").content.decode()


def test_an_import_deleted_while_waiting_is_not_run(client_for, settings):
    from socialvalue.spend.tasks import run_spend_import

    settings.TASKS = NO_WORKER_RUNS
    waiting = spend_import_create(
        actor=None, filename=MAY.name, content=MAY.read_bytes(), lenient=False
    )
    response = client_for(Role.ADMINISTRATOR).post(
        f"/spend/imports/{waiting.pk}/delete/", {"reason": "Uploaded by mistake", "confirm": "on"}
    )
    assert response.status_code == 302
    assert run_spend_import.call(waiting.pk) == "deleted"
    assert not Payment.objects.filter(source_file=MAY.name).exists()
