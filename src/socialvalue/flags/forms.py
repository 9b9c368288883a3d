from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.domain.flags import FlagCode
from socialvalue.flags.models import CODE_CHOICES, FlagStatus


class FlagFilterForm(forms.Form):
    """The list's filters (GET): kind, review status, procurement, supplier and period."""

    code = forms.ChoiceField(label="Kind of flag", required=False)
    status = forms.ChoiceField(label="Review", required=False)
    project = forms.TypedChoiceField(label="Procurement", required=False, coerce=int)
    supplier = forms.TypedChoiceField(label="Supplier", required=False, coerce=int)
    year = forms.ChoiceField(label="Financial year", required=False)

    def __init__(self, *args, projects=(), suppliers=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "code": [("", "All kinds"), *CODE_CHOICES],
            "status": [("", "Any"), *FlagStatus.choices],
            "project": [("", "All"), *projects],
            "supplier": [("", "All"), *suppliers],
            "year": [("", "All"), *((y, y) for y in years)],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options


class ReviewForm(GovukForm):
    submit_label = "Save the decision"
    status = forms.ChoiceField(
        label="What did you decide?",
        choices=[
            (FlagStatus.REVIEWED, "Reviewed: it needs or has had action"),
            (FlagStatus.DISMISSED, "Dismissed: there is a good explanation"),
            (FlagStatus.OPEN, "Back to review"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why", widget=forms.Textarea(attrs={"rows": 4}), help_text="Kept in the audit log."
    )


class RuleForm(GovukForm):
    """A new version of a flag's settings, in force from a date."""

    submit_label = "Save the rule"
    code = forms.ChoiceField(label="Flag", choices=CODE_CHOICES)
    effective_from = forms.DateField(label="In force from")
    active = forms.BooleanField(label="Raise this flag", required=False, initial=True)
    settings = forms.CharField(
        label="Settings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line as name = value, for example: minimum days = 25. "
        "Names left out keep their defaults (see the list of rules).",
    )
    rationale = forms.CharField(
        label="Why the change", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean() or {}
        code = data.get("code")
        if not code:
            return data
        allowed = FlagCode(code).defaults
        parsed: dict[str, str] = {}
        for number, line in enumerate(str(data.get("settings") or "").splitlines(), 1):
            if not line.strip():
                continue
            name, sep, value = (part.strip() for part in line.partition("="))
            name = "_".join(name.lower().split())
            if not sep or name not in allowed:
                known = ", ".join(n.replace("_", " ") for n in allowed) or "none"
                self.add_error(
                    "settings",
                    f"Line {number}: {name or line!r} is not a setting of this flag "
                    f"(its settings: {known})",
                )
                continue
            if value:
                try:
                    Decimal(value)
                except InvalidOperation:
                    self.add_error("settings", f"Line {number}: {value!r} is not a number")
                    continue
            parsed[name] = value
        data["settings"] = parsed
        return data
