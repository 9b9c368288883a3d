"""Demo notifications: what the demo's waiting variation and rejected return line would have
told people (shown in the service, not e-mailed again), and one supplier organisation that
chose the categories of tenders it hears about."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from socialvalue.accounts.models import User
from socialvalue.contracts.models import ContractVariation, LineStatus, ReturnLine, VariationStatus
from socialvalue.core.links import absolute_url
from socialvalue.notifications import selectors
from socialvalue.notifications.models import CategoryInterest, Notification, NotificationKind
from socialvalue.procurement.models import Category


def load(stdout) -> None:
    supplier2 = User.objects.filter(username="supplier2").select_related("supplier").first()
    if supplier2 is not None and supplier2.supplier is not None:
        for category in (Category.SERVICES, Category.LIGHT_TOUCH):
            CategoryInterest.objects.get_or_create(supplier=supplier2.supplier, category=category)
    made = 0
    for variation in ContractVariation.objects.filter(status=VariationStatus.REQUESTED):
        contract = variation.contract
        for user in selectors.users_with_permission(
            "contracts.manage_contract", excluding=variation.requested_by
        ):
            made += _notice(
                user,
                NotificationKind.VARIATION_TO_APPROVE,
                variation,
                f"Variation to approve: {contract.reference}",
                f"{variation.requested_by} asked for a variation of {contract.reference} "
                f"({contract.title}): {variation.get_kind_display()}.\n\nWhy: {variation.reason}",
                reverse("contracts:variation_decide", args=[variation.pk]),
            )
    for line in ReturnLine.objects.filter(status=LineStatus.REJECTED).select_related(
        "delivery_return__contract", "kpi"
    ):
        contract = line.delivery_return.contract
        for user in selectors.supplier_users(contract.supplier_id):
            made += _notice(
                user,
                NotificationKind.RETURN_REJECTED,
                line,
                f"Return line rejected: {contract.reference}",
                f"In your social value return {line.delivery_return.period_number} for "
                f"{contract.reference} ({contract.title}), the line for {line.kpi} was "
                f"rejected.\n\nWhy: {line.reason}",
                reverse("contracts:line_correct", args=[line.pk]),
            )
    stdout.write(f"Notifications: {made} added; supplier2's organisation chose 2 categories.")


def _notice(user, kind, target, title: str, body: str, path: str) -> int:
    _, created = Notification.objects.get_or_create(
        user=user,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        key="demo",
        defaults={"title": title, "body": body, "link": absolute_url(path)},
    )
    return int(created)
