"""Background work of the contracts app (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_return_reminders() -> int:
    """E-mail suppliers about overdue returns; returns how many reminders went."""
    from socialvalue.contracts.services import reminders_send

    return len(reminders_send())
