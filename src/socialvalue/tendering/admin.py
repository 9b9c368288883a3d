"""Django admin (support staff only): tenders read-only, and bids as a bare list.

A bid's content (price, responses, files, commitments, own proposals, scores) is never
registered here: the admin has no notion of a deadline, so it must not be able to show a
sealed bid to anyone, a superuser included. The bid list shows only the bids
``tendering.sealing`` lets the user read now (``SupportAdmin.get_queryset``): who has bid stays
hidden until the deadline. No lookup other than the list filters is accepted
(``SupportAdmin.lookup_allowed``), so ``?price__lte=`` and the like are refused. Bid content
is read through the service's pages, which ask ``tendering.sealing``.
"""

from django.contrib import admin

from socialvalue.core.admin import ReadOnlyAdmin
from socialvalue.tendering.models import Bid, Tender


@admin.register(Tender)
class TenderAdmin(ReadOnlyAdmin):
    """No bid counts, no bid lookups: a tender's page says nothing about who has bid."""

    list_display = ["reference", "title", "status", "deadline", "published_at"]
    list_filter = ["status"]
    search_fields = ["reference", "title"]
    fields = [
        "reference",
        "title",
        "project",
        "lot",
        "status",
        "deadline",
        "published_at",
        "prices_opened_at",
        "award_decided_at",
        "standstill_starts_on",
        "standstill_ends_on",
        "standstill_exemption",
        "summaries_released_at",
        "awarded_at",
    ]
    readonly_fields = fields


@admin.register(Bid)
class BidAdmin(ReadOnlyAdmin):
    """Who bid for what and when, once the deadline has passed: no price, no responses."""

    list_display = ["tender", "supplier", "status", "is_paper", "submitted_at"]
    list_filter = ["status", "is_paper"]
    fields = ["tender", "supplier", "status", "is_paper", "submitted_at"]
    readonly_fields = fields
    search_fields = ["supplier__name", "tender__reference"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tender", "supplier")
