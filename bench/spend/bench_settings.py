"""Settings for the storage benchmark (store.py): the test suite's, with no task runner (the
figures are computed by the benchmark itself, timed on their own) and no import line limit
below 10 million. The database comes from DATABASE_URL, as always."""

import os

os.environ.setdefault("SPEND_IMPORT_MAX_ROWS", "20000000")
os.environ.setdefault("SPEND_IMPORT_STALE_AFTER_SECONDS", "86400")

from socialvalue.config.settings_test import *  # noqa: E402,F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
