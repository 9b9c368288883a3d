"""Forms of the tender and bid pages (GOV.UK markup through crispy-forms-gds)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from crispy_forms_gds.layout import Submit
from django import forms
from django.utils import timezone

from socialvalue.core.forms import GovukForm, GovukModelForm
from socialvalue.core.uploads import allowed_types_text, check_upload
from socialvalue.domain.evaluation import DEFAULT_SCALE, PERCENT_SCALE
from socialvalue.domain.money import format_quantity
from socialvalue.policy.models import Measure
from socialvalue.procurement.models import Lot, Project, Stage
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import (
    Criterion,
    CriterionKind,
    OwnProposal,
    PriceMethod,
    TargetMeasure,
    Tender,
)
from socialvalue.tendering.services import CommitmentLine

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
YES_NO = [("True", "Yes"), ("False", "No")]


def govuk_number_inputs(form: forms.BaseForm) -> None:
    """Numbers as GOV.UK text inputs (the number input is not styled, and the Design System
    advises against it): numeric keyboard, sized for the number."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.NumberInput):
            decimal = isinstance(field, forms.DecimalField)
            field.widget = forms.TextInput(
                attrs={
                    "inputmode": "decimal" if decimal else "numeric",
                    "spellcheck": "false",
                    "class": "govuk-input--width-10" if decimal else "govuk-input--width-4",
                }
            )


