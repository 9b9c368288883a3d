"""Forms of the notice pages (GOV.UK markup through crispy-forms-gds)."""

from __future__ import annotations

from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.domain.notices import PerformanceRating
from socialvalue.notices.selectors import RatingRow, authorities

RATING_CHOICES = [(r.value, r.label) for r in PerformanceRating]


class AuthorityFilterForm(forms.Form):
    """Which contracting authority to show; blank shows both together. Plain GET form."""

    authority = forms.ChoiceField(label="Contracting authority", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All contracting authorities")] + [
            (str(a.pk), a.name) for a in authorities()
        ]


class PublicationForm(GovukForm):
    published_on = forms.DateField(label="Date it was published on Find a Tender")
    reference = forms.CharField(
        label="Find a Tender notice reference",
        max_length=40,
        help_text="As Find a Tender shows it, for example 2026/S 000-012345",
    )
    submit_label = "Record as published"


class PublicationCorrectionForm(PublicationForm):
    reason = forms.CharField(
        label="Why was the record wrong?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the notice's history and in the audit log",
        error_messages={"required": "Say why the record was wrong"},
    )
    submit_label = "Correct the record"


class ExemptionForm(GovukForm):
    exempt_reason = forms.CharField(
        label="Why is the contract exempt?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for an exempted contract under Schedule 2 of the Act, with the "
        "paragraph. Leave blank when the Act applies.",
    )


class RatingsForm(GovukForm):
    """One rating and note per KPI, the proposal preselected."""

    submit_label = "Confirm ratings"

    def __init__(self, *args, rows: list[RatingRow], **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)
        for row in rows:
            kpi = row.kpi_status.kpi
            self.fields[f"kpi_{kpi.pk}"] = forms.ChoiceField(
                label=f"{kpi.code} {kpi.title}",
                choices=RATING_CHOICES,
                initial=(row.rating or row.proposed).value,
                widget=forms.RadioSelect,
                help_text=f"Proposed from delivery: {row.proposed.label}",
            )
            self.fields[f"note_{kpi.pk}"] = forms.CharField(
                label=f"Why, if {kpi.title} is rated differently from the proposal",
                required=False,
                initial=row.confirmed.note if row.confirmed else "",
            )

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            row.kpi_status.kpi.pk: (
                self.cleaned_data[f"kpi_{row.kpi_status.kpi.pk}"],
                self.cleaned_data[f"note_{row.kpi_status.kpi.pk}"],
            )
            for row in self.rows
        }
