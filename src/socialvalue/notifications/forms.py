from __future__ import annotations

from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.notifications.models import NotificationKind
from socialvalue.procurement.models import Category

EMAIL = "by_email"
IN_SERVICE = "in_service"
CHANNEL_CHOICES = [(EMAIL, "By e-mail"), (IN_SERVICE, "In the service")]


class PreferencesForm(GovukForm):
    """One question per kind the person is offered: by e-mail, in the service, both or
    neither (no box ticked: not told at all)."""

    submit_label = "Save your choices"

    def __init__(self, *args, kinds: list[NotificationKind], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.MultipleChoiceField(
                label=kind.label,
                choices=CHANNEL_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )


class CategoriesForm(GovukForm):
    submit_label = "Save the categories"
    categories = forms.MultipleChoiceField(
        label="Which kinds of tender do you want to hear about?",
        help_text="Choose none to hear about every tender we publish.",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
