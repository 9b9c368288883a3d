"""Forms of the evaluation pages (GOV.UK markup through crispy-forms-gds). The rules are
checked again in ``evaluation_services``; the forms only read what was typed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.template.loader import render_to_string

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.core.forms import GovukForm
from socialvalue.domain.money import AmountError, parse_amount
from socialvalue.tendering.models import Bid, Criterion, Score
from socialvalue.tendering.selectors import criterion_scale


class Rendered(LayoutObject):
    """Markup rendered beforehand. Unlike crispy's HTML it is not compiled as a template,
    so a bidder's text can never be read as template code."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return self.html


# Scales longer than this are typed in, not picked from radios.
MAX_RADIOS = 11


def number(value: Decimal) -> str:
    """A scale point as a form value: '3', '2.5', '10'."""
    return f"{value.normalize():f}"


def scale_choices(criterion: Criterion) -> list[tuple[str, str]] | None:
    """Radio choices for the criterion's scale with its descriptors, or None if too long."""
    scale = criterion_scale(criterion)
    points = []
    point = scale.minimum
    while point <= scale.maximum and len(points) <= MAX_RADIOS:
        points.append(point)
        point += scale.step
    if len(points) > MAX_RADIOS:
        return None
    return [
        (number(p), f"{number(p)}: {scale.describe(p)}" if scale.describe(p) else number(p))
        for p in points
    ]


def score_field(criterion: Criterion, label: str, required: bool = False) -> forms.Field:
    choices = scale_choices(criterion)
    scale = criterion_scale(criterion)
    if choices is None:
        return forms.CharField(
            label=label,
            required=required,
            help_text=f"A whole point of the {scale.label} scale",
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a score",
            "invalid_choice": f"%(value)s is not a point on the {scale.label} scale",
        },
    )


def to_score(text: str | None) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise forms.ValidationError("Enter the score as a number, for example 3") from error


