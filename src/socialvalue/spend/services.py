"""Importing payment files: all-or-nothing by default, the same file never counted twice."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialvalue.analytics.reader import (
    Payment as PaymentLine,
)
from socialvalue.analytics.reader import (
    RowError,
    file_fingerprint,
    iter_path,
    path_fingerprint,
    unreadable_file_message,
)
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, permission_check
from socialvalue.core.models import WorkerHeartbeat
from socialvalue.policy.models import ContractingAuthority
from socialvalue.spend import bulk
from socialvalue.spend.models import FiguresState, ImportStatus, Payment, SpendImport
from socialvalue.spend.selectors import authorities, implied_authority

logger = logging.getLogger(__name__)
SAVE_BATCH = 20000
MAX_PROBLEMS_KEPT = 500
# Fingerprints looked up at a time: one query for a 1M-line file broke SQLite's limit of
# variables in a statement ("too many SQL variables", 250,000 in Debian's SQLite 3.40).
LOOKUP_CHUNK = 20000
ACTIVE = (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.DONE)
WORKER_STOPPED = (
    "The background worker stopped while importing; nothing was imported: import the file again."
)
WORKER_NEVER_STARTED = (
    "The background worker ran but never started this import; nothing was imported: "
    "import the file again."
)


def _claim(
    *,
    filename: str,
    sha256: str,
    lenient: bool,
    uploaded_by,
    contracting_authority: ContractingAuthority | None = None,
) -> SpendImport:
    """A new import of this content, or a failed one when the content is already imported.

    The database decides (the conditional unique constraint on ``sha256``): of two uploads
    of one file at the same moment, the second waits for the first to commit, then fails here.
    The body that paid is the one given, else the organisation's only one (if it has one).
    """
    fields = {
        "filename": filename,
        "sha256": sha256,
        "lenient": lenient,
        "contracting_authority": contracting_authority or implied_authority(),
    }
    try:
        with transaction.atomic():
            return SpendImport.objects.create(uploaded_by=uploaded_by, **fields)
    except IntegrityError:
        earlier = SpendImport.objects.filter(sha256=sha256, status__in=ACTIVE).first()
        if earlier is None:  # the other import failed meanwhile: this one may go ahead
            return SpendImport.objects.create(uploaded_by=uploaded_by, **fields)
        if earlier.status == ImportStatus.DONE:
            message = (
                f"This file was already imported on {earlier.created_at:%d %B %Y} "
                f"({earlier.filename}, import {earlier.pk}): nothing was added."
            )
        else:
            message = (
                f"This file is already being imported (import {earlier.pk}): nothing was added."
            )
        now = timezone.now()
        return SpendImport.objects.create(
            uploaded_by=uploaded_by,
            status=ImportStatus.FAILED,
            message=message,
            finished_at=now,
            updated_at=now,
            **fields,
        )


def _check_importer(actor) -> None:
    """Officers and administrators import and delete payment files; a command run on the
    server acts as the system (``actor=None``)."""
    if actor is not None:
        permission_check(
            actor,
            "spend.import_spend",
            "Only procurement officers and administrators import or delete payment files",
        )


def spend_import_create(
    *,
    actor,
    filename: str,
    content: bytes,
    lenient: bool,
    contracting_authority: ContractingAuthority | None = None,
) -> SpendImport:
    """Store an uploaded file and queue its import in the background task worker.

    ``contracting_authority`` is the body that made the payments: a user must choose it
    when the organisation has more than one (each publishes its own payments notices); with
    one it is implied. The system (``actor=None``) may leave it not stated, for an officer
    to set (:func:`spend_import_authority_set`)."""
    from socialvalue.spend.tasks import run_spend_import

    _check_importer(actor)
    if actor is not None and contracting_authority is None and len(authorities()) > 1:
        raise DomainError(
            "Choose the contracting authority that made these payments",
            field="contracting_authority",
            code="spend_import.authority_missing",
        )

    with transaction.atomic():
        spend_import = _claim(
            filename=filename,
            sha256=file_fingerprint(content),
            lenient=lenient,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            contracting_authority=contracting_authority,
        )
        if spend_import.status == ImportStatus.FAILED:
            event_record(
                actor=actor,
                verb=AuditEvent.SPEND_IMPORT_FAILED,
                target=spend_import,
                reason=spend_import.message,
            )
            return spend_import
        spend_import.upload.save(filename, ContentFile(content), save=True)
        event_record(actor=actor, verb=AuditEvent.SPEND_IMPORT_QUEUED, target=spend_import)
        transaction.on_commit(lambda: run_spend_import.enqueue(spend_import.pk))
    return spend_import


def spend_import_run(
    *, spend_import: SpendImport, content: bytes | None = None, path: Path | None = None
) -> SpendImport:
    """Read the file and save its payments, or nothing when strict and any line is bad.

    A file whose content was imported before adds nothing and says so. Whatever goes wrong
    ends the import "Not imported" with the reason: it is never left waiting or importing.
    """
    if spend_import.status != ImportStatus.QUEUED:
        return spend_import  # ended already (a duplicate, or recovered after a stopped worker)
    try:
        return _run(spend_import, content, path)
    except Exception as error:  # _finish deletes the batches saved so far: none are kept
        logger.exception("Payment import %s of %s failed", spend_import.pk, spend_import.filename)
        return _finish(
            spend_import,
            ImportStatus.FAILED,
            message="The import stopped with an unexpected error, so nothing was imported "
            f"({type(error).__name__}: {error}).",
        )


def _run(spend_import: SpendImport, content: bytes | None, path: Path | None = None) -> SpendImport:
    now = timezone.now()
    taken = SpendImport.objects.filter(pk=spend_import.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, updated_at=now
    )
    if not taken:  # ended (or deleted) while it waited
        return SpendImport.objects.filter(pk=spend_import.pk).first() or spend_import
    spend_import.status, spend_import.started_at, spend_import.updated_at = (
        ImportStatus.RUNNING,
        now,
        now,
    )
    if path is not None:  # the command line's file, read where it is
        saved = _save_payments(spend_import, path)
    else:
        with _payments_file(spend_import, content) as stored:
            saved = _save_payments(spend_import, stored)
    return _outcome(spend_import, saved)


def _outcome(spend_import: SpendImport, saved: _Saved) -> SpendImport:
    """End the import as its lines decide: DONE, or FAILED (saving nothing) with why."""
    limit = settings.SPEND_IMPORT_MAX_ROWS
    if saved.read > limit:
        return _finish(
            spend_import,
            ImportStatus.FAILED,
            message=f"{spend_import.filename} has {saved.read:,} payment lines, over the limit "
            f"of {limit:,} a file (SPEND_IMPORT_MAX_ROWS): nothing was imported. Split it into "
            "smaller files, for example one a month.",
        )
    if saved.errors and (not spend_import.lenient or not saved.added):
        # Strict, or lenient with no line to keep: the file itself may be wrong.
        message = unreadable_file_message(saved.errors)
        if message is None and not spend_import.lenient:
            message = (
                f"{saved.error_count} lines could not be read, so nothing was imported. "
                "Correct them, or import again choosing to skip unreadable lines."
            )
        if message is not None:
            return _finish(
                spend_import, ImportStatus.FAILED, problems=saved.errors, message=message
            )
    note = f"{saved.added} payments added, £{saved.total:,.2f} in all."
    if saved.error_count:
        note += f" {saved.error_count} unreadable lines were skipped (listed below)."
    return _finish(
        spend_import,
        ImportStatus.DONE,
        problems=saved.errors,
        message=note,
        lines_added=saved.added,
        total_added=saved.total,
    )


@contextmanager
def _payments_file(spend_import: SpendImport, content: bytes | None) -> Iterator[Path]:
    """The file to read, on disk: the stored upload where the storage has a path, else a
    temporary copy (written in chunks, never held whole in memory)."""
    if content is None:
        try:
            yield Path(spend_import.upload.path)
            return
        except NotImplementedError:  # a storage without local paths (object storage)
            pass
    suffix = Path(spend_import.filename).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix, prefix="spend-import-") as copy:
        if content is not None:
            copy.write(content)
        else:
            with spend_import.upload.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
        copy.flush()
        yield Path(copy.name)


def spend_import_files(
    *,
    actor,
    named_contents: Iterable[tuple[str, bytes]],
    lenient: bool,
    contracting_authority: ContractingAuthority | None = None,
):
    """Import files straight away (the command line): one SpendImport per file, made by
    ``contracting_authority`` (else the only one, else not stated)."""
    imports = []
    for filename, content in named_contents:
        spend_import = _claim(
            filename=filename,
            sha256=file_fingerprint(content),
            lenient=lenient,
            uploaded_by=None,
            contracting_authority=contracting_authority,
        )
        imports.append(spend_import_run(spend_import=spend_import, content=content))
    return imports


@dataclass
class _Saved:
    """What reading and saving a file came to."""

    read: int = 0  # lines read, readable or not
    added: int = 0
    total: Decimal = Decimal("0.00")
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT


def _save_payments(spend_import: SpendImport, path: Path) -> _Saved:
    """Read the file and save its payments in committed batches as they come, moving the
    progress count after each: memory holds one batch, whatever the file's size.

    A large clean CSV is parsed by DuckDB (``spend.bulk``); anything else is read line by
    line by the Python reader. Once a line cannot be read in a strict import, or the file
    goes over the line limit, nothing more is saved (the rest is read only to count and
    list). The batches of an import that is not DONE are not counted by any figure
    (``Payment.objects.counted()``), and an import that ends any other way loses them with
    its status change (:func:`_finish`, :func:`spend_imports_recover`): all or nothing.
    """
    fast = bulk.FastLines.open(path)
    if fast is not None:
        try:
            return _save_fast(spend_import, fast)
        finally:
            fast.close()
    saved = _Saved()
    limit = settings.SPEND_IMPORT_MAX_ROWS
    estimate = _estimated_lines(path)
    batch: list[tuple] = []
    for item in iter_path(spend_import.filename, path, sha=spend_import.sha256):
        saved.read += 1
        if isinstance(item, RowError):
            saved.error_count += 1
            if len(saved.errors) < MAX_PROBLEMS_KEPT:
                saved.errors.append(item)
            continue
        if saved.read > limit or (saved.error_count and not spend_import.lenient):
            continue  # the import will fail: nothing more to save
        batch.append(_row(item))
        if len(batch) >= SAVE_BATCH:
            _save_batch(spend_import, batch, saved, estimate)
            batch = []
    if batch and saved.read <= limit and (spend_import.lenient or not saved.error_count):
        _save_batch(spend_import, batch, saved, estimate)
    return saved


def _save_fast(spend_import: SpendImport, fast: bulk.FastLines) -> _Saved:
    """The lines DuckDB parsed, in batches of ``bulk.FAST_BATCH``. Their fingerprints are
    not looked up: they come from this file's content, which no other import has."""
    saved = _Saved(read=fast.count)
    if fast.count > settings.SPEND_IMPORT_MAX_ROWS:
        return saved  # refused by _outcome, nothing saved
    for first in range(0, fast.count, bulk.FAST_BATCH):
        stop = min(first + bulk.FAST_BATCH, fast.count)
        with _batch(spend_import, saved, fast.count):
            added, total = fast.write(
                spend_import.pk,
                filename=spend_import.filename,
                sha=spend_import.sha256,
                first=first,
                stop=stop,
            )
            saved.added += added
            saved.total += total
    return saved


