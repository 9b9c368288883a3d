from typing import Any

from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.core.uploads import MAX_SPEND_IMPORT_BYTES
from socialvalue.policy.models import ContractingAuthority

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def _other_payer_field() -> forms.BooleanField:
    return forms.BooleanField(
        required=False,
        label="Import it anyway: these payments belong in our spend figures",
        help_text="For example, when the other body paid on our behalf.",
    )


def _names(names: list[str]) -> str:
    shown = names[:3] + ([f"{len(names) - 3} more"] if len(names) > 3 else [])
    return " and ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else shown[0]


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
    other_payer = _other_payer_field()
    payer_asked = forms.BooleanField(required=False, widget=forms.HiddenInput)
    contracting_authority = forms.ModelChoiceField(
        queryset=ContractingAuthority.objects.order_by("order", "name"),
        label="Which contracting authority made these payments?",
        help_text="Each body publishes its own payments compliance notice and payments over "
        "£30,000.",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the contracting authority that made these payments"},
    )

    def __init__(self, *args, own_names: tuple[str, ...] = (), authorities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contracting_authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = authorities
        if authorities is None or authorities.count() < 2:
            del self.fields["contracting_authority"]  # one body (or none): it is implied
        else:  # the first field asked
            self.order_fields(["contracting_authority", "file"])
        self.own_names = own_names
        self.other_payers: list[str] = []
        if not self.data.get("payer_asked"):
            del self.fields["other_payer"]  # asked only when the file names another payer

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None or not self.own_names:
            return cleaned
        from socialvalue.analytics.payers import file_payers
        from socialvalue.domain.payer import other_payers

        content = upload.read()
        upload.seek(0)
        self.other_payers = other_payers(file_payers(upload.name, content), self.own_names)
        if self.other_payers and not cleaned.get("other_payer"):
            self.fields["other_payer"] = _other_payer_field()
            data = self.data.copy()  # a QueryDict: the copy can be changed
            data["payer_asked"] = "1"
            self.data = data
            self.add_error(
                "other_payer",
                f"Confirm that you want to import payments made by {_names(self.other_payers)}, "
                "then choose the file again",
            )
        return cleaned

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


class SpendImportAuthorityForm(GovukForm):
    submit_label = "Save the contracting authority"
    contracting_authority = forms.ModelChoiceField(
        queryset=ContractingAuthority.objects.order_by("order", "name"),
        label="Which contracting authority made these payments?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the contracting authority that made these payments"},
    )
    reason = forms.CharField(
        label="How do you know?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="For example: the file is the Commissioner's transparency file for May. The "
        "reason is kept in the audit log.",
        error_messages={"required": "Say how you know which body made these payments"},
    )

    def __init__(self, *args, authorities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contracting_authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = authorities


class SpendFilterForm(forms.Form):
    year = forms.ChoiceField(required=False, label="Financial year")
    include_public_bodies = forms.BooleanField(
        required=False, label="Count spend with public bodies as influenceable"
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *[(y.label, y.label) for y in years]]
