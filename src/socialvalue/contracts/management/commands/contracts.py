"""``socialvalue contracts remind``: e-mail suppliers whose returns are overdue (at most
once a day per return). Schedule it daily, e.g. from cron, or enqueue
``socialvalue.contracts.tasks.send_return_reminders``."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from socialvalue.contracts.services import reminders_send


class Command(BaseCommand):
    help = "Contracts: 'remind' e-mails suppliers about overdue social value returns."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--today", help="the date to check as (YYYY-MM-DD), for testing")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date like 2026-07-31") from error
        sent = reminders_send(today=today)
        for reminder in sent:
            self.stdout.write(
                f"{reminder.contract.reference} return {reminder.period_number}: "
                f"reminded {reminder.recipients}"
            )
        self.stdout.write(f"{len(sent)} reminder(s) sent")