def _estimated_lines(path: Path) -> int:
    """About how many lines a CSV holds, from the length of its first lines (only for the
    progress bar while it is read; 0 for a workbook, whose size says little)."""
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    if sample[:2] == b"PK" or not sample.count(b"\n"):
        return 0
    return round(path.stat().st_size * sample.count(b"\n") / len(sample))


def _save_batch(
    spend_import: SpendImport, batch: list[tuple], saved: _Saved, estimate: int
) -> None:
    """Save one batch of rows (``bulk.COLUMNS``), leaving out those saved before (by
    fingerprint)."""
    fingerprints = [row[bulk.FINGERPRINT] for row in batch]
    known: set[str] = set()
    for start in range(0, len(fingerprints), LOOKUP_CHUNK):
        chunk = fingerprints[start : start + LOOKUP_CHUNK]
        known.update(
            Payment.objects.filter(fingerprint__in=chunk).values_list("fingerprint", flat=True)
        )
    fresh = [row for row in batch if row[bulk.FINGERPRINT] not in known]
    with _batch(spend_import, saved, estimate):
        bulk.insert_rows(spend_import.pk, fresh)
        saved.added += len(fresh)
        saved.total += sum((Decimal(row[bulk.AMOUNT]) for row in fresh), Decimal("0.00"))


