"""Forms of the contract pages (GOV.UK markup through crispy-forms-gds)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from socialvalue.accounts.roles import Role
from socialvalue.contracts.models import Basis, Frequency, Kpi, Route, VariationKind
from socialvalue.core.fields import Digits
from socialvalue.core.forms import GovukDateField, GovukForm
from socialvalue.core.uploads import allowed_types_text, check_upload
from socialvalue.domain.standstill import Exemption
from socialvalue.policy.models import Measure
from socialvalue.suppliers.models import Supplier


class _Quantity(Digits):
    min_value: Decimal


QUANTITY: _Quantity = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}
EVIDENCE_HELP = f"{allowed_types_text()}, up to 10 MB each. You can choose several files."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked for type, size and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [f for f in (super(EvidenceField, self).clean(u, initial) for u in uploads) if f]
        for upload in cleaned:
            check_upload(upload)
        return cleaned


def _managers():
    from socialvalue.accounts.models import User

    return User.objects.filter(groups__name__in=[Role.CONTRACT_MANAGER], is_active=True).distinct()


class TermsForm(GovukForm):
    """The terms shared by an award and a direct award."""

    reference = forms.CharField(max_length=40, help_text="For example LC-C-2026-007")
    title = forms.CharField(max_length=200, required=False)
    value = forms.DecimalField(label="Contract value (£)", max_digits=14, decimal_places=2)
    starts_on = forms.DateField(label="Contract starts")
    ends_on = forms.DateField(label="Contract ends")
    extension_options = forms.CharField(
        label="Options to extend",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: two extensions of 12 months.",
    )
    extension_months = forms.IntegerField(
        label="Extension available (months in all)", required=False, min_value=0
    )
    reporting_months = forms.TypedChoiceField(
        label="How often the supplier reports",
        choices=Frequency.choices,
        coerce=int,
        initial=Frequency.QUARTERLY,
        widget=forms.RadioSelect,
    )
    manager = forms.ModelChoiceField(
        label="Contract manager", queryset=None, required=False, empty_label="Not yet chosen"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = _managers()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The contract must end on or after it starts")
        return cleaned


class AwardDecisionForm(GovukForm):
    submit_label = "Confirm the award decision"
    decision = forms.CharField(
        label="Award decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who decided, when, and why this bid. The scores are locked from now on.",
        error_messages={"required": "Record the award decision: who decided and why"},
    )


class StandstillExemptionForm(GovukForm):
    submit_label = "Record why there is no standstill"
    exemption = forms.ChoiceField(
        label="Why does this award have no mandatory standstill?",
        choices=[(e.value, f"{e.label} ({e.authority})") for e in Exemption],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why this award has no mandatory standstill"},
    )
    note = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the framework and its lot, or the urgency.",
    )


class AwardForm(TermsForm):
    """Entering into the contract: the standstill and the decision come from the award."""

    submit_label = "Enter into the contract"
    field_order = ["reference", "title", "value"]


class ContractRecordForm(TermsForm):
    submit_label = "Save the contract"
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.order_by("name"))
    route = forms.ChoiceField(
        label="How was it awarded?",
        choices=[c for c in Route.choices if c[0] != Route.TENDERED],
        widget=forms.RadioSelect,
    )
    award_decision = forms.CharField(
        label="Award decision or basis", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["supplier", "route", "reference", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True


class KpiForm(GovukForm):
    submit_label = "Add the KPI"
    measure = forms.ModelChoiceField(
        queryset=Measure.objects.filter(active=True).order_by("code"),
        required=False,
        empty_label="Not a library measure",
        help_text="The measure's unit and proxy value are used unless you give others.",
    )
    title = forms.CharField(
        label="What is delivered", required=False, help_text="Only when there is no measure."
    )
    unit = forms.CharField(required=False, help_text="Only when there is no measure.")
    quantity = forms.DecimalField(label="Target quantity", **QUANTITY)
    basis = forms.ChoiceField(choices=Basis.choices, initial=Basis.PER_YEAR)
    contract_year = forms.IntegerField(
        label="Applies in contract year",
        required=False,
        min_value=1,
        help_text="Leave blank when the target applies every year.",
    )
    unit_value = forms.DecimalField(
        label="Agreed value per unit (£)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="Leave blank to use the measure's proxy value.",
    )


def line_fields(form: forms.Form, kpi: Kpi, *, target: Decimal) -> None:
    """Add the quantity, narrative and evidence fields of one KPI to a return form."""
    label = f"{kpi.title} ({kpi.unit})"
    form.fields[f"quantity_{kpi.pk}"] = forms.DecimalField(
        label=f"{label}: quantity delivered",
        help_text=f"Target for the period: {target.normalize():f} {kpi.unit}",
        **QUANTITY,
    )
    form.fields[f"narrative_{kpi.pk}"] = forms.CharField(
        label=f"{label}: what was delivered",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    form.fields[f"evidence_{kpi.pk}"] = EvidenceField(
        label=f"{label}: evidence", help_text=EVIDENCE_HELP
    )


class ReturnForm(GovukForm):
    submit_label = "Submit the return"

    def __init__(self, *args, kpis: list[tuple[Kpi, Decimal]], **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = [kpi for kpi, _ in kpis]
        for kpi, target in kpis:
            line_fields(self, kpi, target=target)


class LineCorrectForm(GovukForm):
    submit_label = "Resubmit the line"
    quantity = forms.DecimalField(label="Quantity delivered", **QUANTITY)
    narrative = forms.CharField(
        label="What was delivered", widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = EvidenceField(label="More evidence", help_text=EVIDENCE_HELP)


class LineReviewForm(GovukForm):
    submit_label = "Save the decision"
    decision = forms.ChoiceField(
        choices=[("verify", "Verify: the evidence supports it"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for rejecting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The supplier sees this and corrects the line.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why the line is rejected")
        return cleaned


class RecoveryPlanForm(GovukForm):
    submit_label = "Record the recovery plan"
    actions = forms.CharField(label="What will be done", widget=forms.Textarea(attrs={"rows": 5}))
    recover_by = forms.DateField(label="Back on track by")


class MessageForm(GovukForm):
    submit_label = "Send"
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 4}))


class VariationForm(GovukForm):
    submit_label = "Ask for approval"
    reason = forms.CharField(
        label="Reason for the change", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kind: str, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == VariationKind.VALUE:
            self.fields["value"] = forms.DecimalField(
                label="New contract value (£)", max_digits=14, decimal_places=2, min_value=0
            )
        elif kind == VariationKind.DATES:
            self.fields["starts_on"] = GovukDateField(label="New start date")
            self.fields["ends_on"] = GovukDateField(label="New end date")
        else:
            self.fields["kpi"] = forms.ModelChoiceField(
                label="KPI", queryset=contract.kpis.order_by("position", "pk")
            )
            self.fields["quantity"] = forms.DecimalField(label="New target quantity", **QUANTITY)
            self.fields["basis"] = forms.ChoiceField(choices=Basis.choices)
        self.order_fields([n for n in self.fields if n != "reason"] + ["reason"])

    def new_values(self) -> dict:
        data = self.cleaned_data
        if self.kind == VariationKind.VALUE:
            return {"value": data["value"]}
        if self.kind == VariationKind.DATES:
            return {"starts_on": data["starts_on"], "ends_on": data["ends_on"]}
        return {"quantity": data["quantity"], "basis": data["basis"]}


class VariationDecideForm(GovukForm):
    submit_label = "Save the decision"
    decision = forms.ChoiceField(
        choices=[("approve", "Approve and apply"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why this award has no mandatory standstill"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you refuse.",
    )
