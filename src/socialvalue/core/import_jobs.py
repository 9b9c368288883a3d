"""Imports that run in the background task worker, as the spend import does.

A page stores the upload as an import job (WAITING) and queues a task; the worker marks
it RUNNING, runs the app's all-or-nothing import and ends it DONE (with what was imported)
or FAILED (with every problem by row and column, or the reason it stopped). Whatever goes
wrong ends in FAILED with the reason: a job is never left RUNNING by an exception.

Each app keeps its own concrete job model (``policy.MeasureImport``,
``suppliers.SupplierImport``) built on the abstract ``ImportJob`` here, and its own task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, Problem

logger = logging.getLogger(__name__)
MAX_PROBLEMS_KEPT = 500


class JobStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class ImportJob(models.Model):
    """One uploaded file and what became of its import."""

    if TYPE_CHECKING:  # each concrete job declares its own FileField (its own folder)
        from django.db.models.fields.files import FieldFile

        upload: FieldFile

    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.WAITING)
    message = models.TextField(blank=True)
    # [{"row": 3 or None, "column": "unit", "message": "..."}], at most MAX_PROBLEMS_KEPT
    problems = models.JSONField(default=list, blank=True)
    # What was imported, for the result page: {"Measures added": ["A1", ...], ...}
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (JobStatus.WAITING, JobStatus.RUNNING)


Job = TypeVar("Job", bound=ImportJob)


@dataclass
class JobOutcome:
    """What a finished import says on its result page."""

    message: str
    result: dict[str, list[str]] = field(default_factory=dict)


def import_job_create(
    *, model: type[Job], actor, filename: str, content: bytes, verb: str, task
) -> Job:
    """Store the upload as a WAITING job and queue ``task`` (called with the job's id)."""
    with transaction.atomic():
        job = model._default_manager.create(
            filename=filename[:255],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        job.upload.save(filename, ContentFile(content), save=True)
        event_record(actor=actor, verb=AuditEvent(f"{verb}.queued"), target=job, reason=filename)
        transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def import_job_run(
    *,
    job: Job,
    verb: str,
    work: Callable[[bytes, str], JobOutcome],
) -> Job:
    """Run ``work(content, filename)`` for a job and record how it ended.

    ``work`` is the app's all-or-nothing import; a ``DomainError`` carrying ``problems``
    (row, column, message) ends the job FAILED listing them; any other exception ends it
    FAILED with the reason. The job's status is saved outside the import's transaction,
    so a failed import cannot roll its FAILED status back to RUNNING.
    """
    if job.status != JobStatus.WAITING:
        return job  # a task delivered twice does not import twice
    _set(job, status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        with job.upload.open("rb") as handle:
            content = handle.read()
        outcome = work(content, job.filename)
    except DomainError as error:
        # An import's own error lists the file's problems by row and column; any other
        # refusal is its message alone.
        problems = [_problem(p) for p in error.problems if not isinstance(p, Problem)]
        return _finish(job, verb, JobStatus.FAILED, message=error.message, problems=problems)
    except Exception as error:  # the job must end, whatever happened: the reason is shown
        logger.exception("Import job %s of %s failed", job.pk, job.filename)
        return _finish(
            job,
            verb,
            JobStatus.FAILED,
            message=f"The import stopped with an unexpected error, so nothing was imported "
            f"({type(error).__name__}: {error}).",
        )
    return _finish(job, verb, JobStatus.DONE, message=outcome.message, result=outcome.result)


def _set(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def _problem(problem) -> dict:
    return {
        "row": getattr(problem, "row", None),
        "column": getattr(problem, "column", ""),
        "message": getattr(problem, "message", str(problem)),
    }


def _finish(
    job: Job,
    verb: str,
    status: str,
    *,
    message: str,
    problems: Sequence[dict] = (),
    result: dict | None = None,
) -> Job:
    problem_list = list(problems)
    with transaction.atomic():
        _set(
            job,
            status=status,
            message=message,
            problems=problem_list[:MAX_PROBLEMS_KEPT],
            result=result or {},
            finished_at=timezone.now(),
        )
        event_record(
            actor=job.uploaded_by,
            verb=AuditEvent(f"{verb}.{status}"),
            target=job,
            reason=message,
            data={"problems": len(problem_list), **{k: len(v) for k, v in (result or {}).items()}},
        )
    return job