@contextmanager
def _batch(spend_import: SpendImport, saved: _Saved, estimate: int) -> Iterator[None]:
    """One batch's transaction: it first checks the import still runs (else ImportEnded),
    and ends by moving the progress count."""
    with transaction.atomic():
        still_running = SpendImport.objects.select_for_update().filter(
            pk=spend_import.pk, status=ImportStatus.RUNNING
        )
        if not list(still_running.values_list("pk", flat=True)):
            raise ImportEnded(spend_import.pk)  # ended meanwhile (recovered or deleted)
        yield
        SpendImport.objects.filter(pk=spend_import.pk).update(
            rows_done=saved.added,
            rows_total=max(estimate, saved.added) if estimate else 0,  # 0: not known
            updated_at=timezone.now(),
        )
    spend_import.rows_done = saved.added


def _row(line: PaymentLine) -> tuple:
    """A payment line as a row of ``bulk.COLUMNS`` (without the import)."""
    return (
        line.source_file[:255],
        line.sheet or "",
        line.row_number,
        line.payment_date,
        line.amount,
        line.supplier_name[:255],
        (line.category or "")[:255],
        (line.postcode or "")[:10],
        (line.company_number or "")[:20],
        line.fingerprint,
        line.invoice_date,
    )


def spend_import_paths(
    *,
    actor,
    paths: Iterable[Path],
    lenient: bool,
    contracting_authority: ContractingAuthority | None = None,
) -> list[SpendImport]:
    """Import files on disk straight away (the command line), each read as a stream: one
    SpendImport per file, made by ``contracting_authority`` (else the only one, else not
    stated)."""
    del actor  # the command line has no signed-in user; its imports show no uploader
    imports = []
    for path in paths:
        spend_import = _claim(
            filename=path.name,
            sha256=path_fingerprint(path),
            lenient=lenient,
            uploaded_by=None,
            contracting_authority=contracting_authority,
        )
        imports.append(spend_import_run(spend_import=spend_import, path=path))
    return imports


