"""System checks of this project's own settings (``socialvalue check``; ``--deploy`` adds
the production ones)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

from socialvalue.core.links import site_url_problem


@register()
def check_site_url_format(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    value = settings.SITE_URL
    problem = site_url_problem(value) if value else None
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint="For example SITE_URL=https://socialvalue.example.org",
            id="socialvalue.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    value = settings.SITE_URL
    if not value:
        return [
            Warning(
                "SITE_URL is not set: links in e-mails (return reminders) have no site address.",
                hint="Set SITE_URL to the site's public address, e.g. "
                "https://socialvalue.example.org",
                id="socialvalue.W001",
            )
        ]
    if value.startswith("http://"):
        return [
            Warning(
                f"SITE_URL {value!r} is not HTTPS: links in e-mails would leave the secure site.",
                hint="Use the https:// address the site is served on.",
                id="socialvalue.W002",
            )
        ]
    return []


@register()
def check_daily_tasks(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The worker's daily tasks (core/daily.py): a readable hour and tasks that exist."""
    errors = []
    try:
        time.fromisoformat(settings.DAILY_TASKS_AT)
    except (TypeError, ValueError):
        errors.append(
            Error(
                f"DAILY_TASKS_AT {settings.DAILY_TASKS_AT!r} is not a time of day.",
                hint="Give the local time the worker enqueues the daily tasks, e.g. 06:00",
                id="socialvalue.E002",
            )
        )
    for path in settings.DAILY_TASKS:
        try:
            import_string(path).enqueue  # noqa: B018  (a task has enqueue)
        except (ImportError, AttributeError):
            errors.append(
                Error(
                    f"DAILY_TASKS names {path!r}, which is not a task.",
                    hint="Each entry is the dotted path of a function decorated with @task().",
                    id="socialvalue.E003",
                )
            )
    return errors
