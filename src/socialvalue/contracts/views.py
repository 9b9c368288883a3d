"""Pages of contracts: award, direct awards, KPIs, the supplier's returns, the manager's
checks, recovery plans, messages, variations and the delivery dashboards. Reads go through
selectors (which decide what a supplier's user may see), writes through services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView, View

from socialvalue.contracts import dashboard, forms, selectors, services
from socialvalue.contracts.models import (
    Contract,
    ContractVariation,
    EvidenceFile,
    Kpi,
    ReturnLine,
    VariationKind,
)
from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin, export_response
from socialvalue.core.inputs import input_from
from socialvalue.core.views import PermissionMixin, ServiceFormView
from socialvalue.domain import delivery as rules
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Tender, TenderStatus

VIEW = "contracts.view_contract"
VIEW_DELIVERY = "contracts.view_delivery"
AWARD = "contracts.award_contract"
MANAGE = "contracts.manage_contract"
VERIFY = "contracts.verify_delivery"
SUBMIT = "contracts.submit_return"
MESSAGE = "contracts.send_message"


class ContractMixin:
    """A page about one contract (``pk`` in the URL) the user may see: 404 otherwise."""

    contract_kwarg = "pk"

    def get_contract(self) -> Contract:
        if not hasattr(self, "_contract"):
            self._contract = get_object_or_404(
                selectors.contracts_visible_to(self.request.user),
                pk=self.kwargs[self.contract_kwarg],
            )
        return self._contract

    def contract_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.get_contract().pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["contract"] = self.get_contract()
        return context


class FormPage(ServiceFormView):
    """A one-form page of the contracts area that calls a service (``call_service``); it
    goes back to ``back_url`` after saving unless ``get_success_url`` says otherwise."""

    def back_url(self) -> str:
        return reverse("contracts:contract_list")

    def get_back_url(self) -> str:
        return self.back_url()

    def get_success_url(self) -> str:
        return self.back_url()


# Contracts --------------------------------------------------------------------------------


# One row per contract of a list of ContractStatus, as the contract list shows it.
CONTRACT_COLUMNS = (
    Column("Reference", "contract.reference"),
    Column("Contract", "contract.title"),
    Column("Supplier", "contract.supplier.name"),
    Column("Starts", "contract.starts_on"),
    Column("Ends", "contract.ends_on"),
    Column("Value (£)", "contract.value"),
    Column("Social value", lambda s: rules.Rag(s.rag).label),
    Column("Returns overdue", lambda s: len(s.overdue)),
)


class ContractListView(PermissionMixin, ExportMixin, ListView):
    permission_required = VIEW
    template_name = "contracts/contract_list.html"
    export_filename = "contracts"
    export_columns = CONTRACT_COLUMNS

    def get_queryset(self):
        return selectors.contract_search(self.request.user, self.request.GET.get("q", ""))

    def export_rows(self):
        # The same contracts as the page (a supplier user's own only), with their status.
        return selectors.contract_statuses(self.get_queryset())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            statuses=selectors.contract_statuses(self.object_list),
            can_award=self.request.user.has_perm(AWARD),
            can_view_delivery=self.request.user.has_perm(VIEW_DELIVERY),
            awaiting_award=[(t, selectors.award_step(t)) for t in selectors.tenders_in_award()]
            if self.request.user.has_perm(AWARD)
            else [],
            query=self.request.GET.get("q", ""),
        )
        return context


class ContractDetailView(ContractMixin, PermissionMixin, TemplateView):
    permission_required = VIEW
    template_name = "contracts/contract_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        contract = self.get_contract()
        user = self.request.user
        context.update(
            status=selectors.contract_status_get(contract),
            is_supplier=user.has_perm(SUBMIT),
            can_manage=user.has_perm(MANAGE),
            can_verify=user.has_perm(VERIFY),
            kpis_editable=services.kpis_editable(contract),
            variations=contract.variations.select_related("kpi", "requested_by", "decided_by"),
            variation_kinds=VariationKind,
            today=timezone.localdate(),
        )
        return context


class AwardMixin:
    """A step of the award of one tender (``tender_pk``): the page says where the award is."""

    kwargs: dict[str, Any]

    def tender(self) -> Tender:
        if not hasattr(self, "_tender"):
            self._tender = get_object_or_404(
                Tender.objects.select_related("project", "recommended_bid__supplier"),
                pk=self.kwargs["tender_pk"],
            )
        return self._tender

    def get_intro(self) -> str:
        return selectors.award_step(self.tender()).words

    def get_success_url(self) -> str:
        return reverse("tendering:results", args=[self.tender().pk])


class AwardDecisionView(AwardMixin, FormPage):
    """Step 1: the officer confirms the recommended bid as the award decision."""

    permission_required = AWARD
    form_class = forms.AwardDecisionForm
    title = "Award the contract: the decision"
    success_message = "The award decision is recorded: publish the contract award notice"

    def get_initial(self) -> dict[str, Any]:
        return {"decision": self.tender().recommendation_reason}

    def call_service(self, form) -> Any:
        return services.award_decide(
            actor=self.request.user, tender=self.tender(), decision=form.cleaned_data["decision"]
        )


class StandstillExemptionView(AwardMixin, FormPage):
    """Instead of the award notice's standstill: the reason this award has none (s.51)."""

    permission_required = AWARD
    form_class = forms.StandstillExemptionForm
    title = "Award without a standstill"
    success_message = "Recorded: this award has no mandatory standstill"

    def call_service(self, form) -> Any:
        return services.award_outcome_release(
            actor=self.request.user,
            tender=self.tender(),
            exemption=form.cleaned_data["exemption"],
            note=form.cleaned_data["note"],
        )


