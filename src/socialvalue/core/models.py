"""The one table of the core app: when each background worker was last seen alive."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """A ``socialvalue db_worker`` process, refreshed while it runs (see core/heartbeat.py).

    Operational state, not a business record: it has no history and no audit events.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.hostname} (pid {self.pid})"


class DailyRun(models.Model):
    """One daily task enqueued for one day by a worker (see core/daily.py): the unique pair
    is what stops a second worker, or a restarted one, from enqueuing it again that day.

    Operational state, not a business record: the tasks audit what they change themselves.
    """

    task = models.CharField(max_length=200)
    day = models.DateField()
    enqueued_at = models.DateTimeField()
    result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-day", "task"]
        constraints = [
            models.UniqueConstraint(fields=["task", "day"], name="one_daily_run_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.task} on {self.day}"
