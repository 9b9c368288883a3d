"""``socialvalue demo``: load the Lancashire demo organisation, policy and users.

Safe to run twice: every loader updates what exists instead of adding copies. Each app that
has demo data provides ``socialvalue.<app>.demo.load(stdout)``; they run in the order of
INSTALLED_APPS, so later apps can use what earlier ones loaded.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load (or refresh) the Lancashire demo data and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (never on a production database).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo users have known passwords; "
                "use --force only on a test copy."
            )
        with transaction.atomic():
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
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
