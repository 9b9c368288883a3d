"""Is a background worker running? Its heartbeat, written by ``socialvalue db_worker``.

The worker (core/management/commands/db_worker.py, django-tasks' worker with a heartbeat)
records one row when it starts, refreshes it every ``WORKER_HEARTBEAT_SECONDS`` from a side
thread (so a long import does not make it look dead) and marks it stopped when it ends.
``/healthz`` and the pages that wait for the worker read :func:`worker_status`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connections
from django.dispatch import Signal
from django.utils import timezone

from socialvalue.core.daily import enqueue_daily_tasks
from socialvalue.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Sent by ``socialvalue db_worker`` once it has recorded its first heartbeat, before it takes
# any task: apps connect to it to end what a worker that died left running (spend/apps.py).
worker_started = Signal()

START_HINT = "start one with `socialvalue db_worker` (`make run` starts one in development)"


@dataclass(frozen=True)
class WorkerStatus:
    ok: bool
    detail: str  # plain English, safe to show to anyone
    last_seen: datetime | None = None


def worker_status(*, now: datetime | None = None) -> WorkerStatus:
    """Whether a worker has sent a heartbeat within ``WORKER_STALE_AFTER_SECONDS``."""
    now = now or timezone.now()
    stale_after = settings.WORKER_STALE_AFTER_SECONDS
    latest = WorkerHeartbeat.objects.filter(stopped_at__isnull=True).first()
    if latest is not None:
        age = int((now - latest.seen_at).total_seconds())
        if age <= stale_after:
            return WorkerStatus(True, f"a worker sent a heartbeat {age} s ago", latest.seen_at)
        return WorkerStatus(
            False,
            f"the last heartbeat of a worker was {age} s ago (more than {stale_after} s); "
            f"{START_HINT}",
            latest.seen_at,
        )
    stopped = WorkerHeartbeat.objects.first()
    if stopped is not None:
        return WorkerStatus(
            False,
            f"the last worker stopped at {timezone.localtime(stopped.stopped_at):%Y-%m-%d %H:%M}; "
            f"{START_HINT}",
            stopped.seen_at,
        )
    return WorkerStatus(False, f"no background worker has been seen; {START_HINT}")


def record_heartbeat(worker_id: str) -> None:
    """Write that this process (the worker ``worker_id``) is alive now."""
    now = timezone.now()
    beat, created = WorkerHeartbeat.objects.get_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(seen_at=now, stopped_at=None)
    # Rows of workers gone for a day are of no use to anyone.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def record_stopped(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


class HeartbeatThread(threading.Thread):
    """Refreshes the worker's heartbeat every ``interval`` seconds until :meth:`stop`, and
    enqueues the day's daily tasks when they are due (core/daily.py)."""

    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                record_heartbeat(self.worker_id)
                enqueue_daily_tasks()
            except DatabaseError:
                logger.warning("Could not record the worker's heartbeat", exc_info=True)
            finally:
                connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=5)
