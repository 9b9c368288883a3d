"""Red flag pages: the list (filters, downloads), one flag with its evidence and review,
a computation on demand, and the flag rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView, View

from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin
from socialvalue.domain.flags import SETTING_WORDS, FlagCode
from socialvalue.flags import selectors, services
from socialvalue.flags.forms import FlagFilterForm, ReviewForm, RuleForm
from socialvalue.flags.models import Flag, FlagRule


def _evidence_text(flag: Flag) -> str:
    return "; ".join(f"{label}: {value}" for label, value in flag.evidence)


class FlagListView(PermissionMixin, ExportMixin, ListView):
    permission_required = "flags.view_flags"
    template_name = "flags/flag_list.html"
    context_object_name = "flags"
    paginate_by = 50
    export_filename = "red-flags"
    export_columns = (
        Column("Flag", "get_code_display"),
        Column("Source", "source"),
        Column("About", "title"),
        Column("Why", "summary"),
        Column("Evidence", _evidence_text),
        Column("Procurement", lambda f: str(f.project) if f.project_id else ""),
        Column("Supplier or payee", "payee"),
        Column("When", "happened_on"),
        Column("Review", "get_status_display"),
        Column("Reason", "review_reason"),
        Column("Reviewed by", lambda f: str(f.reviewed_by) if f.reviewed_by_id else ""),
    )

    def get_filter_form(self) -> FlagFilterForm:
        if not hasattr(self, "_filter_form"):
            projects, suppliers, years = selectors.filter_choices()
            self._filter_form = FlagFilterForm(
                self.request.GET or None, projects=projects, suppliers=suppliers, years=years
            )
        return self._filter_form

    def get_queryset(self):
        form = self.get_filter_form()
        criteria: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            bounds = selectors.year_bounds(data["year"]) if data.get("year") else None
            criteria = {
                "code": data.get("code") or "",
                "status": data.get("status") or "",
                "project": data.get("project") or None,
                "supplier": data.get("supplier") or None,
                "start": bounds[0] if bounds else None,
                "end": bounds[1] if bounds else None,
            }
        return selectors.flag_list(**criteria)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = selectors.last_run()
        context.update(
            filter_form=self.get_filter_form(),
            run=run,
            failed=selectors.failed_run(),
            coverage=[
                {**row, "label": FlagCode(row["code"]).label}
                for row in (run.coverage if run else [])
            ],
            can_compute=self.request.user.has_perm("flags.review_flags"),
        )
        return context


class FlagDetailView(PermissionMixin, FormView):
    permission_required = "flags.view_flags"
    template_name = "flags/flag_detail.html"
    form_class = ReviewForm

    def get_flag(self) -> Flag:
        if not hasattr(self, "_flag"):
            self._flag = get_object_or_404(
                Flag.objects.select_related("project", "contract", "supplier", "reviewed_by"),
                pk=self.kwargs["pk"],
            )
        return self._flag

    def get_initial(self) -> dict[str, Any]:
        flag = self.get_flag()
        return {"status": flag.status if flag.status != "open" else "", "reason": ""}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        flag = self.get_flag()
        context.update(
            flag=flag,
            code=FlagCode(flag.code),
            can_review=self.request.user.has_perm("flags.review_flags"),
        )
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm("flags.review_flags"):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        try:
            services.flag_review(
                actor=self.request.user,
                flag=self.get_flag(),
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "Decision saved")
        return redirect("flags:flag_detail", pk=self.get_flag().pk)


class ComputeView(PermissionMixin, View):
    """Start a computation in the background (POST); the list shows when it last ran."""

    permission_required = "flags.review_flags"

    def post(self, request, *args, **kwargs) -> HttpResponse:
        from socialvalue.flags.tasks import compute_flags

        compute_flags.enqueue(request.user.pk)
        messages.success(request, "The flags are being computed. Refresh the page in a minute.")
        return redirect("flags:flag_list")

    def get(self, request, *args, **kwargs) -> HttpResponse:
        return redirect("flags:flag_list")


class RuleListView(PermissionMixin, TemplateView):
    permission_required = "flags.view_flags"
    template_name = "flags/rule_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        in_force = selectors.rules_in_force()
        context.update(
            rows=[
                {
                    "code": code,
                    "active": in_force[code] is not None,
                    "settings": [
                        (name, SETTING_WORDS.get(name, name), value)
                        for name, value in (in_force[code] or code.defaults).items()
                    ],
                }
                for code in FlagCode
            ],
            history=FlagRule.objects.order_by("-effective_from", "code")[:50],
            can_change=self.request.user.has_perm("flags.change_rules"),
        )
        return context


class RuleCreateView(PermissionMixin, FormView):
    permission_required = "flags.change_rules"
    template_name = "core/form_page.html"
    form_class = RuleForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Change a flag's rule",
            intro="A change adds a new version in force from its date; earlier flags keep "
            "the rule they were computed with until the next computation.",
            back_url=reverse("flags:rule_list"),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            services.flag_rule_add(actor=self.request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "Rule saved")
        return redirect("flags:rule_list")
