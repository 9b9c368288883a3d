"""Form base classes that render in the GOV.UK Design System via crispy-forms-gds.

Every date a form asks for is a GOV.UK date input: day, month and year boxes with the hint
"For example, 27 3 2026" (https://design-system.service.gov.uk/components/date-input/), not
a browser date picker whose format depends on the browser's language.
"""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from socialvalue.domain.geography import normalise_postcode

DATE_HINT = "For example, 27 3 2026"


class GovukDateWidget(DateInputWidget):
    """Day, month and year boxes. A form posted with one value under the field's own name
    (``2026-03-27`` or ``27/3/2026``, as a script or an older page sends it) is read too."""

    def value_from_datadict(self, data, files, name):
        if f"{name}_0" not in data and name in data:
            return _parts(str(data.get(name) or ""))
        return super().value_from_datadict(data, files, name)

    def decompress(self, value):
        if isinstance(value, str):
            return _parts(value)
        return super().decompress(value)


def _parts(text: str) -> list[str]:
    """``'2026-03-27'`` or ``'27/3/2026'`` -> ``['27', '3', '2026']`` (day, month, year)."""
    text = text.strip()
    if not text:
        return ["", "", ""]
    try:
        day = date.fromisoformat(text)
        return [str(day.day), str(day.month), str(day.year)]
    except ValueError:
        pieces = text.replace("-", "/").replace(" ", "/").split("/")
        if len(pieces) != 3:
            return [text, "", ""]
        if len(pieces[0]) == 4:  # year first, as ISO writes it: 2026-13-40
            pieces.reverse()
        return pieces


class GovukDateField(DateInputField):
    """A date as three boxes, with messages that name the date and say what to do."""

    widget = GovukDateWidget

    def __init__(self, *, label: str = "", **kwargs):
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("require_all_fields", False)  # an error for each box left blank
        super().__init__(label=label, **kwargs)
        what = (label or "the date").lower()
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what} as a day, month and year"
        messages = (
            ("the day", "a day from 1 to 31"),
            ("the month", "a month from 1 to 12"),
            ("the year", "the year as 4 numbers"),
        )
        for field, (name, number) in zip(self.fields, messages, strict=True):
            field.error_messages["incomplete"] = f"{_capital(what)} must include {name}"
            field.validators = [
                validator for validator in field.validators if not getattr(validator, "regex", None)
            ]
            field.validators.append(
                RegexValidator(
                    r"^[0-9]{4}$" if name == "the year" else r"^[0-9]{1,2}$",
                    f"{_capital(what)}: enter {number}",
                )
            )
        self.what = what

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError as error:
            raise ValidationError(
                f"{_capital(self.what)} must be a real date, for example 27 3 2026",
                code="invalid",
            ) from error


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_example(help_text: str) -> str:
    """A date field's own hint, followed by the example of the boxes' format."""
    if DATE_HINT in help_text:
        return help_text
    return f"{help_text.rstrip()} {DATE_HINT}".strip()


def govuk_date_field(field: forms.DateField) -> GovukDateField:
    """The same question as a GOV.UK date input: its label, hint, need and checks kept."""
    replacement = GovukDateField(
        label=str(field.label or ""),
        required=field.required,
        help_text=_with_example(str(field.help_text or "")),
        initial=field.initial,
        disabled=field.disabled,
    )
    replacement.validators = [*replacement.validators, *field.validators]
    return replacement


class GovukFormMixin:
    """Adds a crispy helper with one primary button; the page shows the error summary.
    Every date field becomes a GOV.UK date input."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.add_input(Submit("submit", self.submit_label))
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DateField):
                self.fields[name] = govuk_date_field(field)


class PostcodeMixin:
    """A form's ``postcode`` field: a full UK postcode, stored as ``PR1 2AB``."""

    cleaned_data: dict

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data.get("postcode"))
        if postcode is None:
            raise forms.ValidationError("Enter a full UK postcode, like PR4 5SB")
        return postcode


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
