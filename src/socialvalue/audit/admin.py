from django.contrib import admin

from socialvalue.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for administrators."""

    list_display = ["occurred_at", "actor_label", "verb", "target_label"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "verb", "target_label", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
