"""A person's notifications: the list (mark one or all read), how they want each kind, and
for a supplier's users the tender categories their organisation hears about."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView, View

from socialvalue.core.views import PermissionMixin, ServiceActionMixin, ServiceFormView
from socialvalue.notifications import selectors, services
from socialvalue.notifications.forms import EMAIL, IN_SERVICE, CategoriesForm, PreferencesForm
from socialvalue.notifications.models import Notification


class NotificationListView(PermissionMixin, ListView):
    permission_required = "notifications.view_own"
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["unread"] = selectors.unread_count(self.request.user)
        context["may_choose_categories"] = self.request.user.has_perm(
            "notifications.choose_categories"
        )
        return context


class ReadView(PermissionMixin, ServiceActionMixin, View):
    """Mark one notification read (a button). Another person's notification is not found."""

    permission_required = "notifications.view_own"

    def post(self, request, pk: int) -> HttpResponse:
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        self.run_service(services.notification_read, notification=notification)
        return HttpResponseRedirect(reverse("notifications:list"))


class ReadAllView(PermissionMixin, ServiceActionMixin, View):
    permission_required = "notifications.view_own"

    def post(self, request) -> HttpResponse:
        self.run_service(services.notifications_read_all, success="All marked as read")
        return HttpResponseRedirect(reverse("notifications:list"))


class PreferencesView(ServiceFormView):
    permission_required = "notifications.view_own"
    form_class = PreferencesForm
    template_name = "notifications/settings.html"
    title = "Notification settings"
    success_message = "Your notification settings are saved"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["kinds"] = selectors.kinds_offered(self.request.user)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {
            kind: [name for name, on in ((EMAIL, email), (IN_SERVICE, shown)) if on]
            for kind, (email, shown) in selectors.preferences_of(self.request.user).items()
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_choose_categories"] = self.request.user.has_perm(
            "notifications.choose_categories"
        )
        return context

    def call_service(self, form) -> list[str]:
        choices = {
            kind: services.Channels(by_email=EMAIL in chosen, in_service=IN_SERVICE in chosen)
            for kind, chosen in form.cleaned_data.items()
        }
        return services.preferences_save(actor=self.request.user, choices=choices)

    def get_success_url(self) -> str:
        return reverse("notifications:settings")

    def get_back_url(self) -> str:
        return reverse("notifications:list")


class CategoriesView(ServiceFormView):
    permission_required = "notifications.choose_categories"
    form_class = CategoriesForm
    title = "Tenders you hear about"
    intro = (
        "When we publish a tender, your organisation's users are told if it is in a category "
        "you chose here. If you choose none, you are told about every tender. This choice is "
        "for your whole organisation."
    )
    success_message = "The categories are saved for your organisation"

    def get_initial(self) -> dict[str, Any]:
        return {"categories": selectors.categories_of(getattr(self.request.user, "supplier", None))}

    def call_service(self, form) -> list[str]:
        return services.categories_choose(
            actor=self.request.user, categories=form.cleaned_data["categories"]
        )

    def get_success_url(self) -> str:
        return reverse("notifications:settings")

    def get_back_url(self) -> str:
        return reverse("notifications:settings")
