"""Pages of the policy and the measures library. Reads go through selectors, writes through
services (``record_save`` for plain edits, ``measures_import_create`` for files, imported
in the background)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from socialvalue.core.exports import Column, ExportMixin, download
from socialvalue.core.views import PermissionMixin, RecordFormView
from socialvalue.policy import forms, selectors
from socialvalue.policy.filters import MeasureFilter
from socialvalue.policy.measures_io import (
    measures_export_table,
    measures_import_create,
)
from socialvalue.policy.models import (
    ContractingAuthority,
    EvaluationRule,
    LocalArea,
    Measure,
    MeasureImport,
    Organisation,
    Outcome,
    PlanPeriod,
    PolicyStatement,
    Priority,
    Theme,
    Threshold,
)

MANAGE = "policy.manage_policy"
EXAMPLE_QUALITY_WEIGHTS = [Decimal(40), Decimal(50), Decimal(60), Decimal(70)]


class PolicyOverviewView(PermissionMixin, TemplateView):
    permission_required = "policy.view_policy"
    template_name = "policy/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rule = selectors.evaluation_rule_current()
        context.update(
            organisation=selectors.organisation_get(),
            plan_period=selectors.plan_period_current(),
            priorities=selectors.priorities_current(),
            statements=selectors.statements_by_kind(),
            rule=rule,
            rule_examples=_rule_examples(rule),
            delivery_rule=selectors.delivery_status_rule_current(),
            thresholds=selectors.thresholds_in_force().order_by("contract_type", "authority_type"),
            local_areas=selectors.local_area_list(),
            contracting_authorities=selectors.contracting_authority_list(),
            can_manage=self.request.user.has_perm(MANAGE),
        )
        return context


def _rule_examples(rule: EvaluationRule | None) -> list[dict[str, Decimal | None]]:
    """The rule shown as both numbers for common price/quality splits."""
    if rule is None:
        return []
    return [
        {
            "quality": quality,
            "price": 100 - quality,
            "of_quality": rule.as_percent_of_quality(quality),
            "of_total": rule.as_percent_of_total(quality),
        }
        for quality in EXAMPLE_QUALITY_WEIGHTS
    ]


class _PolicyEdit(RecordFormView):
    permission_required = MANAGE
    success_url = reverse_lazy("policy:overview")

    def get_success_url(self) -> str:
        return str(self.success_url)


class OrganisationEditView(_PolicyEdit, UpdateView):
    form_class = forms.OrganisationForm
    audit_verb = "organisation"
    title = "Organisation"

    def get_object(self, queryset=None):
        return selectors.organisation_get() or Organisation()


class PlanPeriodCreateView(_PolicyEdit, CreateView):
    form_class = forms.PlanPeriodForm
    audit_verb = "plan_period"
    title = "Add a plan period"
    intro = "A new Police and Crime Plan period. Add its priorities next."


class PlanPeriodEditView(_PolicyEdit, UpdateView):
    model = PlanPeriod
    form_class = forms.PlanPeriodForm
    audit_verb = "plan_period"
    title = "Change plan period"


class PriorityCreateView(_PolicyEdit, CreateView):
    form_class = forms.PriorityForm
    audit_verb = "priority"
    title = "Add a priority"

    def get_initial(self) -> dict[str, Any]:
        return {"plan_period": selectors.plan_period_current()}


class PriorityEditView(_PolicyEdit, UpdateView):
    model = Priority
    form_class = forms.PriorityForm
    audit_verb = "priority"
    title = "Change priority"


class StatementCreateView(_PolicyEdit, CreateView):
    form_class = forms.PolicyStatementForm
    audit_verb = "policy_statement"
    title = "Add an aim, objective or principle"


class StatementEditView(_PolicyEdit, UpdateView):
    model = PolicyStatement
    form_class = forms.PolicyStatementForm
    audit_verb = "policy_statement"
    title = "Change aim, objective or principle"


class EvaluationRuleCreateView(_PolicyEdit, CreateView):
    form_class = forms.EvaluationRuleForm
    audit_verb = "evaluation_rule"
    title = "Change the minimum social value weighting"
    intro = (
        "The rule in force stays in the history: this adds a new rule from the date you give. "
        "The Lancashire policy asks for at least 2.5% of the quality element."
    )

    def get_initial(self) -> dict[str, Any]:
        current = selectors.evaluation_rule_current()
        if current is None:
            return {}
        return {
            "minimum_weighting_percent": current.minimum_weighting_percent,
            "basis": current.basis,
        }


class DeliveryStatusRuleCreateView(_PolicyEdit, CreateView):
    form_class = forms.DeliveryStatusRuleForm
    audit_verb = "delivery_status_rule"
    title = "Change when delivery is green, amber or red"
    intro = (
        "The rule in force stays in the history: this adds a new rule from the date you give. "
        "Contract pages and dashboards use the rule in force on the day they are read."
    )

    def get_initial(self) -> dict[str, Any]:
        current = selectors.delivery_status_rule_current()
        if current is None:
            return {}
        return {
            "green_from_percent": current.green_from_percent,
            "amber_from_percent": current.amber_from_percent,
            "return_due_days": current.return_due_days,
        }


class ThresholdCreateView(_PolicyEdit, CreateView):
    form_class = forms.ThresholdForm
    audit_verb = "threshold"
    title = "Add a threshold"
    success_url = reverse_lazy("policy:threshold_list")


class ThresholdEditView(_PolicyEdit, UpdateView):
    model = Threshold
    form_class = forms.ThresholdForm
    audit_verb = "threshold"
    title = "Change threshold"
    success_url = reverse_lazy("policy:threshold_list")


class ThresholdListView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = "policy.view_policy"
    template_name = "policy/threshold_list.html"
    export_filename = "thresholds"
    export_columns = (
        Column("Regime", "regime"),
        Column("From", "valid_from"),
        Column("To", "valid_to"),
        Column("Authorities", "get_authority_type_display"),
        Column("Contract type", "get_contract_type_display"),
        Column("Including VAT (£)", "amount_inc_vat"),
        Column("Source", "source"),
    )

    def export_rows(self):
        return Threshold.objects.order_by("-valid_from", "contract_type")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["thresholds"] = Threshold.objects.order_by("-valid_from", "contract_type")
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        return context


class LocalAreaCreateView(_PolicyEdit, CreateView):
    form_class = forms.LocalAreaForm
    audit_verb = "local_area"
    title = "Add a local area"


class LocalAreaEditView(_PolicyEdit, UpdateView):
    model = LocalArea
    form_class = forms.LocalAreaForm
    audit_verb = "local_area"
    title = "Change local area"


class AuthorityCreateView(_PolicyEdit, CreateView):
    form_class = forms.ContractingAuthorityForm
    audit_verb = "contracting_authority"
    title = "Add a contracting authority"
    intro = "A body that awards contracts in its own name, as Find a Tender knows it."

    def form_valid(self, form):
        organisation = selectors.organisation_get()
        if organisation is None:
            form.add_error(None, "Describe your organisation first")
            return self.form_invalid(form)
        form.instance.organisation = organisation
        return super().form_valid(form)


class AuthorityEditView(_PolicyEdit, UpdateView):
    model = ContractingAuthority
    form_class = forms.ContractingAuthorityForm
    audit_verb = "contracting_authority"
    title = "Change contracting authority"


# Measures library -------------------------------------------------------------------------


class MeasureListView(PermissionMixin, FilterView):
    permission_required = "policy.view_measures"
    template_name = "policy/measure_list.html"
    filterset_class = MeasureFilter
    paginate_by = 50

    def get_queryset(self):
        return selectors.measure_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["themes"] = selectors.theme_list_with_outcomes()
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        return context


class MeasureDetailView(PermissionMixin, DetailView):
    permission_required = "policy.view_measures"
    template_name = "policy/measure_detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.measure_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        if context["can_manage"]:
            context["history"] = self.object.history.select_related("history_user")[:20]
        return context


class _MeasureEdit(_PolicyEdit):
    form_class = forms.MeasureForm
    audit_verb = "measure"

    def get_success_url(self) -> str:
        if getattr(self, "object", None) is not None and self.object.pk:
            return reverse("policy:measure_detail", args=[self.object.code])
        return reverse("policy:measure_list")


class MeasureCreateView(_MeasureEdit, CreateView):
    title = "Add a measure"


class MeasureEditView(_MeasureEdit, UpdateView):
    title = "Change measure"
    slug_field = "code"
    slug_url_kwarg = "code"
    model = Measure


class ThemeCreateView(_PolicyEdit, CreateView):
    form_class = forms.ThemeForm
    audit_verb = "theme"
    title = "Add a theme"
    success_url = reverse_lazy("policy:measure_list")


class ThemeEditView(_PolicyEdit, UpdateView):
    model = Theme
    form_class = forms.ThemeForm
    audit_verb = "theme"
    title = "Change theme"
    success_url = reverse_lazy("policy:measure_list")


class OutcomeCreateView(_PolicyEdit, CreateView):
    form_class = forms.OutcomeForm
    audit_verb = "outcome"
    title = "Add an outcome"
    success_url = reverse_lazy("policy:measure_list")


class OutcomeEditView(_PolicyEdit, UpdateView):
    model = Outcome
    form_class = forms.OutcomeForm
    audit_verb = "outcome"
    title = "Change outcome"
    success_url = reverse_lazy("policy:measure_list")


class MeasureImportView(PermissionMixin, FormView):
    permission_required = MANAGE
    form_class = forms.MeasureImportForm
    template_name = "policy/measure_import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = MeasureImport.objects.select_related("uploaded_by")[:10]
        return context

    def form_valid(self, form) -> HttpResponse:
        upload = form.cleaned_data["file"]
        job = measures_import_create(
            actor=self.request.user, content=upload.read(), filename=upload.name
        )
        return redirect("policy:measure_import_detail", pk=job.pk)


class MeasureImportDetailView(PermissionMixin, DetailView):
    """The state of one background import: waiting, importing, imported or not, and why."""

    permission_required = MANAGE
    model = MeasureImport
    template_name = "core/import_job_detail.html"
    context_object_name = "job"
    extra_context = {
        "kind": "measures library",
        "back_url": reverse_lazy("policy:measure_import"),
        "back_text": "Back to importing a measures library",
        "done_url": reverse_lazy("policy:measure_list"),
        "done_text": "Go to the measures library",
    }


class MeasureExportView(PermissionMixin, TemplateView):
    permission_required = "policy.view_measures"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        return download(
            measures_export_table(),
            filename="measures-library",
            fmt=kwargs["format"],
            sheet="Measures",
        )
