from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password

from socialvalue.accounts.roles import ROLE_DESCRIPTIONS, Role
from socialvalue.core.forms import GovukForm, GovukFormMixin
from socialvalue.suppliers.models import Supplier


class LoginForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask an administrator.",
    }


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, f"{role.label}: {ROLE_DESCRIPTIONS[role]}") for role in Role]


class UserForm(GovukForm):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="Email address")
    job_title = forms.CharField(max_length=120, required=False)
    role = forms.ChoiceField(choices=_role_choices, widget=forms.RadioSelect)
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.all(),
        required=False,
        help_text="Only for supplier users: the organisation they act for.",
    )
    password = forms.CharField(
        widget=forms.PasswordInput,
        required=False,
        help_text="At least 12 characters. Leave blank to keep the current password.",
    )

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password)
        return password

    def clean(self):
        cleaned = super().clean()
        role, supplier = cleaned.get("role"), cleaned.get("supplier")
        if role == Role.SUPPLIER and supplier is None:
            self.add_error("supplier", "Choose the supplier this user acts for")
        if role and role != Role.SUPPLIER and supplier is not None:
            self.add_error("supplier", "Only supplier users are tied to a supplier")
        return cleaned


class UserChangeDecisionForm(GovukForm):
    submit_label = "Record the decision"
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: make the change now"),
            ("refuse", "Refuse: the user stays as they are"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you approve or refuse the change"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when you refuse. Say, for example, how you checked the request.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why you refuse this change")
        return cleaned