def _datetime_field(label: str, help_text: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text,
    )


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class TenderForm(GovukModelForm):
    """A tender's details and the price side of its evaluation model."""

    class Meta:
        model = Tender
        fields = [
            "project",
            "lot",
            "reference",
            "title",
            "description",
            "deadline",
            "clarification_deadline",
            "estimated_value",
            "quality_weight",
            "price_weight",
            "price_method",
            "price_difference_deduction",
            "price_band_lowest",
            "price_band_highest",
            "social_value_relevant",
            "prices_open_after_moderation",
            "abnormally_low_share",
            "commitments_share",
            "past_delivery_threshold",
        ]
        widgets = {
            "price_method": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "quality_weight": "Quality weight (% of the total score)",
            "price_weight": "Price weight (% of the total score)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        project.queryset = Project.objects.filter(stage=Stage.TENDER).order_by("title")
        project.help_text = "Only projects at the tender stage are listed."
        lot = self.fields["lot"]
        lot.queryset = Lot.objects.select_related("project").filter(project__stage=Stage.TENDER)
        lot.label_from_instance = lambda item: f"{item.project.title}: {item.title}"
        lot.help_text = "Leave blank when the tender covers the whole project."
        self.fields["deadline"] = _datetime_field(
            "Deadline for bids", "Date and time, for example 2027-03-31 12:00 (UK time)"
        )
        self.fields["social_value_relevant"] = _yes_no(
            "Is added social value relevant to this contract?",
            "When it is, the policy's minimum social value weighting applies.",
        )
        self.fields["prices_open_after_moderation"] = _yes_no(
            "Open prices only after quality moderation?",
            "Evaluators then score quality and social value without seeing prices.",
        )
        govuk_number_inputs(self)

    def clean(self):
        data = super().clean()
        deadline = data.get("deadline")
        if deadline is not None and deadline <= timezone.now() and not self.instance.pk:
            self.add_error("deadline", "The deadline must be in the future")
        quality, price = data.get("quality_weight"), data.get("price_weight")
        if quality is not None and price is not None and quality + price != 100:
            self.add_error(
                "price_weight",
                f"The quality and price weights must add up to 100: they add up to "
                f"{(quality + price).normalize():f}",
            )
        if data.get("price_method") == PriceMethod.SET_PRICE_BAND:
            for field in ("price_band_lowest", "price_band_highest"):
                if data.get(field) is None:
                    self.add_error(field, "Enter the price band for the set price band method")
        return data


SCALE_PRESETS = [
    ("0-5", "0 to 5, with the standard descriptors"),
    ("0-100", "0 to 100"),
    ("custom", "Another scale"),
]


def _descriptor_lines(descriptors) -> str:
    return "\n".join(f"{score}: {text}" for score, text in descriptors)


def _preset_of(criterion: Criterion) -> str:
    standard = [[str(score), text] for score, text in DEFAULT_SCALE.descriptors]
    scale = (criterion.scale_minimum, criterion.scale_maximum, criterion.scale_step)
    descriptors = [[str(s), t] for s, t in criterion.descriptors]
    if scale == (0, 5, 1) and descriptors == standard:
        return "0-5"
    if scale == (0, 100, 1):
        return "0-100"
    return "custom"


class CriterionForm(GovukModelForm):
    """A quality or social value question with its weight, scale and pass mark."""

    scale = forms.ChoiceField(
        label="Scoring scale",
        choices=SCALE_PRESETS,
        widget=forms.RadioSelect,
        initial="0-5",
        help_text="Commitments criteria are valued in pounds, not scored on a scale.",
    )
    descriptors_text = forms.CharField(
        label="Descriptors for another scale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line, the score then a colon, for example '2: Meets the requirement'.",
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "title",
            "question",
            "kind",
            "weight",
            "scale",
            "scale_minimum",
            "scale_maximum",
            "scale_step",
            "descriptors_text",
            "pass_mark",
            "sv_method",
            "sv_target",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "sv_method": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "scale_minimum": "Lowest score (another scale only)",
            "scale_maximum": "Highest score (another scale only)",
            "scale_step": "Step between scores (another scale only)",
            "pass_mark": "Pass mark (optional)",
        }
        help_texts = {
            "pass_mark": "A bid whose agreed score is below this is excluded.",
            "sv_method": "Only for a commitments criterion.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        self.fields["sv_method"].choices = [
            c for c in self.fields["sv_method"].choices if c[0] != ""
        ]
        self.fields["sv_method"].required = False
        if self.instance.pk:
            self.initial["scale"] = _preset_of(self.instance)
            self.initial["descriptors_text"] = _descriptor_lines(self.instance.descriptors)
        govuk_number_inputs(self)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == CriterionKind.SV_QUANTITATIVE:
            if not data.get("sv_method"):
                self.add_error("sv_method", "Choose how commitments are scored")
            if data.get("pass_mark") is not None:
                self.add_error("pass_mark", "A commitments criterion cannot have a pass mark")
        elif kind and data.get("sv_method"):
            self.add_error("sv_method", "Only a commitments criterion takes a social value method")
        self._apply_scale(data)
        return data

    def _apply_scale(self, data) -> None:
        preset = data.get("scale")
        if preset == "0-5":
            scale = DEFAULT_SCALE
        elif preset == "0-100":
            scale = PERCENT_SCALE
        else:
            self._apply_custom_scale(data)
            return
        data["scale_minimum"], data["scale_maximum"] = scale.minimum, scale.maximum
        data["scale_step"] = scale.step
        data["descriptors"] = [[str(s), t] for s, t in scale.descriptors]

    def _apply_custom_scale(self, data) -> None:
        low, high, step = (
            data.get("scale_minimum"),
            data.get("scale_maximum"),
            data.get("scale_step"),
        )
        if low is None or high is None or step is None:
            return
        if not 0 <= low < high:
            self.add_error("scale_maximum", "The highest score must be above the lowest, from 0 up")
            return
        if step <= 0:
            self.add_error("scale_step", "The step must be more than 0")
            return
        descriptors = []
        for number, line in enumerate(data.get("descriptors_text", "").splitlines(), start=1):
            if not line.strip():
                continue
            score_text, _, text = line.partition(":")
            try:
                score = Decimal(score_text.strip())
            except InvalidOperation:
                score = None
            if score is None or not text.strip():
                self.add_error(
                    "descriptors_text", f"Line {number}: write the score, a colon, then the words"
                )
                return
            if not (low <= score <= high and (score - low) % step == 0):
                self.add_error(
                    "descriptors_text", f"Line {number}: {score} is not a score on the scale"
                )
                return
            descriptors.append([f"{score.normalize():f}", text.strip()])
        data["descriptors"] = descriptors


class BidForm(GovukForm):
    """The price and a written answer to each question of the tender."""

    submit_label = "Save your bid"
    offer_submit = True

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"] = forms.CharField(
            label="Total price (£)",
            required=False,
            help_text="The whole-life price excluding VAT, for example £1,234,567.89",
        )
        for criterion in criteria:
            self.fields[f"response_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.code} {criterion.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=criterion.question,
            )
        self.criteria = list(criteria)
        if self.offer_submit:
            self.helper.add_input(
                Submit("submit_bid", "Save and submit", css_class="govuk-button--secondary")
            )

    def responses(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"response_{c.pk}", "") for c in self.criteria}


