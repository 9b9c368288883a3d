from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_fsm import transition
from simple_history.models import HistoricalRecords

from socialvalue.core.fields import StatusField
from socialvalue.core.transitions import StatusModel


# The ignore: knox's token model (api.ApiToken) is untyped, so the django-stubs plugin cannot
# resolve its related manager on User.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who signs in. Their role is their group; a supplier's user names its supplier."""

    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Only for supplier users: the organisation they act for.",
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        """The service's permissions (``rules``) follow the user's role only.

        Django gives an active superuser every permission; for the service's own permissions
        that would let superuser status stand in for a role (a supplier's pages, sealed bids).
        Superuser status still counts for Django's model permissions, used by the Django admin.
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved and made"
    REFUSED = "refused", "Refused"


class UserChange(StatusModel, models.Model):
    """A change to a user that lets them act for a supplier, waiting for a second administrator.

    Tying a user to a supplier (the Supplier role or another supplier organisation), or setting
    a supplier user's password or e-mail address, would let an administrator sign in as a
    supplier and read its sealed bids. So one administrator asks for it here, another approves
    or refuses it, and only an approved change is made (``accounts.services``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pending_changes")
    role = models.CharField("new role", max_length=40, blank=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="new supplier",
    )
    email = models.EmailField("new email address", blank=True)
    # Only the hash of a new password is kept; empty when the password does not change.
    password = models.CharField(max_length=128, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # Changed only by ``approve`` and ``refuse`` (protected: assigning it raises).
    status = StatusField(
        max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, protected=True
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("reason for the decision", blank=True)
    history = HistoricalRecords(excluded_fields=["password"])

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Change to user {self.user.username} ({self.get_status_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeStatus.PENDING

    # Status moves, called by ``accounts.services`` (which checks the second administrator).
    @transition(
        field=status,
        source=ChangeStatus.PENDING,
        target=ChangeStatus.APPROVED,
        custom={"refused": "This change has already been decided"},
    )
    def approve(self, *, by, at, reason: str) -> None:
        self.decided_by, self.decided_at, self.reason = by, at, reason

    @transition(
        field=status,
        source=ChangeStatus.PENDING,
        target=ChangeStatus.REFUSED,
        custom={"refused": "This change has already been decided"},
    )
    def refuse(self, *, by, at, reason: str) -> None:
        self.decided_by, self.decided_at, self.reason = by, at, reason

    def describe(self) -> list[str]:
        """What the change does, in plain words, one line per part (never the password)."""
        parts = []
        if self.role:
            tie = f" for {self.supplier}" if self.supplier else ""
            parts.append(f"Give the role {self.role}{tie}")
        if self.email:
            parts.append(f"Change the email address to {self.email}")
        if self.password:
            parts.append("Set a new password")
        return parts
