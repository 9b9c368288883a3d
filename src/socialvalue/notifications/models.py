"""Notifications: what the service tells a person (in the service and by e-mail), the kinds
each person chose, and the tender categories a supplier organisation wants to hear about."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from socialvalue.procurement.models import Category
from socialvalue.suppliers.models import Supplier


class NotificationKind(models.TextChoices):
    """Every kind of notification, in the words of the settings page."""

    TENDER_PUBLISHED = "tender_published", "A tender is published"
    QUESTION_ANSWERED = "question_answered", "A question about a tender is answered"
    DEADLINE_CHANGED = "deadline_changed", "The deadline for bids of a tender changes"
    BID_RECEIPT = "bid_receipt", "Your bid is received"
    OUTCOME = "outcome", "The outcome of a tender you bid for"
    RETURN_DUE = "return_due", "A social value return is due soon"
    RETURN_OVERDUE = "return_overdue", "A social value return is overdue"
    RETURN_REJECTED = "return_rejected", "A line of a return is rejected"
    VARIATION_TO_APPROVE = "variation_to_approve", "A contract variation waits for approval"


# Who may receive each kind: a user without the permission is not offered the kind on the
# settings page (and the services only send it to such users).
KIND_PERMISSIONS: dict[str, str] = {
    NotificationKind.TENDER_PUBLISHED: "tendering.bid",
    NotificationKind.QUESTION_ANSWERED: "tendering.bid",
    NotificationKind.DEADLINE_CHANGED: "tendering.bid",
    NotificationKind.BID_RECEIPT: "tendering.bid",
    NotificationKind.OUTCOME: "tendering.bid",
    NotificationKind.RETURN_DUE: "contracts.submit_return",
    NotificationKind.RETURN_OVERDUE: "contracts.submit_return",
    NotificationKind.RETURN_REJECTED: "contracts.submit_return",
    NotificationKind.VARIATION_TO_APPROVE: "contracts.manage_contract",
}


class Notification(models.Model):
    """One thing told to one person. ``in_service`` rows are listed on their Notifications
    page; ``by_email`` rows are e-mailed by the background worker (``emailed_at`` then set).
    A person who turned a kind off on both ways gets no row at all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    # Absolute (SITE_URL): the same link works in an e-mail and on the page.
    link = models.CharField(max_length=500)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # What a notice sent once is about (``return 3 due``), so a daily task does not repeat it.
    key = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    in_service = models.BooleanField(default=True)
    by_email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["target_type", "target_id", "kind", "key"]),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How one person wants one kind: by e-mail, in the service, both or neither. No row
    means both (the defaults are on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    by_email = models.BooleanField("by e-mail", default=True)
    in_service = models.BooleanField("in the service", default=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


class CategoryInterest(models.Model):
    """A category of tenders a supplier organisation wants to hear about when one is
    published. An organisation that chose none hears about every tender."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="categories_of_interest"
    )
    category = models.CharField(max_length=20, choices=Category.choices)

    class Meta:
        ordering = ["supplier", "category"]
        verbose_name_plural = "categories of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "category"], name="one_interest_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.get_category_display()}"