class ImportEnded(Exception):
    """The import was ended from outside while it was saving."""


def spend_import_stopped(spend_import: SpendImport, *, now: datetime | None = None) -> bool:
    """Whether a waiting or running import will never end by itself."""
    return _stop_reason(spend_import, now or timezone.now()) is not None


def _stop_reason(spend_import: SpendImport, now: datetime) -> str | None:
    """Why the import is taken as stopped, or None while it may still end by itself.

    A running import is stopped when it has not moved for ``SPEND_IMPORT_STALE_AFTER_SECONDS``
    or, for one run by the background worker, when no worker that was already running when
    it started still sends its heartbeat (a worker started since did not take it over).
    A waiting import is stopped when a worker has run for that long and not started it (its
    task was lost); while no worker runs it just waits, and its page says so.
    """
    stale_after = settings.SPEND_IMPORT_STALE_AFTER_SECONDS
    alive_since = now - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    live_workers = WorkerHeartbeat.objects.filter(stopped_at__isnull=True, seen_at__gte=alive_since)
    if spend_import.status == ImportStatus.QUEUED:
        waited_since = now - timedelta(seconds=stale_after)
        if spend_import.created_at <= waited_since and (
            live_workers.filter(started_at__lte=waited_since).exists()
        ):
            return WORKER_NEVER_STARTED
        return None
    if spend_import.status != ImportStatus.RUNNING:
        return None
    moved = spend_import.updated_at or spend_import.started_at or spend_import.created_at
    if (now - moved).total_seconds() > stale_after:
        return WORKER_STOPPED
    if not spend_import.upload:  # imported by the command line, in its own process
        return None
    started = spend_import.started_at or spend_import.created_at
    if live_workers.filter(started_at__lte=started).exists():
        return None
    return WORKER_STOPPED


