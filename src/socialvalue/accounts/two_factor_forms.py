"""Forms of the two-factor sign-in pages (accounts/two_factor_views.py)."""

from __future__ import annotations

from django import forms

from socialvalue.accounts.two_factor import APP_CODE, RECOVERY_CODE, normalise_code
from socialvalue.core.forms import GovukForm


class SetupCodeForm(GovukForm):
    submit_label = "Turn on two-factor sign-in"
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for this service, for example 123456.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not APP_CODE.match(code):
            raise forms.ValidationError("The code must be 6 numbers, for example 123456")
        return code


class SignInCodeForm(GovukForm):
    submit_label = "Continue"
    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes (8 letters and numbers) if you do not have your phone.",
        max_length=30,
        error_messages={
            "required": "Enter the code from your authenticator app, or a recovery code"
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (APP_CODE.match(code) or RECOVERY_CODE.match(code)):
            raise forms.ValidationError(
                "Enter a 6-digit code from your authenticator app, or a recovery code of "
                "8 letters and numbers"
            )
        return code


class ResetForm(GovukForm):
    submit_label = "Reset two-factor sign-in"
    reason = forms.CharField(
        label="Why are you resetting it?",
        help_text="For example, a lost or replaced phone. The reason goes into the audit log.",
        max_length=500,
        error_messages={"required": "Enter why you are resetting two-factor sign-in"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
