"""Background work of the contracts app (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_return_reminders() -> int:
    """Tell suppliers about returns that have become due (once each) and returns overdue
    (once a day each); returns how many notices went. Run it daily."""
    from socialvalue.contracts.services import due_notices_send, reminders_send

    return len(due_notices_send()) + len(reminders_send())
