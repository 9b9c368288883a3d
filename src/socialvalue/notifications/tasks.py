"""Background work of the notifications app (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the notifications that their people want by e-mail (one e-mail each);
    returns how many went."""
    from socialvalue.notifications.services import emails_send

    return emails_send(notification_ids)
