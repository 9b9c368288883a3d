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


class SpendImportDeleteForm(GovukForm):
    submit_label = "Delete the import and its payments"
    reason = forms.CharField(
        label="Why are you deleting this import?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="For example: the wrong month's file was uploaded. The reason is kept in the "
        "audit log.",
        error_messages={"required": "Say why you are deleting this import"},
    )
    confirm = forms.BooleanField(
        label="I understand that the payments this import added will be deleted",
        error_messages={"required": "Confirm that the payments will be deleted"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why you are deleting this import")
        return reason


class SpendFilterForm(forms.Form):
    year = forms.ChoiceField(required=False, label="Financial year")
    include_public_bodies = forms.BooleanField(
        required=False, label="Count spend with public bodies as influenceable"
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *[(y.label, y.label) for y in years]]
