from django.views.generic import ListView

from socialvalue.audit.display import detail_text, verb_label
from socialvalue.audit.events import event_groups
from socialvalue.audit.selectors import event_list
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin


class EventListView(PermissionMixin, ExportMixin, ListView):
    """The audit log: every business action, newest first."""

    permission_required = "audit.view_events"
    template_name = "audit/event_list.html"
    context_object_name = "events"
    paginate_by = 100
    export_filename = "audit-log"
    export_columns = (
        Column("When", "occurred_at"),
        Column("Who", "actor_label"),
        Column("Action", lambda e: verb_label(e.verb)),
        Column("Record", "target_label"),
        Column("Reason", "reason"),
        Column("Detail", lambda e: detail_text(e.data)),
        Column("Action code", "verb"),  # what the page's filter matches
    )

    def selected_verb(self) -> str:
        return self.request.GET.get("verb", "").strip()

    def get_queryset(self):
        return event_list(reader=self.request.user, verb=self.selected_verb())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The filter offers every action by its words (audit.events); a code or its start
        # typed into the address (?verb=tender) still filters the same way.
        context.update(verb_groups=event_groups(), selected_verb=self.selected_verb())
        return context
