"""Pages shared by every role: the home page and the generic edit page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from socialvalue.core import selectors
from socialvalue.core.errors import DomainError
from socialvalue.core.services import record_save

if TYPE_CHECKING:
    from django.views.generic.edit import ModelFormMixin

    # What RecordFormView is always combined with (CreateView or UpdateView), for the
    # type checker only: at run time the page's own Django view class provides it.
    _EditPage = ModelFormMixin[Any, Any]
else:
    _EditPage = object


class HomeView(TemplateView):
    """Each role's home: what that role has to do now. Signed out: the public home, the way
    in for suppliers and the public (opportunities, the pipeline, events, transparency,
    guidance, registering and signing in)."""

    template_name = "core/home.html"

    def get_template_names(self) -> list[str]:
        if not self.request.user.is_authenticated:
            return ["core/public_home.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.user.is_authenticated:
            return context
        context["task_groups"] = selectors.home_tasks_for(self.request.user)
        context["role_names"] = selectors.role_names_of(self.request.user)
        return context


class PermissionMixin(PermissionRequiredMixin):
    """Refuse with 403 (not a redirect loop) when a signed-in user lacks the permission."""

    raise_exception = True
    request: HttpRequest

    def handle_no_permission(self):  # anonymous users go to the log-in page
        if not self.request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(self.request.get_full_path())
        return super().handle_no_permission()


class RecordFormView(PermissionMixin, _EditPage):
    """A one-form page whose save goes through ``record_save`` (audited).

    Subclasses set ``form_class``, ``permission_required``, ``audit_verb``, ``title`` and
    ``success_url`` (or ``get_success_url``), and for edits ``get_object``.
    """

    template_name: str | None = "core/form_page.html"
    object: Any  # the saved record (None on a create page until it is saved)
    audit_verb: str = ""
    title: str = ""
    submit_label: str = "Save"
    success_message: str = "Saved"
    intro: str = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.get_title(),
            submit_label=self.submit_label,
            intro=self.intro,
            back_url=self.get_success_url(),
        )
        return context

    def get_title(self) -> str:
        return self.title

    def form_valid(self, form) -> HttpResponse:
        try:
            self.object = record_save(actor=self.request.user, form=form, verb=self.audit_verb)
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())
