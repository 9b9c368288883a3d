"""Forms of the procurement pages (GOV.UK markup through crispy-forms-gds)."""

from __future__ import annotations

from django import forms

from socialvalue.accounts.roles import Role
from socialvalue.core.forms import GovukForm, GovukModelForm, PostcodeMixin
from socialvalue.core.uploads import check_upload
from socialvalue.policy.models import Measure
from socialvalue.policy.selectors import priorities_current
from socialvalue.procurement import selectors
from socialvalue.procurement.models import (
    Assessment,
    AssessmentMeasure,
    Category,
    EngagementRecord,
    EventRegistration,
    Guidance,
    InterestRegistration,
    Lot,
    Project,
    ValueBand,
)


class ProjectForm(GovukModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "requesting_department",
            "owner",
            "contracting_authority",
            "category",
            "estimated_value",
            "value_includes_vat",
            "procurement_starts_on",
            "contract_starts_on",
            "contract_ends_on",
            "contact_email",
            "published",
        ]
        widgets = {
            "category": forms.RadioSelect,
            "value_includes_vat": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = (
            owner.queryset.filter(
                groups__name__in=[Role.PROCUREMENT_OFFICER, Role.ADMINISTRATOR], is_active=True
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        owner.label_from_instance = lambda u: u.get_full_name() or u.username
        owner.help_text = "The officer who runs this procurement"
        authority = self.fields["contracting_authority"]
        # Required once the organisation has its bodies; an installation that has none yet
        # can still start projects (the migration gives old ones the first body).
        authority.required = authority.queryset.exists()
        authority.empty_label = None if authority.required else "Not chosen yet"
        if not self.instance.pk and authority.required:
            authority.initial = authority.queryset.first().pk


class LotForm(GovukModelForm):
    class Meta:
        model = Lot
        fields = ["title", "value"]


class StageMoveForm(GovukForm):
    reason = forms.CharField(
        label="Why is the project moving?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept in the project's history.",
    )

    def __init__(self, *args, submit_label: str = "Move project", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class ValueBandForm(GovukModelForm):
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to use the band for every category.",
    )

    class Meta:
        model = ValueBand
        fields = ["min_value", "max_value", "weighting_percent", "measure_count", "categories"]


class AssessmentForm(GovukModelForm):
    """The assessment; the page has a second button to save and sign off."""

    class Meta:
        model = Assessment
        fields = [
            "relevant",
            "not_relevant_rationale",
            "priorities",
            "weighting_percent",
            "market_input",
            "community_input",
            "engagements",
        ]
        widgets = {
            "relevant": forms.RadioSelect,
            "priorities": forms.CheckboxSelectMultiple,
            "engagements": forms.CheckboxSelectMultiple,
            "not_relevant_rationale": forms.Textarea(attrs={"rows": 3}),
            "market_input": forms.Textarea(attrs={"rows": 4}),
            "community_input": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.layout import Submit

        self.fields["relevant"] = forms.TypedChoiceField(
            label=Assessment._meta.get_field("relevant").verbose_name.capitalize(),
            choices=[("True", "Yes"), ("False", "No")],
            coerce=lambda v: v == "True",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["priorities"].queryset = priorities_current()
        self.fields[
            "priorities"
        ].help_text = "Police and Crime Plan priorities this contract serves"
        self.fields["engagements"].queryset = selectors.engagement_for_project(project)
        self.fields["engagements"].help_text = "Consultations and market engagement behind this"
        minimum = selectors.policy_minimum_weighting()
        self.fields[
            "weighting_percent"
        ].help_text = f"At least {minimum.normalize():f}% when added social value is relevant."
        self.helper.add_input(
            Submit("sign_off", "Save and sign off", css_class="govuk-button--secondary")
        )


class AssessmentMeasureForm(GovukModelForm):
    submit_label = "Add measure"

    class Meta:
        model = AssessmentMeasure
        fields = ["measure", "target"]
        labels = {"target": "Target quantity"}
        help_texts = {"target": "In the measure's unit, for example 120 (hours) or 2.5 (tonnes)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(active=True).order_by("code")
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.title} ({m.unit})"


class EngagementForm(GovukModelForm):
    class Meta:
        model = EngagementRecord
        fields = [
            "title",
            "kind",
            "project",
            "held_on",
            "starts_at",
            "location",
            "local_count",
            "sme_count",
            "vcse_count",
            "equality_groups_count",
            "learned",
            "registration_open",
        ]
        widgets = {"kind": forms.RadioSelect, "learned": forms.Textarea(attrs={"rows": 5})}


class AttachmentForm(GovukForm):
    submit_label = "Upload"
    file = forms.FileField(
        label="File",
        help_text="PDF, Word (.docx), Excel (.xlsx), OpenDocument text, CSV, text, PNG or "
        "JPEG, up to 10 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class EventRegistrationForm(PostcodeMixin, GovukModelForm):
    submit_label = "Register"

    class Meta:
        model = EventRegistration
        fields = ["name", "organisation", "email", "postcode", "size", "legal_form", "interests"]
        widgets = {
            "size": forms.RadioSelect,
            "legal_form": forms.RadioSelect,
            "interests": forms.Textarea(attrs={"rows": 3}),
        }


class InterestForm(PostcodeMixin, GovukModelForm):
    submit_label = "Register interest"

    class Meta:
        model = InterestRegistration
        fields = ["name", "organisation", "email", "postcode", "size", "legal_form", "message"]
        widgets = {
            "size": forms.RadioSelect,
            "legal_form": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }


class AttendanceForm(GovukForm):
    submit_label = "Save attendance"

    def __init__(self, *args, event: EngagementRecord, **kwargs):
        super().__init__(*args, **kwargs)
        registrations = list(event.registrations.all())
        self.fields["attended"] = forms.MultipleChoiceField(
            label="Who attended?",
            choices=[(str(r.pk), f"{r.name}, {r.organisation}") for r in registrations],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Everyone not ticked is recorded as not attending.",
            initial=[str(r.pk) for r in registrations if r.attended],
        )


class GuidanceForm(GovukModelForm):
    class Meta:
        model = Guidance
        fields = ["title", "slug", "audience", "summary", "body", "order"]
        widgets = {"audience": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 16})}