class BidAttachmentForm(GovukForm):
    submit_label = "Upload"

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"] = forms.ModelChoiceField(
            label="Which question is the file for?",
            queryset=criteria,
            widget=forms.RadioSelect,
            empty_label=None,
        )
        self.fields["file"] = forms.FileField(
            label="File", help_text=f"{allowed_types_text()}, up to 10 MB."
        )
        self.media_type = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.media_type = check_upload(upload)
        return upload


class CommitmentForm(GovukForm):
    submit_label = "Add commitment"

    def __init__(self, *args, tender: Tender, **kwargs):
        super().__init__(*args, **kwargs)
        proxies = {p.measure_id: p for p in tender.proxies.all()}
        targets = {t.measure_id: t for t in tender.target_measures.select_related("measure")}

        def label(m: Measure) -> str:
            if m.pk in proxies:
                proxy = proxies[m.pk]
                worth = f"£{proxy.proxy_value:,.2f} per {proxy.unit}"
            else:
                worth = f"counted in {m.unit}, no proxy value"
            asked = (
                f"; the buyer's target: {format_quantity(targets[m.pk].target, m.unit)}"
                if m.pk in targets
                else ""
            )
            return f"{m.code} {m.title} ({worth}{asked})"

        self.fields["measure"] = forms.ModelChoiceField(
            label="Measure",
            queryset=Measure.objects.filter(pk__in=set(proxies) | set(targets)).order_by("code"),
            help_text="The measures the buyer asks for, and measures of the library with a "
            "proxy value frozen for this tender.",
        )
        self.fields["measure"].label_from_instance = label
        self.fields["quantity"] = forms.DecimalField(
            label="Quantity",
            min_value=Decimal("0.01"),
            max_digits=14,
            decimal_places=2,
            help_text="In the measure's unit.",
        )
        self.fields["year"] = forms.IntegerField(
            label="Contract year",
            min_value=1,
            max_value=20,
            initial=1,
            help_text="1 for the first year of the contract.",
        )
        govuk_number_inputs(self)


