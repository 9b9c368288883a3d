"""Django admin (support staff only): tenders read-only, and bids as a bare list.

A bid's content (price, responses, files, commitments, own proposals, scores) is never
registered here: the admin has no notion of a deadline, so it must not be able to show a
sealed bid to anyone, a superuser included. Bid content is read through the service's pages,
which ask ``tendering.sealing``.
"""

from django.contrib import admin

from socialvalue.tendering.models import Bid, Tender


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tender)
class TenderAdmin(_ReadOnly):
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
        "awarded_at",
    ]
    readonly_fields = fields


@admin.register(Bid)
class BidAdmin(_ReadOnly):
    """Who bid for what and when: no price, no responses, no inlines."""

    list_display = ["tender", "supplier", "status", "is_paper", "submitted_at"]
    list_filter = ["status", "is_paper"]
    fields = ["tender", "supplier", "status", "is_paper", "submitted_at"]
    readonly_fields = fields
    search_fields = ["supplier__name", "tender__reference"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tender", "supplier")
