"""The tasks a worker enqueues once a day: return reminders, the red flags.

``socialvalue db_worker`` checks on each heartbeat (core/heartbeat.py): once the local time
is past ``DAILY_TASKS_AT``, each task of ``DAILY_TASKS`` not yet enqueued today is enqueued,
and the same worker or another takes it like any other task. A ``DailyRun`` row per task and
day makes it once a day however many workers run or restart; a worker that was down all
morning enqueues the day's run when it starts. No cron is needed, and
``socialvalue contracts remind`` and the flags page's button still run them at any time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from socialvalue.core.models import DailyRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enqueued:
    task: str
    result_id: str


def daily_tasks_at() -> time:
    """``DAILY_TASKS_AT`` ("HH:MM", local time) as a time."""
    return time.fromisoformat(settings.DAILY_TASKS_AT)


def enqueue_daily_tasks(*, now: datetime | None = None) -> list[Enqueued]:
    """Enqueue each daily task not yet enqueued today, once the day's hour has come."""
    local = timezone.localtime(now or timezone.now())
    if local.time() < daily_tasks_at():
        return []
    enqueued = []
    for path in settings.DAILY_TASKS:
        if DailyRun.objects.filter(task=path, day=local.date()).exists():
            continue
        try:
            with transaction.atomic():
                run = DailyRun.objects.create(task=path, day=local.date(), enqueued_at=local)
                result = import_string(path).enqueue()
                run.result_id = str(result.id)[:64]
                run.save(update_fields=["result_id"])
        except IntegrityError:
            continue  # another worker enqueued it a moment ago
        logger.info("Enqueued the daily task %s for %s", path, local.date())
        enqueued.append(Enqueued(path, run.result_id))
    return enqueued


@dataclass(frozen=True)
class DailyTasksStatus:
    ok: bool
    detail: str


def daily_tasks_status(*, now: datetime | None = None) -> DailyTasksStatus:
    """Whether each daily task was enqueued for the last day it was due and did not fail:
    for /healthz, which reports it without counting it (a missed reminder must not take the
    pages out of a load balancer, but a monitor should see it)."""
    local = timezone.localtime(now or timezone.now())
    due = local.date() if local.time() >= daily_tasks_at() else local.date() - timedelta(days=1)
    late, failed = [], []
    for path in settings.DAILY_TASKS:
        run = DailyRun.objects.filter(task=path, day__gte=due).order_by("-day").first()
        if run is None:
            late.append(_name(path))
        elif _failed(path, run.result_id):
            failed.append(_name(path))
    if not late and not failed:
        return DailyTasksStatus(True, f"each daily task was enqueued for {_day(due)}")
    parts = []
    if late:
        parts.append(f"not enqueued for {_day(due)}: {', '.join(late)}")
    if failed:
        parts.append(f"failed on its last run: {', '.join(failed)}")
    return DailyTasksStatus(False, "; ".join(parts))


def _failed(path: str, result_id: str) -> bool:
    """True when the run's result says it failed; a result the backend does not keep (the
    immediate backend, or one pruned) is not taken as a failure."""
    if not result_id:
        return False
    try:
        result = import_string(path).get_result(result_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):
        return False
    return result.status == TaskResultStatus.FAILED


def _name(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _day(day: date) -> str:
    return day.isoformat()
