from django.views.generic import ListView

from socialvalue.audit.selectors import event_list
from socialvalue.core.views import PermissionMixin


class EventListView(PermissionMixin, ListView):
    """The audit log: every business action, newest first."""

    permission_required = "audit.view_events"
    template_name = "audit/event_list.html"
    context_object_name = "events"
    paginate_by = 100

    def get_queryset(self):
        return event_list(verb=self.request.GET.get("verb", "").strip())
