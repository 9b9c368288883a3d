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
