"""``socialvalue db_worker``: django-tasks' database worker, with a heartbeat for /healthz.

Same options as django-tasks-db's command (``socialvalue db_worker --help``). It takes the
place of that command because ``socialvalue.core`` is listed before ``django_tasks_db`` in
INSTALLED_APPS (see the "Operations" block of config/settings.py).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from socialvalue.core.heartbeat import (
    HeartbeatThread,
    record_heartbeat,
    record_stopped,
    worker_started,
)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker (imports, reports, reminders); it records a heartbeat "
        "that /healthz and the waiting pages read."
    )

    def handle(self, *args, **options) -> None:
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches the files; its child is the worker.
            return super().handle(*args, **options)
        worker_id = options["worker_id"]
        record_heartbeat(worker_id)
        worker_started.send(sender=self.__class__, worker_id=worker_id)
        beat = HeartbeatThread(worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            beat.stop()
            record_stopped(worker_id)
