from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from socialvalue.audit.models import Event
from socialvalue.core.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only, even for administrators.

    Events about a bid the user may not read now (``tendering.sealing``) are left out: their
    record names the bidder, so before the deadline they would say who has bid.
    """

    list_display = ["occurred_at", "actor_label", "verb", "target_label"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "verb", "target_label", "reason"]

    def get_queryset(self, request):
        from socialvalue.tendering.models import Bid
        from socialvalue.tendering.sealing import readable_bids

        readable = (
            readable_bids(request.user)
            .annotate(text_pk=Cast("pk", output_field=CharField()))
            .values("text_pk")
        )
        bid_type = ContentType.objects.get_for_model(Bid)
        return (
            super()
            .get_queryset(request)
            .filter(~Q(target_type=bid_type) | Q(target_id__in=readable))
        )
