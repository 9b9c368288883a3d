"""The worker's daily tasks (core/daily.py): enqueued once a day from DAILY_TASKS_AT on."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django_tasks import task

from socialvalue.core.daily import daily_tasks_status, enqueue_daily_tasks
from socialvalue.core.models import DailyRun
from socialvalue.flags.models import FlagRun

LONDON = ZoneInfo("Europe/London")
TASKS = [
    "socialvalue.contracts.tasks.send_return_reminders",
    "socialvalue.flags.tasks.compute_flags",
]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def test_nothing_is_enqueued_before_the_hour(db, settings):
    settings.DAILY_TASKS_AT = "06:00"
    assert enqueue_daily_tasks(now=_at(30, 5, 59)) == []
    assert not DailyRun.objects.exists()


def test_each_task_is_enqueued_once_a_day(db, settings):
    settings.DAILY_TASKS_AT = "06:00"
    first = enqueue_daily_tasks(now=_at(30, 6, 0))
    assert sorted(e.task for e in first) == TASKS
    # Every heartbeat asks again; the rest of the day nothing more goes.
    assert (
        enqueue_daily_tasks(
            now=_at(
                30,
                6,
                0,
            )
            + timedelta(seconds=15)
        )
        == []
    )
    assert enqueue_daily_tasks(now=_at(30, 23, 59)) == []
    next_day = enqueue_daily_tasks(now=datetime(2026, 12, 1, 6, 1, tzinfo=LONDON))
    assert len(next_day) == 2
    assert DailyRun.objects.count() == 4


def test_a_worker_that_starts_late_still_runs_the_day(db, settings):
    settings.DAILY_TASKS_AT = "06:00"
    assert len(enqueue_daily_tasks(now=_at(30, 17, 30))) == 2


def test_the_day_is_the_local_day(db, settings):
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC: the run belongs to 1 July.
    settings.DAILY_TASKS_AT = "00:15"
    enqueue_daily_tasks(now=datetime(2026, 7, 1, 0, 30, tzinfo=LONDON))
    assert {run.day.isoformat() for run in DailyRun.objects.all()} == {"2026-07-01"}


def test_the_enqueued_tasks_run(demo, settings):
    # The suite's task backend runs a task when it is enqueued, as a worker would later.
    settings.DAILY_TASKS_AT = "06:00"
    runs_before = FlagRun.objects.count()
    enqueue_daily_tasks(now=_at(30, 7))
    assert FlagRun.objects.count() == runs_before + 1


def test_the_status_says_which_task_was_not_enqueued_for_its_day(db, settings):
    settings.DAILY_TASKS_AT = "06:00"
    before = daily_tasks_status(now=_at(30, 5))
    assert not before.ok
    assert before.detail == ("not enqueued for 2026-11-29: send_return_reminders, compute_flags")
    enqueue_daily_tasks(now=_at(30, 6))
    assert daily_tasks_status(now=_at(30, 7)).ok
    # Until the next day's hour, the day's runs are the last due.
    assert daily_tasks_status(now=datetime(2026, 12, 1, 5, 59, tzinfo=LONDON)).ok
    late = daily_tasks_status(now=datetime(2026, 12, 1, 6, 30, tzinfo=LONDON))
    assert late.detail.startswith("not enqueued for 2026-12-01")


@task()
def always_fails() -> None:
    raise RuntimeError("the daily task failed")


@pytest.mark.django_db(transaction=True)
def test_the_status_says_a_daily_task_failed(settings):
    # The production task backend keeps results; a worker runs the day's task and it fails.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    settings.DAILY_TASKS = ["tests.core.test_daily.always_fails"]
    settings.DAILY_TASKS_AT = "00:00"
    enqueue_daily_tasks()
    assert daily_tasks_status().ok  # enqueued, not yet run
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO())
    status = daily_tasks_status()
    assert not status.ok
    assert status.detail == "failed on its last run: always_fails"


@pytest.mark.parametrize(
    ("setting", "value", "code"),
    [
        ("DAILY_TASKS_AT", "25:00", "socialvalue.E002"),
        ("DAILY_TASKS_AT", "six", "socialvalue.E002"),
        ("DAILY_TASKS", ["socialvalue.flags.tasks.no_such_task"], "socialvalue.E003"),
    ],
)
def test_a_wrong_setting_stops_the_commands_with_its_name(settings, setting, value, code):
    setattr(settings, setting, value)
    with pytest.raises(SystemCheckError, match=code):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
