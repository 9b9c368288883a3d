from django.contrib import admin

from socialvalue.audit.models import Event
from socialvalue.audit.selectors import readable_by
from socialvalue.core.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only, even for administrators.

    Events about a bid the user may not read now are left out (``audit.selectors``).
    """

    list_display = ["occurred_at", "actor_label", "verb", "target_label"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "verb", "target_label", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(readable_by(request.user))