def spend_imports_recover(*, pk: int | None = None, now: datetime | None = None) -> list[int]:
    """End FAILED, with the reason, every waiting or running import that will never end.

    Called when the worker starts (what a dead worker left) and when an import's page is
    opened (``pk``). Its saved batches go with the status change: nothing stays imported.
    Returns the ids of the imports ended.
    """
    now = now or timezone.now()
    unfinished = SpendImport.objects.filter(status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING))
    if pk is not None:
        unfinished = unfinished.filter(pk=pk)
    ended = []
    for candidate in unfinished:
        if _stop_reason(candidate, now) is None:
            continue
        with transaction.atomic():
            spend_import = SpendImport.objects.select_for_update().filter(pk=candidate.pk).first()
            reason = _stop_reason(spend_import, now) if spend_import else None
            if spend_import is None or reason is None:
                continue
            Payment.objects.filter(spend_import=spend_import).delete()
            _set(
                spend_import,
                status=ImportStatus.FAILED,
                message=reason,
                lines_added=0,
                total_added=Decimal("0.00"),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
            event_record(
                actor=None,
                verb=AuditEvent.SPEND_IMPORT_FAILED,
                target=spend_import,
                reason=reason,
                data={"lines_added": 0, "total_added": "0.00"},
            )
        logger.warning("Payment import %s ended: %s", candidate.pk, reason)
        ended.append(candidate.pk)
    return ended


def spend_import_delete(*, actor, spend_import: SpendImport, reason: str) -> int:
    """Delete an import and the payments it added (a wrong file); not while it runs.

    Returns the number of payments deleted. One audit event, with the reason.
    """
    _check_importer(actor)
    reason = reason.strip()
    if not reason:
        raise ValueError("Give the reason for deleting the import")
    with transaction.atomic():
        current = SpendImport.objects.select_for_update().filter(pk=spend_import.pk).first()
        if current is None:
            raise SpendImportBusy("This import was deleted already.")
        if current.status == ImportStatus.RUNNING:
            raise SpendImportBusy("This import is running: wait until it ends before deleting it.")
        deleted, _ = Payment.objects.filter(spend_import=current).delete()
        event_record(
            actor=actor,
            verb=AuditEvent.SPEND_IMPORT_DELETED,
            target=current,
            reason=reason,
            data={
                "filename": current.filename,
                "status": current.status,
                "payments_deleted": deleted,
                "total_added": str(current.total_added),
            },
        )
        if current.status == ImportStatus.DONE and deleted:
            figures_stale(reason=f"the import of {current.filename} was deleted")
        if current.upload:
            storage, name = current.upload.storage, str(current.upload.name)
            transaction.on_commit(lambda: storage.delete(name))
        current.delete()
    return deleted


class SpendImportBusy(Exception):
    """The import cannot be deleted now (it is running, or gone)."""


def spend_import_authority_set(
    *, actor, spend_import: SpendImport, contracting_authority: ContractingAuthority, reason: str
) -> SpendImport:
    """State (or correct) the contracting authority that made an import's payments, with
    the reason. One audit event with the body before and after; the figures of both bodies
    are computed again when the import's payments count."""
    _check_importer(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Say how you know which body made these payments",
            field="reason",
            code="spend_import.authority_reason_missing",
        )
    with transaction.atomic():
        current = SpendImport.objects.select_for_update().filter(pk=spend_import.pk).first()
        if current is None:
            raise DomainError("This import was deleted", code="spend_import.gone")
        if current.contracting_authority_id == contracting_authority.pk:
            raise DomainError(
                f"The payments are already recorded as made by {contracting_authority.name}",
                field="contracting_authority",
                code="spend_import.authority_unchanged",
            )
        was = current.contracting_authority
        current.contracting_authority = contracting_authority
        current.save(update_fields=["contracting_authority"])
        event_record(
            actor=actor,
            verb=AuditEvent.SPEND_IMPORT_AUTHORITY_SET,
            target=current,
            reason=reason,
            data={"from": was.name if was else "", "to": contracting_authority.name},
        )
        if current.status == ImportStatus.DONE and current.lines_added:
            figures_stale(reason=f"the body that made the payments of {current.filename} was set")
    spend_import.contracting_authority = contracting_authority
    return spend_import


# A computation queued this long ago and not started is taken as lost (its worker died
# before taking it): the next change queues another.
FIGURES_REQUEUE_AFTER = timedelta(minutes=30)


def figures_stale(*, reason: str) -> None:
    """The spend figures must be computed again (an import finished or was deleted, the
    supplier register changed): mark them out of date and queue one background computation.

    Repeated calls before it starts queue nothing more; a call while it runs queues the next
    one, so the stored figures always end up resting on the latest data. Call it inside the
    transaction of the change: the computation is queued when that commits.
    """
    from socialvalue.spend.tasks import compute_spend_figures

    now = timezone.now()
    with transaction.atomic():
        FiguresState.objects.get_or_create(pk=1)
        state = FiguresState.objects.select_for_update().get(pk=1)
        state.requested += 1
        state.reason, state.requested_at = reason[:500], now
        queue = state.queued_at is None or state.queued_at < now - FIGURES_REQUEUE_AFTER
        if queue:
            state.queued_at = now
        state.save(update_fields=["requested", "reason", "requested_at", "queued_at"])
        if queue:
            transaction.on_commit(compute_spend_figures.enqueue)


def figures_recover() -> None:
    """Queue a computation when the figures are out of date and none waits (the worker that
    had it died): called when a worker starts."""
    state = FiguresState.objects.filter(pk=1).first()
    if state is not None and state.out_of_date:
        FiguresState.objects.filter(pk=1).update(queued_at=None)
        figures_stale(reason=state.reason or "a worker started")


def _set(spend_import: SpendImport, **fields) -> None:
    for name, value in fields.items():
        setattr(spend_import, name, value)
    spend_import.save(update_fields=list(fields))


def _finish(
    spend_import: SpendImport,
    status: str,
    *,
    message: str,
    problems: list[RowError] = (),
    lines_added: int = 0,
    total_added: Decimal = Decimal("0.00"),
) -> SpendImport:
    with transaction.atomic():
        current = SpendImport.objects.select_for_update().filter(pk=spend_import.pk).first()
        if current is None or current.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return current or spend_import  # ended meanwhile: its end stands
        if status != ImportStatus.DONE:
            Payment.objects.filter(spend_import=spend_import).delete()
        now = timezone.now()
        if status == ImportStatus.DONE:  # the estimate of lines becomes the count
            _set(spend_import, rows_total=lines_added, rows_done=lines_added)
        _set(
            spend_import,
            status=status,
            updated_at=now,
            message=message,
            problems=[_problem(p) for p in list(problems)[:MAX_PROBLEMS_KEPT]],
            lines_added=lines_added,
            total_added=total_added,
            finished_at=now,
        )
        if status == ImportStatus.DONE and lines_added:
            figures_stale(reason=f"payments imported from {spend_import.filename}")
        event_record(
            actor=spend_import.uploaded_by,
            verb=AuditEvent(f"spend_import.{status}"),
            target=spend_import,
            reason=message,
            data={"lines_added": lines_added, "total_added": str(total_added)},
        )
    return spend_import


def _problem(error: RowError) -> dict:
    return {
        "file": error.source_file,
        "sheet": error.sheet or "",
        "row": error.row_number,
        "column": error.column or "",
        "letter": error.column_letter or "",
        "problem": error.problem,
    }