class AwardView(AwardMixin, FormPage):
    """Step 2: the officer enters into the contract once the standstill has ended."""

    permission_required = AWARD
    form_class = forms.AwardForm
    title = "Enter into the contract"

    def get_initial(self) -> dict[str, Any]:
        tender = self.tender()
        bid = tender.recommended_bid
        return {
            "title": tender.title,
            "value": bid.price if bid else None,
            "starts_on": tender.project.contract_starts_on,
            "ends_on": tender.project.contract_ends_on,
        }

    def get_intro(self) -> str:
        tender = self.tender()
        bid = tender.recommended_bid
        words = selectors.award_step(tender).words
        if bid is None or tender.status != TenderStatus.STANDSTILL:
            return words
        return (
            f"{words} The decided bid is from {bid.supplier}. Its commitments become the "
            f"contract's KPIs ({bid.commitments.count()} commitments, "
            f"{bid.own_proposals.count()} own proposals), valued at the proxies frozen when "
            "the tender was published."
        )

    success_message = "Contract {result.reference} entered into"

    def call_service(self, form) -> Any:
        return services.contract_award(
            actor=self.request.user,
            tender=self.tender(),
            terms=input_from(services.Terms, form.cleaned_data),
        )

    def get_success_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.result.pk])


class ContractRecordView(FormPage):
    """A direct award, or a contract signed before the platform."""

    permission_required = AWARD
    form_class = forms.ContractRecordForm
    title = "Record a contract not tendered here"
    intro = "Add its social value KPIs on the next page, before the supplier's first return."

    success_message = "Contract {result.reference} recorded"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        return services.contract_record(
            actor=self.request.user,
            supplier=data["supplier"],
            route=data["route"],
            terms=input_from(services.Terms, data),
        )

    def get_success_url(self) -> str:
        return reverse("contracts:kpi_create", args=[self.result.pk])


class KpiCreateView(ContractMixin, FormPage):
    permission_required = MANAGE
    form_class = forms.KpiForm
    title = "Add a social value KPI"

    def back_url(self) -> str:
        return self.contract_url()

    success_message = "KPI added"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        return services.kpi_add(
            actor=self.request.user,
            contract=self.get_contract(),
            measure=data["measure"],
            title=data["title"],
            unit=data["unit"],
            quantity=data["quantity"],
            basis=data["basis"],
            contract_year=data["contract_year"],
            unit_value=data["unit_value"],
        )


# Returns ----------------------------------------------------------------------------------


class ReturnDetailView(ContractMixin, PermissionMixin, TemplateView):
    """A period's return: each line with its status, evidence and every earlier version."""

    permission_required = VIEW
    template_name = "contracts/return_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        contract = self.get_contract()
        try:
            period = services.period_of(contract, self.kwargs["period"])
        except DomainError as error:
            raise Http404(error.message) from error
        delivery_return = contract.returns.filter(period_number=period.number).first()
        lines = []
        if delivery_return is not None:
            for line in delivery_return.lines.select_related("kpi", "reviewed_by"):
                lines.append(
                    {
                        "line": line,
                        "evidence": list(line.evidence.all()),
                        "versions": list(
                            line.history.select_related("history_user").order_by(
                                "-history_date", "-history_id"
                            )
                        ),
                    }
                )
        context.update(
            period=period,
            delivery_return=delivery_return,
            lines=lines,
            is_supplier=self.request.user.has_perm(SUBMIT),
            can_verify=self.request.user.has_perm(VERIFY),
            can_submit=self.request.user.has_perm(SUBMIT)
            and (delivery_return is None or not delivery_return.is_submitted)
            and period.end <= timezone.localdate(),
        )
        return context


