"""``socialvalue demo``: load the Lancashire demo organisation, policy and users.

Safe to run twice: every loader updates what exists instead of adding copies. Each app that
has demo data provides ``socialvalue.<app>.demo.load(stdout)``; they run in the order of
INSTALLED_APPS, so later apps can use what earlier ones loaded.

The demo's dates are relative to the day it is loaded (``--today``, the real today by
default): its story, written for ``domain.demo_dates.REFERENCE_DAY``, is moved forward by the
whole years since then, and its payments into the latest complete financial year and the
current one (``core.demo_clock``, ``spend.demo``). Run on the same day twice, it adds nothing.
"""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from socialvalue.core.demo_clock import demo_loading


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today {text!r} is not a date: write it as 2026-11-30") from error


class Command(BaseCommand):
    help = "Load (or refresh) the Lancashire demo data and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (never on a production database).",
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="Tell the demo as on this day (default: today): its dates are moved to that "
            "day's years. Dates the service checks against its clock stay relative to it.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo users have known passwords; "
                "use --force only on a test copy."
            )
        today = options.get("today")
        if isinstance(today, str):  # call_command(today="2026-11-30") skips the parser
            today = _day(today)
        with transaction.atomic(), demo_loading(today) as calendar:
            for config in apps.get_app_configs():
                if not config.name.startswith("socialvalue."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded, told as on {calendar.today:%d %B %Y} "
                f"(dates moved {calendar.years} years from the story of "
                f"{calendar.reference:%d %B %Y})."
            )
        )
