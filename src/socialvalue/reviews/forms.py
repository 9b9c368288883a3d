from __future__ import annotations

from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.reviews.models import Section


class ConclusionsForm(GovukForm):
    """One text box per section of the report."""

    submit_label = "Save conclusions"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in Section:
            self.fields[section.value] = forms.CharField(
                label=section.label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=20000,
            )


class PublishForm(GovukForm):
    submit_label = "Publish the review"

    confirm = forms.BooleanField(
        label="I have read the report: publish it as it stands. It cannot be changed after.",
        error_messages={"required": "Confirm that the report is ready to publish"},
    )