class ReturnSubmitView(ContractMixin, FormPage):
    permission_required = SUBMIT
    form_class = forms.ReturnForm

    def period(self) -> rules.Period:
        try:
            return services.period_of(self.get_contract(), self.kwargs["period"])
        except DomainError as error:
            raise Http404(error.message) from error

    def back_url(self) -> str:
        return self.contract_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        contract, period = self.get_contract(), self.period()
        kwargs["kpis"] = [
            (kpi, rules.period_target(kpi.target, period, contract.reporting_months))
            for kpi in services.kpis_for_period(contract, period)
        ]
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        period = self.period()
        self.title = f"Return for {period.start:%-d %B %Y} to {period.end:%-d %B %Y}"
        self.intro = (
            f"{self.get_contract()}. Say what was delivered against each KPI and attach the "
            "evidence. The contract manager checks each line."
        )
        if period.end > timezone.localdate():
            self.intro += f" You can submit it from {period.end:%-d %B %Y}, its last day."
        return super().get_context_data(**kwargs)

    success_message = "Return submitted"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        lines = [
            services.LineInput(
                kpi=kpi,
                quantity=data[f"quantity_{kpi.pk}"],
                narrative=data[f"narrative_{kpi.pk}"],
                files=data[f"evidence_{kpi.pk}"],
            )
            for kpi in form.kpis
        ]
        return services.return_submit(
            actor=self.request.user,
            contract=self.get_contract(),
            period_number=self.period().number,
            lines=lines,
        )

    def get_problem_fields(self) -> dict[str, str]:
        """The form's fields for each KPI's line (``lines.<kpi id>.narrative``...)."""
        kpis = services.kpis_for_period(self.get_contract(), self.period())
        return {
            f"lines.{kpi.pk}.{name}": f"{name}_{kpi.pk}"
            for kpi in kpis
            for name in ("quantity", "narrative")
        }

    def get_success_url(self) -> str:
        return reverse(
            "contracts:return_detail", args=[self.get_contract().pk, self.period().number]
        )


class LineMixin:
    """A page about one return line the user may see: 404 otherwise."""

    def get_line(self) -> ReturnLine:
        if not hasattr(self, "_line"):
            self._line = get_object_or_404(
                selectors.lines_visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        return self._line

    def back_url(self) -> str:
        line = self.get_line()
        return reverse(
            "contracts:return_detail",
            args=[line.delivery_return.contract_id, line.delivery_return.period_number],
        )


class LineCorrectView(LineMixin, FormPage):
    permission_required = SUBMIT
    form_class = forms.LineCorrectForm
    title = "Correct a rejected line"

    def get_initial(self) -> dict[str, Any]:
        line = self.get_line()
        return {"quantity": line.quantity, "narrative": line.narrative}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        line = self.get_line()
        self.intro = f"{line.kpi}. Rejected because: {line.reason or '(no reason given)'}"
        return super().get_context_data(**kwargs)

    success_message = "Line resubmitted"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        return services.line_correct(
            actor=self.request.user,
            line=self.get_line(),
            quantity=data["quantity"],
            narrative=data["narrative"],
            files=data["evidence"],
        )


class LineReviewView(LineMixin, FormPage):
    permission_required = VERIFY
    form_class = forms.LineReviewForm
    title = "Check a delivery line"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        line = self.get_line()
        self.intro = (
            f"{line.kpi}: {line.quantity.normalize():f} {line.kpi.unit} reported "
            f"(version {line.version}). {line.narrative}"
        )
        return super().get_context_data(**kwargs)

    def verifying(self) -> bool:
        return self.request.POST.get("decision") == "verify"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        if data["decision"] == "verify":
            return services.line_verify(actor=self.request.user, line=self.get_line())
        return services.line_reject(
            actor=self.request.user, line=self.get_line(), reason=data["reason"]
        )

    def get_success_message(self) -> str:
        if self.verifying():
            return "Line verified"
        return "Line rejected: the supplier can correct it"


class EvidenceDownloadView(PermissionMixin, View):
    permission_required = VIEW

    def get(self, request, pk: int) -> FileResponse:
        lines = selectors.lines_visible_to(request.user)
        evidence = get_object_or_404(EvidenceFile, pk=pk, line__in=lines)
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# Recovery plans, messages, variations ------------------------------------------------------


class RecoveryPlanView(FormPage):
    permission_required = VERIFY
    form_class = forms.RecoveryPlanForm
    title = "Record a recovery plan"

    def kpi(self) -> Kpi:
        contracts = selectors.contracts_visible_to(self.request.user)
        return get_object_or_404(Kpi, pk=self.kwargs["pk"], contract__in=contracts)

    def back_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.kpi().contract_id])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kpi = self.kpi()
        self.intro = f"{kpi} on {kpi.contract}: what the supplier will do to get back on track."
        return super().get_context_data(**kwargs)

    success_message = "Recovery plan recorded"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        return services.recovery_plan_record(
            actor=self.request.user,
            kpi=self.kpi(),
            actions=data["actions"],
            recover_by=data["recover_by"],
        )


