"""Notifications: ``notify`` (called by other apps' services inside their own transaction),
sending the e-mails (the background worker), and what a person does with their
notifications: reading them and choosing which they get and how.

Reading a notification is not audited: it changes nothing but the reader's own list. A
change of someone's choices, and of the tender categories a supplier hears about, is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed, Problem, permission_check
from socialvalue.core.links import absolute_url
from socialvalue.notifications import selectors
from socialvalue.notifications.models import (
    KIND_PERMISSIONS,
    CategoryInterest,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from socialvalue.procurement.models import Category

logger = logging.getLogger(__name__)


def notify(
    *,
    kind: NotificationKind,
    users: Iterable,
    title: str,
    body: str,
    path: str,
    target: models.Model | None = None,
    key: str = "",
) -> list[Notification]:
    """Tell ``users`` something, each the way they chose for ``kind``: a row on their
    Notifications page and, once the caller's transaction commits, an e-mail sent by the
    background worker. ``path`` is a path of this site (``reverse(...)``); the link is made
    absolute with ``SITE_URL``. ``key`` names a notice sent once (see
    ``selectors.already_notified``).

    Only active users who may receive ``kind`` (``KIND_PERMISSIONS``) are told, whatever the
    caller passes. The title and body must not carry anything a recipient may not read
    (bid content, prices, other bidders' names before the deadline); the callers choose
    their words for that. Returns the rows made."""
    kind = NotificationKind(kind)
    link = absolute_url(path)
    people = _recipients(kind, users)
    chosen = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user__in=[u.pk for u in people], kind=kind)
    }
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    rows = []
    for user in people:
        preference = chosen.get(user.pk)
        in_service = preference.in_service if preference else True
        by_email = (preference.by_email if preference else True) and bool(user.email)
        if not (in_service or by_email):
            continue
        rows.append(
            Notification(
                user=user,
                kind=kind,
                title=title[:200],
                body=body,
                link=link,
                target_type=target_type,
                target_id=str(target.pk) if target is not None else "",
                key=key,
                in_service=in_service,
                by_email=by_email,
            )
        )
    Notification.objects.bulk_create(rows)
    to_email = [row.pk for row in rows if row.by_email]
    if to_email:
        from socialvalue.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(to_email))
    return rows


def _recipients(kind: NotificationKind, users: Iterable) -> list:
    """Each user once, active and allowed to receive ``kind``."""
    permission = KIND_PERMISSIONS[kind]
    seen: dict[int, object] = {}
    for user in users:
        if user.pk in seen or not user.is_active or not user.has_perm(permission):
            continue
        seen[user.pk] = user
    return list(seen.values())


# --- e-mails (the background worker) -------------------------------------------------------


def _email_text(notification: Notification) -> str:
    settings_link = absolute_url(reverse("notifications:settings"))
    return (
        f"{notification.body}\n\n"
        f"{notification.link}\n\n"
        "--\n"
        "You get this e-mail because of your notification settings. "
        f"To choose which notifications you get, and how: {settings_link}\n"
    )


def emails_send(notification_ids: Iterable[int]) -> int:
    """Send each notification that its person wants by e-mail, once: a notification is
    claimed (``emailed_at`` set) before it is sent, so a task run twice does not send it
    twice, and released again if sending fails (the error is raised for the worker's log).
    No acting user: the background worker runs it for notices their services made."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=list(notification_ids), by_email=True, emailed_at__isnull=True
    ).select_related("user"):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.user.email:
            continue
        try:
            send_mail(
                notification.title, _email_text(notification), None, [notification.user.email]
            )
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            logger.exception("Notification %s was not e-mailed", notification.pk)
            raise
        sent += 1
    return sent


# --- a person's own notifications ----------------------------------------------------------


def _check_reader(actor) -> None:
    permission_check(actor, "notifications.view_own", "Sign in to read your notifications")


def notification_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read (not audited: see the module)."""
    _check_reader(actor)
    if notification.user_id != actor.pk:
        raise NotAllowed("This is not your notification", code="notification.not_own")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    _check_reader(actor)
    return (
        selectors.notifications_of(actor)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )


@dataclass(frozen=True)
class Channels:
    """How a person wants one kind of notification."""

    by_email: bool
    in_service: bool


@transaction.atomic
def preferences_save(*, actor, choices: Mapping[str, Channels]) -> list[str]:
    """Record how the actor wants each kind (the kinds their role is offered); returns the
    kinds whose choice changed."""
    _check_reader(actor)
    offered = set(selectors.kinds_offered(actor))
    unknown = [kind for kind in choices if kind not in offered]
    if unknown:
        raise DomainError(
            "Choose only the notifications offered to you",
            problems=[
                Problem("notification.kind_not_offered", f"{kind} is not offered to you", None)
                for kind in unknown
            ],
        )
    current = selectors.preferences_of(actor)
    changed = []
    for kind, channels in choices.items():
        if current[kind] == (channels.by_email, channels.in_service):
            continue
        NotificationPreference.objects.update_or_create(
            user=actor,
            kind=kind,
            defaults={"by_email": channels.by_email, "in_service": channels.in_service},
        )
        changed.append(kind)
    if changed:
        event_record(
            actor=actor,
            verb=AuditEvent.NOTIFICATION_PREFERENCES_CHANGED,
            target=actor,
            data={
                kind: {
                    "by_email": choices[kind].by_email,
                    "in_service": choices[kind].in_service,
                }
                for kind in changed
            },
        )
    return changed


@transaction.atomic
def categories_choose(*, actor, categories: Iterable[str]) -> list[str]:
    """Set the tender categories the actor's supplier organisation hears about when a tender
    is published (none: every tender). Returns the categories now chosen."""
    permission_check(
        actor,
        "notifications.choose_categories",
        "Only a supplier's users choose the categories their organisation hears about",
    )
    wanted = sorted(set(categories))
    unknown = [c for c in wanted if c not in Category.values]
    if unknown:
        raise DomainError(
            f"Choose categories from the list ({', '.join(unknown)} is not one)",
            code="categories.unknown",
            field="categories",
        )
    supplier = actor.supplier
    before = selectors.categories_of(supplier)
    if sorted(before) == wanted:
        return wanted
    CategoryInterest.objects.filter(supplier=supplier).exclude(category__in=wanted).delete()
    for category in wanted:
        CategoryInterest.objects.get_or_create(supplier=supplier, category=category)
    event_record(
        actor=actor,
        verb=AuditEvent.SUPPLIER_CATEGORIES_CHOSEN,
        target=supplier,
        data={"from": sorted(before), "to": wanted},
    )
    return wanted
