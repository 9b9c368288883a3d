"""``socialvalue contracts remind``: tell suppliers whose returns have become due (once per
return) or are overdue (at most once a day per return), in the service and by e-mail as each
user chose. The background worker enqueues
``socialvalue.contracts.tasks.send_return_reminders`` once a day by itself (core/daily.py);
this command runs the same at any time."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from socialvalue.contracts.services import due_notices_send, reminders_send


class Command(BaseCommand):
    help = "Contracts: 'remind' tells suppliers about social value returns due and overdue."

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
        for notice in due_notices_send(today=today):
            self.stdout.write(
                f"{notice.contract.reference} return {notice.period_number}: "
                f"due by {notice.due_on:%-d %B %Y}"
            )
        sent = reminders_send(today=today)
        for reminder in sent:
            self.stdout.write(
                f"{reminder.contract.reference} return {reminder.period_number}: "
                f"reminded {reminder.recipients}"
            )
        self.stdout.write(f"{len(sent)} reminder(s) sent")
