from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from socialvalue.accounts.models import User
from socialvalue.core.forms import GovukForm, GovukFormMixin, PostcodeMixin
from socialvalue.core.links import absolute_url
from socialvalue.domain.organisation_type import (
    SUPPLIER_REGISTER_FORMS,
    LegalForm,
    legal_form_choices,
)
from socialvalue.domain.registration_numbers import (
    normalise_charity_number,
    normalise_company_number,
)


def _password_checked(form: forms.Form, user: User) -> None:
    password, again = form.cleaned_data.get("password"), form.cleaned_data.get("password_again")
    if password and again and password != again:
        form.add_error("password_again", "The two passwords do not match")
    if password:
        try:
            validate_password(password, user)
        except forms.ValidationError as error:
            form.add_error("password", error)


class _PasswordFields(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    password = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words make a good one.",
    )
    password_again = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SignupForm(PostcodeMixin, _PasswordFields):
    submit_label = "Register"
    email = forms.EmailField(
        label="Your email address",
        max_length=150,
        help_text="You sign in with it, and we send a link to it to check it is yours.",
    )
    organisation_name = forms.CharField(label="Organisation name", max_length=255)
    companies_house_number = forms.CharField(
        label="Companies House number (if it has one)",
        max_length=10,
        required=False,
        help_text="8 characters, for example 01234567 or SC123456.",
    )
    charity_number = forms.CharField(
        label="Charity number (if it has one)", max_length=12, required=False
    )
    postcode = forms.CharField(
        label="Postcode of the organisation's main office",
        max_length=10,
        help_text="For example, PR4 5SB",
    )
    employees = forms.IntegerField(
        label="How many people work for the organisation?",
        min_value=0,
        max_value=10_000_000,
        help_text="Count part-time staff as one each. It tells us the organisation's size "
        "(micro, small, medium or large).",
    )
    legal_form = forms.ChoiceField(
        label="What kind of organisation is it?",
        # Every form of the register but "Not known": the person registering knows it.
        choices=[
            (v, label)
            for v, label in legal_form_choices(SUPPLIER_REGISTER_FORMS)
            if v and v != LegalForm.UNKNOWN
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of organisation it is"},
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password",
        "password_again",
        "organisation_name",
        "companies_house_number",
        "charity_number",
        "postcode",
        "employees",
        "legal_form",
    ]

    def clean_companies_house_number(self) -> str:
        number = normalise_company_number(self.cleaned_data.get("companies_house_number"))
        if number is None:
            raise forms.ValidationError(
                "Enter a Companies House number of 8 characters, like 01234567 or SC123456"
            )
        return number

    def clean_charity_number(self) -> str:
        number = normalise_charity_number(self.cleaned_data.get("charity_number"))
        if number is None:
            raise forms.ValidationError("Enter the charity number as the charity register shows it")
        return number

    def clean(self):
        cleaned = super().clean() or {}
        user = User(
            username=cleaned.get("email", ""),
            email=cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        _password_checked(self, user)
        return cleaned


class ConfirmEmailForm(GovukForm):
    submit_label = "Confirm my email address"


class ClaimDecisionForm(GovukForm):
    submit_label = "Record the decision"
    decision = forms.ChoiceField(
        label="Does this person act for the organisation?",
        choices=[
            ("confirm", "Yes: confirm, they become a user of this supplier"),
            ("refuse", "No: refuse, their account stays switched off"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you confirm or refuse"},
    )
    reason = forms.CharField(
        label="How you checked, or why you refuse",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example: phoned the contact on our register, who confirmed.",
    )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why you refuse this registration")
        return cleaned


class InvitationForm(GovukForm):
    submit_label = "Send the invitation"
    email = forms.EmailField(label="Your colleague's email address", max_length=150)


class AcceptInvitationForm(_PasswordFields):
    submit_label = "Create my account"

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean() or {}
        user = User(
            username=self.email,
            email=self.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        _password_checked(self, user)
        return cleaned


class ResetRequestForm(GovukFormMixin, PasswordResetForm):
    """Django's password reset, its link built from SITE_URL (``core.links``)."""

    submit_label = "Send the link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Your email address"

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "joining:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        context["link"] = absolute_url(path)
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


class NewPasswordForm(GovukFormMixin, SetPasswordForm):
    submit_label = "Set my new password"