class MessagesView(ContractMixin, FormPage):
    permission_required = MESSAGE
    template_name = "contracts/messages.html"
    form_class = forms.MessageForm

    def back_url(self) -> str:
        return self.contract_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = f"Messages about {self.get_contract().reference}"
        context = super().get_context_data(**kwargs)
        context["thread"] = self.get_contract().messages.select_related("sender")
        return context

    success_message = "Message sent"

    def call_service(self, form) -> Any:
        return services.message_send(
            actor=self.request.user,
            contract=self.get_contract(),
            body=form.cleaned_data["body"],
        )

    def get_success_url(self) -> str:
        return reverse("contracts:messages", args=[self.get_contract().pk])


class VariationCreateView(ContractMixin, FormPage):
    permission_required = MANAGE
    form_class = forms.VariationForm

    def kind(self) -> VariationKind:
        try:
            return VariationKind(self.kwargs["kind"])
        except ValueError as error:
            raise Http404("No such kind of variation") from error

    def back_url(self) -> str:
        return self.contract_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(kind=self.kind(), contract=self.get_contract())
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = f"Change the contract: {self.kind().label.lower()}"
        self.intro = "Someone else approves the change before it applies. History is kept."
        return super().get_context_data(**kwargs)

    success_message = "Variation recorded: it waits for approval"

    def call_service(self, form) -> Any:
        return services.variation_request(
            actor=self.request.user,
            contract=self.get_contract(),
            kind=self.kind(),
            new_values=form.new_values(),
            reason=form.cleaned_data["reason"],
            kpi=form.cleaned_data.get("kpi"),
        )


class VariationDecideView(FormPage):
    permission_required = MANAGE
    form_class = forms.VariationDecideForm
    title = "Approve or refuse a variation"

    def variation(self) -> ContractVariation:
        return get_object_or_404(
            ContractVariation.objects.select_related("contract", "kpi", "requested_by"),
            pk=self.kwargs["pk"],
        )

    def back_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.variation().contract_id])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        v = self.variation()
        self.intro = (
            f"{v.get_kind_display()}{' of ' + str(v.kpi) if v.kpi else ''}: from {v.old_text} "
            f"to {v.new_text}. Reason: {v.reason} (asked by {v.requested_by})."
        )
        return super().get_context_data(**kwargs)

    success_message = "Decision saved"

    def call_service(self, form) -> Any:
        # The service refuses a variation already decided (its problem shows in the summary).
        return services.variation_decide(
            actor=self.request.user,
            variation=self.variation(),
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )


# Dashboards -------------------------------------------------------------------------------


class DashboardView(PermissionMixin, TemplateView):
    """Committed against delivered, in units and pounds, by contract, supplier, theme,
    outcome and priority, with charts. ``?format=csv`` downloads the tables."""

    permission_required = VIEW_DELIVERY
    template_name = "contracts/dashboard.html"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        fmt = request.GET.get("format")
        if fmt:
            rows = dashboard.flat_rows(dashboard.dashboard_tables())
            return export_response(
                rows, dashboard.CSV_COLUMNS, filename="social-value-delivery", fmt=fmt
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tables = dashboard.dashboard_tables()
        for table in tables:
            valued = any(row.valued for row in table.rows)  # a chart of pounds needs pounds
            table.chart = dashboard.delivery_chart(table) if valued else ""
        context.update(
            tables=tables,
            overdue=selectors.returns_overdue(),
            rule=selectors.delivery_rule_current(),
        )
        return context


class SupplierRecordView(PermissionMixin, ExportMixin, TemplateView):
    """A supplier's delivery record across its contracts (used by tender evaluation);
    ``?format=csv|xlsx`` downloads its contracts with their status."""

    permission_required = VIEW_DELIVERY
    template_name = "contracts/supplier_record.html"
    export_columns = CONTRACT_COLUMNS

    @property
    def export_filename(self) -> str:
        return f"delivery-record-supplier-{self.kwargs['pk']}"

    def export_rows(self):
        supplier = get_object_or_404(Supplier, pk=self.kwargs["pk"])
        return selectors.contract_statuses(supplier.contracts.all())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        supplier = get_object_or_404(Supplier, pk=self.kwargs["pk"])
        statuses = selectors.contract_statuses(supplier.contracts.all())
        record = selectors.supplier_delivery_record([supplier.pk]).get(supplier.pk)
        context.update(
            supplier=supplier,
            statuses=statuses,
            record=record,
            record_percent=None if record is None else (record * 100).quantize(Decimal("0.1")),
        )
        return context
