"""Reads of registrations and invitations shared by pages and home tasks."""

from __future__ import annotations

from django.db.models import QuerySet

from socialvalue.joining.models import Invitation, Signup, SignupStatus


def claims_waiting() -> QuerySet[Signup]:
    """Registrations that claim an organisation already on the register, oldest first."""
    return (
        Signup.objects.filter(status=SignupStatus.AWAITING_OFFICER)
        .select_related("user", "supplier")
        .order_by("created_at", "pk")
    )


def signups_for_officers() -> QuerySet[Signup]:
    """Every registration whose e-mail address is confirmed: waiting claims first."""
    return (
        Signup.objects.exclude(status=SignupStatus.AWAITING_EMAIL)
        .select_related("user", "supplier", "decided_by")
        .order_by("-created_at", "-pk")
    )


def invitations_of(supplier_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(supplier_id=supplier_id).select_related("invited_by")
