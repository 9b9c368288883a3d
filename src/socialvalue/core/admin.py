"""The base of every Django admin page of the service (support staff only).

The Django admin knows nothing of deadlines, so every admin class of ours derives from
``SupportAdmin`` (or ``SupportHistoryAdmin``), which closes the ways a changelist can be made
to answer questions about sealed bids:

* **lookups**: only the fields the admin offers as list filters or date hierarchy may be used
  in the query string. Django allows any lookup on a model's own fields
  (``?price__lte=777777.77``) and on one relation (``?bids__isnull=False``); answering those
  would find a sealed price by halving, or who has bid. Anything else is refused (400);
* **rows**: a model that holds bid content (``tendering.sealing.BID_CONTENT_MODELS``) shows
  only the rows ``tendering.sealing`` lets the user read now, whatever the page: list, count,
  search, change, history, autocomplete, choices in a form;
* **deleting** a record whose deletion would reach bids is not offered: the confirmation page
  would list the bids (who has bid) or refuse because of them.

Superuser status changes nothing here: ``tendering.sealing`` reads the user's role.
"""

from __future__ import annotations

from functools import cache

from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def lookup_field_path(model, lookup: str) -> str:
    """The field path a query-string lookup filters on, without its lookups and transforms.

    ``tender__id__exact`` -> ``tender``; ``tender__deadline__lte`` -> ``tender__deadline``;
    ``price__lte`` -> ``price``; ``bids__price__gt`` -> ``bids__price``.
    """
    names: list[str] = []
    opts = model._meta
    previous = None
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            break
        if previous is not None and getattr(field, "primary_key", False):
            break  # tender__id is the tender itself
        names.append(part)
        if not field.is_relation or field.related_model is None:
            break
        previous = field
        opts = field.related_model._meta
    return LOOKUP_SEP.join(names)


@cache
def _links_to_bids(model) -> bool:
    """Whether deleting a row of ``model`` could collect (or be stopped by) bids."""
    from socialvalue.tendering.sealing import BID_CONTENT_MODELS

    seen = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in BID_CONTENT_MODELS:
            return True
        if current in seen:
            continue
        seen.add(current)
        # Hidden relations too (related_name="+"): deleting a measure a sealed commitment
        # uses would be refused, and the refusal would list the commitment.
        for field in current._meta.get_fields(include_hidden=True):
            if field.auto_created and not field.concrete and field.related_model is not None:
                todo.append(field.related_model)
    return False


class SupportAdmin(admin.ModelAdmin):
    """A Django admin page that cannot be made to reveal sealed bids (see the module)."""

    def allowed_lookup_paths(self, request) -> set[str]:
        paths: set[str] = {self.date_hierarchy} if self.date_hierarchy else set()
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                paths.add(str(item.parameter_name))
            elif isinstance(item, (list, tuple)):
                paths.add(lookup_field_path(self.model, str(item[0])))
            else:
                paths.add(lookup_field_path(self.model, str(item)))
        return paths

    def lookup_allowed(self, lookup, value, request=None):
        # Pop-ups of ForeignKeyRawIdWidget filter by the field's limit_choices_to.
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        allowed = self.allowed_lookup_paths(request)
        return lookup in allowed or lookup_field_path(self.model, lookup) in allowed

    def get_queryset(self, request):
        from socialvalue.tendering.sealing import BID_CONTENT_MODELS, readable_rows

        queryset = super().get_queryset(request)
        if self.model in BID_CONTENT_MODELS:
            queryset = readable_rows(request.user, queryset)
        return queryset

    def _limit_choices(self, db_field, request, kwargs):
        from socialvalue.tendering.sealing import BID_CONTENT_MODELS, readable_rows

        related = db_field.related_model
        if related in BID_CONTENT_MODELS:
            queryset = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = readable_rows(request.user, queryset)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        if _links_to_bids(self.model):  # type: ignore[arg-type]  # a model class is hashable
            return False
        return super().has_delete_permission(request, obj)


class SupportHistoryAdmin(SimpleHistoryAdmin, SupportAdmin):
    """``SupportAdmin`` with django-simple-history's history pages, limited the same way."""

    def _check_visible(self, request, object_id) -> None:
        # simple_history falls back to the last historical record of a row the queryset
        # hides: the history of a row this user may not see is not found either.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404("No such record")

    def history_view(self, request, object_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(SupportAdmin):
    """Nothing added, changed or deleted here: the service's own pages do that."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
