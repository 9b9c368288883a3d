"""Importing payment files: all-or-nothing by default, the same file never counted twice."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from socialvalue.analytics.reader import (
    Payment as PaymentLine,
)
from socialvalue.analytics.reader import (
    PaymentFileError,
    RowError,
    file_fingerprint,
    read_payments,
    unreadable_file_message,
)
from socialvalue.audit.services import event_record
from socialvalue.spend.models import ImportStatus, Payment, SpendImport

logger = logging.getLogger(__name__)
SAVE_BATCH = 2000
MAX_PROBLEMS_KEPT = 500


def spend_import_create(*, actor, filename: str, content: bytes, lenient: bool) -> SpendImport:
    """Store an uploaded file and queue its import in the background task worker."""
    from socialvalue.spend.tasks import run_spend_import

    with transaction.atomic():
        spend_import = SpendImport.objects.create(
            filename=filename,
            sha256=file_fingerprint(content),
            lenient=lenient,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        spend_import.upload.save(filename, ContentFile(content), save=True)
        event_record(actor=actor, verb="spend_import.queued", target=spend_import)
        transaction.on_commit(lambda: run_spend_import.enqueue(spend_import.pk))
    return spend_import


def spend_import_run(*, spend_import: SpendImport, content: bytes | None = None) -> SpendImport:
    """Read the file and save its payments, or nothing when strict and any line is bad.

    A file whose content was imported before adds nothing and says so. Whatever goes wrong
    ends the import "Not imported" with the reason: it is never left waiting or importing.
    """
    try:
        return _run(spend_import, content)
    except Exception as error:  # the payments were saved in one transaction: none are kept
        logger.exception("Payment import %s of %s failed", spend_import.pk, spend_import.filename)
        return _finish(
            spend_import,
            ImportStatus.FAILED,
            message="The import stopped with an unexpected error, so nothing was imported "
            f"({type(error).__name__}: {error}).",
        )


def _run(spend_import: SpendImport, content: bytes | None) -> SpendImport:
    if content is None:
        with spend_import.upload.open("rb") as handle:
            content = handle.read()
    earlier = SpendImport.objects.filter(sha256=spend_import.sha256, status=ImportStatus.DONE)
    earlier = earlier.exclude(pk=spend_import.pk).first()
    if earlier is not None:
        return _finish(
            spend_import,
            ImportStatus.FAILED,
            message=f"This file was already imported on {earlier.created_at:%d %B %Y} "
            f"({earlier.filename}): nothing was added.",
        )
    _set(spend_import, status=ImportStatus.RUNNING)
    try:
        result = read_payments([(spend_import.filename, content)], lenient=spend_import.lenient)
    except PaymentFileError as error:
        return _finish(
            spend_import,
            ImportStatus.FAILED,
            problems=error.errors,
            message=unreadable_file_message(error.errors)
            or f"{len(error.errors)} lines could not be read, so nothing was imported. "
            "Correct them, or import again choosing to skip unreadable lines.",
        )
    unreadable = None if result.payments else unreadable_file_message(result.errors)
    if unreadable:  # lenient, but there were no lines to skip to: the file itself is wrong
        return _finish(
            spend_import, ImportStatus.FAILED, problems=result.errors, message=unreadable
        )
    lines_read = len(result.payments) + len(result.errors)
    limit = settings.SPEND_IMPORT_MAX_ROWS
    if lines_read > limit:
        return _finish(
            spend_import,
            ImportStatus.FAILED,
            message=f"{spend_import.filename} has {lines_read:,} payment lines, over the limit of "
            f"{limit:,} a file (SPEND_IMPORT_MAX_ROWS): nothing was imported. Split it into "
            "smaller files, for example one a month.",
        )
    _set(spend_import, rows_total=len(result.payments))
    added, total = _save_payments(spend_import, result.payments)
    note = f"{added} payments added, £{total:,.2f} in all."
    if result.errors:
        note += f" {len(result.errors)} unreadable lines were skipped (listed below)."
    return _finish(
        spend_import,
        ImportStatus.DONE,
        problems=result.errors,
        message=note,
        lines_added=added,
        total_added=total,
    )


def spend_import_files(*, actor, named_contents: Iterable[tuple[str, bytes]], lenient: bool):
    """Import files straight away (the command line): one SpendImport per file."""
    imports = []
    for filename, content in named_contents:
        spend_import = SpendImport.objects.create(
            filename=filename, sha256=file_fingerprint(content), lenient=lenient
        )
        imports.append(spend_import_run(spend_import=spend_import, content=content))
    return imports


def _save_payments(spend_import: SpendImport, lines: list[PaymentLine]) -> tuple[int, Decimal]:
    added, total = 0, Decimal("0.00")
    with transaction.atomic():
        known = set(
            Payment.objects.filter(fingerprint__in=[p.fingerprint for p in lines]).values_list(
                "fingerprint", flat=True
            )
        )
        fresh = [p for p in lines if p.fingerprint not in known]
        for start in range(0, len(fresh), SAVE_BATCH):
            batch = [_payment(spend_import, p) for p in fresh[start : start + SAVE_BATCH]]
            Payment.objects.bulk_create(batch)
            added += len(batch)
            total += sum((p.amount for p in batch), Decimal("0.00"))
            # Progress is for the person watching the page; it commits with the rows.
            SpendImport.objects.filter(pk=spend_import.pk).update(rows_done=added)
    return added, total


def _payment(spend_import: SpendImport, line: PaymentLine) -> Payment:
    return Payment(
        spend_import=spend_import,
        source_file=line.source_file,
        sheet=line.sheet or "",
        row_number=line.row_number,
        payment_date=line.payment_date,
        amount=line.amount,
        supplier_name=line.supplier_name[:255],
        category=(line.category or "")[:255],
        supplier_postcode=line.postcode or "",
        supplier_company_number=line.company_number or "",
        fingerprint=line.fingerprint,
    )


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
        _set(
            spend_import,
            status=status,
            message=message,
            problems=[_problem(p) for p in list(problems)[:MAX_PROBLEMS_KEPT]],
            lines_added=lines_added,
            total_added=total_added,
            finished_at=timezone.now(),
        )
        event_record(
            actor=spend_import.uploaded_by,
            verb=f"spend_import.{status}",
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