class OwnProposalForm(GovukModelForm):
    submit_label = "Add proposal"

    class Meta:
        model = OwnProposal
        fields = ["description", "unit", "quantity", "year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": "What you will do, for whom, and how you will evidence it.",
            "unit": "What is counted, for example 'sessions' or 'people'.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_number_inputs(self)

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity <= 0:
            raise forms.ValidationError("The quantity must be more than 0")
        return quantity


class PaperBidForm(BidForm):
    """An officer types in a bid that arrived on paper."""

    submit_label = "Record the paper bid"
    offer_submit = False

    def __init__(self, *args, tender: Tender, **kwargs):
        super().__init__(*args, criteria=tender.criteria.all(), **kwargs)
        self.tender = tender
        supplier = forms.ModelChoiceField(
            label="Supplier",
            queryset=Supplier.objects.order_by("name"),
            help_text="From the supplier register. Add the supplier there first if needed.",
        )
        received = _datetime_field(
            "When was the paper bid received?", "Date and time, for example 2027-03-31 11:45"
        )
        commitments = forms.CharField(
            label="Social value commitments",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text="One a line: measure code, quantity, contract year. For example: "
            "TEI4, 25000, 1",
        )
        self.fields = {
            "supplier": supplier,
            "received_at": received,
            **self.fields,
            "commitments": commitments,
        }
        self.fields["price"].required = True

    def clean_commitments(self) -> list[CommitmentLine]:
        proxies = {p.code: p.measure for p in self.tender.proxies.select_related("measure")}
        for row in self.tender.target_measures.select_related("measure"):
            proxies.setdefault(row.measure.code, row.measure)  # counted in its own units
        lines = []
        for number, line in enumerate(self.cleaned_data["commitments"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 3:
                raise forms.ValidationError(
                    f"Line {number}: write the measure code, quantity and year, with commas"
                )
            code, quantity_text, year_text = parts
            if code.upper() not in proxies:
                raise forms.ValidationError(
                    f"Line {number}: {code} is not a measure with a proxy value in this tender "
                    "nor one the buyer asks for"
                )
            try:
                quantity = Decimal(quantity_text.replace(",", ""))
                year = int(year_text)
            except (InvalidOperation, ValueError):
                raise forms.ValidationError(
                    f"Line {number}: the quantity and year must be numbers"
                ) from None
            if quantity <= 0 or year < 1:
                raise forms.ValidationError(
                    f"Line {number}: the quantity must be more than 0 and the year 1 or more"
                )
            lines.append(CommitmentLine(proxies[code.upper()], quantity, year))
        return lines


# Tender documents, questions and deadline extensions ----------------------------------------


class TenderDocumentForm(GovukForm):
    """A new document (``with_title``) or a new version of one (the file alone)."""

    submit_label = "Upload"

    def __init__(self, *args, with_title: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields["title"] = forms.CharField(
                label="Title",
                max_length=200,
                help_text="What bidders will see, for example 'Specification' or 'Pricing "
                "schedule'.",
            )
        self.fields["file"] = forms.FileField(
            label="File",
            help_text=f"{allowed_types_text()}, up to 10 MB.",
            error_messages={"required": "Choose the file to upload"},
        )
        self.media_type = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.media_type = check_upload(upload)
        return upload


class QuestionForm(GovukForm):
    submit_label = "Send your question"

    question = forms.CharField(
        label="Your question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The answer is published to every bidder without your name or your "
        "organisation's.",
        error_messages={"required": "Enter your question"},
    )


class AnswerForm(GovukForm):
    submit_label = "Publish the answer"

    published_question = forms.CharField(
        label="The question as bidders will read it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Remove anything that names or points to the organisation that asked.",
        error_messages={"required": "Enter the question as bidders will read it"},
    )
    answer = forms.CharField(
        label="Answer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the answer"},
    )


class DeadlineExtendForm(GovukForm):
    submit_label = "Extend the deadline"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_deadline"] = _datetime_field(
            "New deadline for bids", "Date and time, for example 2027-03-31 12:00 (UK time)"
        )
        self.fields["new_deadline"].error_messages.update(
            required="Enter the new deadline for bids",
            invalid="Enter the new deadline as a date and time, for example 2027-03-31 12:00",
        )
        self.fields["reason"] = forms.CharField(
            label="Reason",
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text="Bidders read it on the tender page.",
            error_messages={"required": "Enter the reason for extending the deadline"},
        )


class TargetMeasureForm(GovukModelForm):
    """A measure the tender asks bidders for, with its target."""

    submit_label = "Save measure"

    class Meta:
        model = TargetMeasure
        fields = ["measure", "target"]
        labels = {"target": "Target quantity"}
        help_texts = {"target": "In the measure's unit, for example 12 (jobs) or 400 (hours)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(active=True).order_by("code")
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.title} ({m.unit})"

    def validate_unique(self) -> None:
        """Choosing a measure already asked for changes its target (the service decides)."""
