"""Pages shared by every role (the home page) and the base classes of every page that
calls a service: a form page (``ServiceFormMixin``/``ServiceFormView``), a button
(``ServiceActionMixin``) and the generic audited edit page (``RecordFormView``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.generic import FormView, TemplateView
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


def add_problems(form: BaseForm, error: DomainError, fields: Mapping[str, str] = {}) -> None:
    """Show a service's problems on a form: each on its field when the form has that field
    (``fields`` maps a service input's name to a differently named form field), else in the
    error summary as an error of the whole form. Never an error page for an unknown field."""
    for problem in error.problems:
        name = fields.get(problem.field, problem.field) if problem.field else None
        form.add_error(name if name in form.fields else None, problem.message)


def add_problem_messages(request: HttpRequest, error: DomainError) -> None:
    """Show a service's problems as error messages on the next page (a button's refusal)."""
    for problem in error.problems:
        messages.error(request, problem.message)


class ServiceFormMixin:
    """A form page whose valid form calls one service: ``call_service(form)`` builds the
    service's typed input from ``form.cleaned_data`` and calls it. Its result is kept in
    ``self.result`` (for ``get_success_url``); a ``DomainError`` puts its problems on the
    form (``add_problems``) and shows the form again. Mix it in before the Django view.

    ``problem_fields`` (or ``get_problem_fields()``) maps a service input's name to the form
    field showing it, when the two differ; ``success_message`` (``str.format`` with
    ``result``) is shown after the redirect.
    """

    request: HttpRequest
    success_message: str = ""
    problem_fields: Mapping[str, str] = {}
    result: Any = None

    def call_service(self, form: Any) -> Any:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.result = self.call_service(form)
        except DomainError as error:
            add_problems(form, error, self.get_problem_fields())
            return self.form_invalid(form)  # type: ignore[attr-defined]
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]

    def get_problem_fields(self) -> Mapping[str, str]:
        return self.problem_fields

    def get_success_message(self) -> str:
        return self.success_message.format(result=self.result)


class ServiceFormView(ServiceFormMixin, PermissionMixin, FormView):
    """A permission-checked one-form page that calls a service (see ``ServiceFormMixin``),
    drawn by the shared form page (title, intro, back link)."""

    template_name = "core/form_page.html"
    title: str = ""
    intro: str = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.get_title())
        context.setdefault("intro", self.get_intro())
        context.setdefault("back_url", self.get_back_url())
        return context

    def get_title(self) -> str:
        return self.title

    def get_intro(self) -> str:
        return self.intro

    def get_back_url(self) -> str:
        return ""


class ServiceActionMixin:
    """A button (a POST without a form) that calls one service: ``run_service`` calls it
    with the acting user, shows ``success`` or each problem as a message, and says whether
    it worked. The view then redirects where it likes."""

    request: HttpRequest
    result: Any = None

    def run_service(self, service: Callable[..., Any], /, *, success: str = "", **kwargs) -> bool:
        try:
            self.result = service(actor=self.request.user, **kwargs)
        except DomainError as error:
            add_problem_messages(self.request, error)
            return False
        if success:
            messages.success(self.request, success)
        return True


class RecordFormView(ServiceFormMixin, PermissionMixin, _EditPage):
    """A one-form page whose save goes through ``core.services.record_save`` (audited): the
    generic edit of reference data, combined with CreateView or UpdateView.

    Subclasses set ``form_class`` (a model form), ``permission_required``, ``audit_verb``,
    ``title`` and ``success_url`` (or ``get_success_url``), and for edits ``get_object``.
    """

    template_name: str | None = "core/form_page.html"
    object: Any  # the saved record (None on a create page until it is saved)
    permission_required: str
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

    def call_service(self, form: Any) -> Any:
        self.object = record_save(
            actor=self.request.user,
            instance=form.instance,
            values=form.cleaned_data,
            changed=form.changed_data,
            verb=self.audit_verb,
            permission=self.permission_required,
        )
        return self.object
