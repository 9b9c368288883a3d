"""Reads of notifications: a person's list and unread count, what they chose, and who is
told about what (the recipients other apps' services pass to ``services.notify``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from socialvalue.accounts.models import User
from socialvalue.notifications.models import (
    KIND_PERMISSIONS,
    CategoryInterest,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from socialvalue.suppliers.models import Supplier


def notifications_of(user) -> QuerySet[Notification]:
    """The notifications shown to ``user`` in the service, newest first."""
    return Notification.objects.filter(user=user, in_service=True)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_of(user).filter(read_at__isnull=True).count()


def kinds_offered(user) -> list[NotificationKind]:
    """The kinds ``user`` may receive (their role's), in the settings page's order."""
    return [kind for kind in NotificationKind if user.has_perm(KIND_PERMISSIONS[kind])]


def preferences_of(user) -> dict[str, tuple[bool, bool]]:
    """Kind -> (by e-mail, in the service) for every kind offered to ``user``; both on
    unless they chose otherwise."""
    chosen = {
        p.kind: (p.by_email, p.in_service) for p in NotificationPreference.objects.filter(user=user)
    }
    return {kind: chosen.get(kind, (True, True)) for kind in kinds_offered(user)}


def categories_of(supplier: Supplier | None) -> list[str]:
    """The categories a supplier organisation chose (none: it hears of every tender)."""
    if supplier is None:
        return []
    return list(
        CategoryInterest.objects.filter(supplier=supplier).values_list("category", flat=True)
    )


def supplier_users(supplier: Supplier | int) -> QuerySet[User]:
    """The active users of one supplier organisation: they, and only they, are told about
    its bids, returns and contracts."""
    supplier_id = supplier if isinstance(supplier, int) else supplier.pk
    return User.objects.filter(is_active=True, supplier_id=supplier_id).order_by("pk")


def users_interested_in(category: str) -> QuerySet[User]:
    """Users of the supplier organisations that chose ``category``, or chose none (an
    organisation that has not chosen hears about every published tender)."""
    return (
        User.objects.filter(is_active=True, supplier__isnull=False)
        .filter(
            Q(supplier__categories_of_interest__category=category)
            | Q(supplier__categories_of_interest__isnull=True)
        )
        .distinct()
        .order_by("pk")
    )


def users_bidding_on(tender) -> QuerySet[User]:
    """Active users of every supplier organisation with a bid on ``tender`` (a draft,
    submitted or withdrawn one): those told of a clarification or a new deadline. For an
    outcome, tell each bidder about its own bid with ``supplier_users(bid.supplier_id)``."""
    return (
        User.objects.filter(is_active=True, supplier__bids__tender=tender).distinct().order_by("pk")
    )


def users_with_permission(permission: str, *, excluding=None) -> list[User]:
    """Active staff users who have ``permission`` (a rules permission), for notices to the
    people who may act: a variation to approve goes to those who may decide it."""
    staff = User.objects.filter(is_active=True, supplier__isnull=True).order_by("pk")
    if excluding is not None:
        staff = staff.exclude(pk=excluding.pk)
    return [user for user in staff if user.has_perm(permission)]


def already_notified(*, kind: str, target, key: str) -> bool:
    """Whether a notice sent once (``key``) about ``target`` has gone already."""
    from django.contrib.contenttypes.models import ContentType

    return Notification.objects.filter(
        kind=kind,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        key=key,
    ).exists()
