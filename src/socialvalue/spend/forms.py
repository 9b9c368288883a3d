from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.core.uploads import MAX_SPEND_IMPORT_BYTES

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xlsm")


class SpendUploadForm(GovukForm):
    submit_label = "Upload and import"
    file = forms.FileField(
        label="Payments file",
        help_text="A CSV or XLSX file as your finance system or transparency page publishes it. "
        "Every sheet of a workbook is read.",
    )
    lenient = forms.BooleanField(
        required=False,
        label="Import the readable lines and list the others",
        help_text="Without this, a file with any unreadable line imports nothing.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        if upload.size > MAX_SPEND_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {MAX_SPEND_IMPORT_BYTES // (1024 * 1024)} MB"
            )
        return upload


class SpendFilterForm(forms.Form):
    year = forms.ChoiceField(required=False, label="Financial year")
    include_public_bodies = forms.BooleanField(
        required=False, label="Count spend with public bodies as influenceable"
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *[(y.label, y.label) for y in years]]
