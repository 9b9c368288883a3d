"""``socialvalue devserver [ADDRESS]``: development's web server and background worker together.

``make run`` uses it. It starts ``runserver ADDRESS`` and ``db_worker`` (each reloads on code
changes); Ctrl+C (SIGINT) or SIGTERM stops both, and if either ends the other is stopped too.
Each runs in its own process group so that its reloader's child process is stopped with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Run the development web server and the background worker; Ctrl+C stops both."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "address", nargs="?", default="127.0.0.1:8000", help="e.g. 127.0.0.1:8080"
        )

    def handle(self, *args, **options):
        command = [sys.executable, "-m", "socialvalue.cli"]
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        processes = {
            "background worker": subprocess.Popen(  # noqa: S603 - our own command
                [*command, "db_worker", "--verbosity", "0"], start_new_session=True
            ),
            "web server": subprocess.Popen(  # noqa: S603 - our own command
                [*command, "runserver", options["address"]], start_new_session=True
            ),
        }
        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.2)
        ended = [name for name, p in processes.items() if p.poll() is not None]
        for process in processes.values():
            _signal_group(process, signal.SIGINT)
        deadline = time.monotonic() + GRACE_SECONDS
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        # Each reloader's child ends after its parent: wait for the whole groups.
        for process in processes.values():
            while _group_alive(process) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _group_alive(process):
                _signal_group(process, signal.SIGKILL)
        if not stopping and ended:
            raise CommandError(f"the {' and the '.join(ended)} stopped, so both were stopped")
        self.stdout.write("Stopped the web server and the background worker.")


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _group_alive(process: subprocess.Popen) -> bool:
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True
