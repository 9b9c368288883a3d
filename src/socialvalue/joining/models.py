"""How a supplier organisation joins: its registration (with the e-mail check and, for an
organisation already on the supplier register, an officer's confirmation), invitations to
colleagues, and the per-address count of attempts that throttles these public forms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from socialvalue.domain.organisation_type import SUPPLIER_REGISTER_FORMS, legal_form_choices


class SignupStatus(models.TextChoices):
    AWAITING_EMAIL = "awaiting_email", "Waiting for the email address to be confirmed"
    AWAITING_OFFICER = "awaiting_officer", "Waiting for an officer to confirm the organisation"
    JOINED = "joined", "Joined"
    REFUSED = "refused", "Refused"


class Signup(models.Model):
    """One person registering their organisation. Their user account stays switched off
    until the e-mail address is confirmed and, when the organisation is already on the
    supplier register, until an officer confirms that they act for it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup"
    )
    organisation_name = models.CharField("organisation name", max_length=255)
    companies_house_number = models.CharField("Companies House number", max_length=10, blank=True)
    charity_number = models.CharField("charity number", max_length=12, blank=True)
    postcode = models.CharField(max_length=10)
    employees = models.PositiveIntegerField("number of staff")
    legal_form = models.CharField(
        "kind of organisation", max_length=40, choices=legal_form_choices(SUPPLIER_REGISTER_FORMS)
    )
    status = models.CharField(
        max_length=20, choices=SignupStatus.choices, default=SignupStatus.AWAITING_EMAIL
    )
    # The register entry: created from this registration, or the existing one it claims.
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signups",
    )
    claims_existing = models.BooleanField(
        "claims an organisation already on the register", default=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("reason for the decision", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.user.email})"


class Invitation(models.Model):
    """A supplier user's invitation to a colleague: a link, used once, before it expires.
    Only a hash of the link's secret is stored."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("email address")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation to {self.email} for {self.supplier}"

    def is_usable(self, now=None) -> bool:
        return self.accepted_at is None and (now or timezone.now()) < self.expires_at


class Attempt(models.Model):
    """One use of a public form from one address, kept to throttle them (registration,
    password reset, invitations)."""

    action = models.CharField(max_length=20)
    address = models.CharField(max_length=45)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["action", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.action} from {self.address} at {self.at:%Y-%m-%d %H:%M}"
