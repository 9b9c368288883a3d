from __future__ import annotations

from django import forms

from socialvalue.core.forms import GovukForm, GovukModelForm
from socialvalue.core.uploads import MAX_TABLE_IMPORT_BYTES, check_table_upload
from socialvalue.policy.models import (
    ContractingAuthority,
    DeliveryStatusRule,
    EvaluationRule,
    LocalArea,
    Measure,
    Organisation,
    Outcome,
    PlanPeriod,
    PolicyStatement,
    Priority,
    Theme,
    Threshold,
    district_code_validator,
)
from socialvalue.policy.selectors import priorities_current


class OrganisationForm(GovukModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "authority_type",
            "financial_year_start_month",
            "policy_title",
            "policy_adopted_on",
            "contact_email",
        ]
        widgets = {"authority_type": forms.RadioSelect}


class PlanPeriodForm(GovukModelForm):
    class Meta:
        model = PlanPeriod
        fields = ["title", "starts_on", "ends_on"]


class PriorityForm(GovukModelForm):
    class Meta:
        model = Priority
        fields = ["plan_period", "number", "title", "description"]


class PolicyStatementForm(GovukModelForm):
    class Meta:
        model = PolicyStatement
        fields = ["kind", "reference", "title", "text", "order"]
        widgets = {"kind": forms.RadioSelect}


class EvaluationRuleForm(GovukModelForm):
    submit_label = "Save new rule"

    class Meta:
        model = EvaluationRule
        fields = ["minimum_weighting_percent", "basis", "effective_from", "rationale"]
        widgets = {"basis": forms.RadioSelect}
        labels = {"minimum_weighting_percent": "Minimum social value weighting (%)"}


class DeliveryStatusRuleForm(GovukModelForm):
    submit_label = "Save new rule"

    class Meta:
        model = DeliveryStatusRule
        fields = [
            "green_from_percent",
            "amber_from_percent",
            "return_due_days",
            "effective_from",
            "rationale",
        ]


class ThresholdForm(GovukModelForm):
    class Meta:
        model = Threshold
        fields = [
            "regime",
            "valid_from",
            "valid_to",
            "authority_type",
            "contract_type",
            "amount_inc_vat",
            "source",
        ]
        widgets = {"authority_type": forms.RadioSelect}


class DistrictCodesField(forms.CharField):
    """District codes typed one per line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        codes = [c.strip().upper() for c in text.replace(",", "\n").splitlines() if c.strip()]
        return list(dict.fromkeys(codes))

    def validate(self, value):
        super().validate(value)
        bad = []
        for code in value:
            try:
                district_code_validator(code)
            except forms.ValidationError:
                bad.append(code)
        if bad:
            raise forms.ValidationError(
                "These are not local authority district codes (like E07000123): " + ", ".join(bad)
            )


class LocalAreaForm(GovukModelForm):
    district_codes = DistrictCodesField(
        help_text="ONS local authority district codes, one per line, for example E07000123"
    )

    class Meta:
        model = LocalArea
        fields = ["name", "code", "order", "district_codes"]


class ContractingAuthorityForm(GovukModelForm):
    class Meta:
        model = ContractingAuthority
        fields = [
            "name",
            "short_name",
            "identifier_scheme",
            "identifier",
            "street_address",
            "town",
            "postcode",
            "contact_name",
            "contact_email",
            "contact_telephone",
            "order",
        ]


class ThemeForm(GovukModelForm):
    class Meta:
        model = Theme
        fields = ["code", "title", "description", "order"]


class OutcomeForm(GovukModelForm):
    class Meta:
        model = Outcome
        fields = ["theme", "code", "title"]


class MeasureForm(GovukModelForm):
    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "outcome",
            "unit",
            "proxy_value",
            "proxy_source",
            "proxy_year",
            "evidence_required",
            "priorities",
            "active",
        ]
        widgets = {"priorities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = Outcome.objects.select_related("theme")
        self.fields["outcome"].label_from_instance = lambda o: f"{o.theme} – {o.title}"
        self.fields["priorities"].queryset = priorities_current()
        self.fields["priorities"].help_text = "Police and Crime Plan priorities this measure serves"


class MeasureImportForm(GovukForm):
    submit_label = "Check and import"
    file = forms.FileField(
        label="Measures file",
        help_text="A CSV or XLSX file with the columns of the export, smaller than "
        f"{MAX_TABLE_IMPORT_BYTES // (1024 * 1024)} MB. It is imported in the background; "
        "nothing is saved if any row has a problem.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_table_upload(upload)
        return upload