class AssignForm(GovukForm):
    submit_label = "Add to the panel"
    evaluator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Evaluator",
        error_messages={"required": "Choose an evaluator"},
        help_text="People with the Evaluator role who are not on this panel yet",
    )

    def __init__(self, *args, tender, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evaluator"]
        field.queryset = (
            User.objects.filter(groups__name=Role.EVALUATOR, is_active=True)
            .exclude(evaluations__tender=tender)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        field.label_from_instance = lambda u: u.get_full_name() or u.username


class DeclarationForm(GovukForm):
    submit_label = "Make the declaration"
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with any bidder?",
        choices=[("False", "No, I have no conflict of interest"), ("True", "Yes")],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a conflict of interest"},
        help_text=(
            "For example a financial interest, a close relative or friend working for a "
            "bidder, or having worked for one recently."
        ),
    )
    conflict_details = forms.CharField(
        label="If yes, what is the conflict and with whom?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BidScoresForm(forms.Form):
    """One score and one justification per scale criterion of a bid. The page shows the
    bid's response to each criterion above its score."""

    def __init__(self, *args, criteria: list[Criterion], bid: Bid, scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        parts = []
        for c in criteria:
            existing: Score | None = scores.get(c.pk)
            self.fields[f"score_{c.pk}"] = score_field(c, f"Your score for {c.code}")
            self.fields[f"justification_{c.pk}"] = forms.CharField(
                label=f"Your justification for {c.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Say how the response meets the descriptor you chose.",
            )
            if existing is not None:
                self.initial[f"score_{c.pk}"] = number(existing.score)
                self.initial[f"justification_{c.pk}"] = existing.justification
            response = bid.responses.filter(criterion=c).prefetch_related("attachments").first()
            parts.append(
                Fieldset(
                    Rendered(
                        render_to_string(
                            "tendering/evaluation/_response.html",
                            {"criterion": c, "response": response},
                        )
                    ),
                    Field.radios(f"score_{c.pk}", legend_size=Size.SMALL)
                    if isinstance(self.fields[f"score_{c.pk}"], forms.ChoiceField)
                    else Field.text(f"score_{c.pk}", field_width=5),
                    Field.textarea(f"justification_{c.pk}"),
                    legend=f"{c.code} {c.title}",
                    legend_size=Size.MEDIUM,
                    legend_tag="h2",
                )
            )
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.layout = Layout(*parts)
        self.helper.add_input(Submit("submit", "Save scores"))

    def clean(self):
        data = super().clean()
        for c in self.criteria:
            try:
                data[f"score_{c.pk}"] = to_score(data.get(f"score_{c.pk}"))
            except forms.ValidationError as error:
                self.add_error(f"score_{c.pk}", error)
        return data

    def entries(self):
        from socialvalue.tendering.evaluation_services import ScoreEntry

        return [
            ScoreEntry(
                c,
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"justification_{c.pk}") or "",
            )
            for c in self.criteria
        ]


class ConsensusForm(GovukForm):
    submit_label = "Agree the consensus score"
    rationale = forms.CharField(
        label="The panel's rationale",
        error_messages={"required": "Give the panel's rationale for the score"},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the panel agreed this score; it goes into the evaluation report.",
    )

    def __init__(self, *args, criterion: Criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "score": score_field(criterion, "Consensus score", required=True),
            **self.fields,
        }

    def clean_score(self):
        return to_score(self.cleaned_data.get("score"))


class ProposalValueForm(GovukForm):
    submit_label = "Agree the value"
    unit_value = forms.CharField(
        label="Agreed value per unit (£)",
        error_messages={"required": "Enter the agreed value per unit"},
        help_text="For example 150.00",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    reason = forms.CharField(
        label="Why the panel agreed this value",
        error_messages={"required": "Say why the panel agreed this value"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the source of a comparable proxy value.",
    )

    def clean_unit_value(self):
        try:
            return parse_amount(self.cleaned_data["unit_value"])
        except AmountError as error:
            raise forms.ValidationError(str(error)) from error


class FlagAnswerForm(GovukForm):
    submit_label = "Save the answer"
    answer = forms.CharField(
        label="What we found and what we decided",
        error_messages={"required": "Say what you found and what you decided"},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecommendationForm(GovukForm):
    submit_label = "Recommend the award"
    bid = forms.TypedChoiceField(
        label="Recommended bid",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the bid you recommend"},
    )
    reason = forms.CharField(
        label="Reason for the recommendation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you recommend a bid that is not ranked first.",
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = choices


class CriterionConsensusForm(forms.Form):
    """The moderation page of one criterion: per bid, the consensus score, the moderation
    note (the panel's rationale) and, for a score outside the evaluators' own, why. The page
    draws the fields in its table (``moderation_criterion.html``); a bid left blank is left
    for later."""

    def __init__(self, *args, criterion: Criterion, rows: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        scale = criterion_scale(criterion)
        for row in rows:
            pk = row.bid.pk
            self.fields[f"score_{pk}"] = forms.CharField(
                label=f"Consensus score for {row.bidder}",
                required=False,
                help_text=f"{number(scale.minimum)} to {number(scale.maximum)}",
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-3"}
                ),
            )
            self.fields[f"rationale_{pk}"] = forms.CharField(
                label=f"Moderation note for {row.bidder}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
            )
            self.fields[f"outside_range_reason_{pk}"] = forms.CharField(
                label=f"If the score is outside the evaluators' scores, why ({row.bidder})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )
            if row.consensus is not None:
                self.initial[f"score_{pk}"] = number(row.consensus.score)
                self.initial[f"rationale_{pk}"] = row.consensus.rationale
                self.initial[f"outside_range_reason_{pk}"] = row.consensus.outside_range_reason
        self.helper = FormHelper()  # the error summary reads it

    def clean(self):
        data = super().clean()
        for row in self.rows:
            name = f"score_{row.bid.pk}"
            try:
                data[name] = to_score(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def bound_rows(self) -> list[dict]:
        """Each row with its three bound fields, for the table."""
        return [
            {
                "row": row,
                "score": self[f"score_{row.bid.pk}"],
                "rationale": self[f"rationale_{row.bid.pk}"],
                "outside_range_reason": self[f"outside_range_reason_{row.bid.pk}"],
            }
            for row in self.rows
        ]

    def entries(self):
        from socialvalue.tendering.evaluation_services import ConsensusEntry

        return [
            ConsensusEntry(
                row.bid,
                self.cleaned_data.get(f"score_{row.bid.pk}"),
                self.cleaned_data.get(f"rationale_{row.bid.pk}") or "",
                self.cleaned_data.get(f"outside_range_reason_{row.bid.pk}") or "",
            )
            for row in self.rows
        ]


class PanelRemoveForm(GovukForm):
    submit_label = "Remove from the panel"
    reason = forms.CharField(
        label="Why are they leaving the panel?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Required once they have recorded scores: their scores stay in the record but no "
            "longer count."
        ),
    )
