"""Forms of the supplier register's pages: a supplier's details, payees as aliases, and
accepting the suggested matches in bulk."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from socialvalue.core.forms import GovukForm
from socialvalue.domain.organisation_type import SUPPLIER_REGISTER_FORMS, legal_form_choices
from socialvalue.domain.supplier_match import ACCEPT_MIN_SCORE, SUGGEST_MIN_SCORE, Suggestion
from socialvalue.suppliers.models import SIZE_CHOICES
from socialvalue.suppliers.services import SupplierDetails


class SupplierForm(GovukForm):
    """A supplier's details. Legal forms are the register's own list (organisation_type)."""

    submit_label = "Save supplier"
    name = forms.CharField(
        label="Name",
        max_length=255,
        help_text="As on Companies House or the charity register, if you know it.",
        error_messages={"required": "Enter the supplier's name"},
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        help_text="Of the office that does the work for us: it decides whether the spend is local.",
    )
    size_band = forms.ChoiceField(
        label="Size",
        choices=SIZE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Used when the number of staff and the turnover below are not known.",
    )
    employees = forms.IntegerField(label="Number of staff (optional)", required=False, min_value=0)
    turnover = forms.DecimalField(
        label="Annual turnover in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )
    legal_form = forms.ChoiceField(
        label="Legal form",
        choices=legal_form_choices(SUPPLIER_REGISTER_FORMS),
        required=False,
        help_text="Charities, CICs, co-operatives and other not-for-profit forms count as VCSE.",
    )
    companies_house_number = forms.CharField(
        label="Companies House number (optional)", max_length=12, required=False
    )
    charity_number = forms.CharField(
        label="Charity number (optional)", max_length=12, required=False
    )
    local_branch = forms.BooleanField(
        label="It has a branch in the force area even though its postcode is elsewhere",
        required=False,
    )
    payee = forms.CharField(required=False, widget=forms.HiddenInput)

    def details(self) -> SupplierDetails:
        data = self.cleaned_data
        return SupplierDetails(
            name=data["name"],
            postcode=data["postcode"],
            size_band=data["size_band"],
            legal_form=data["legal_form"],
            companies_house_number=data["companies_house_number"],
            charity_number=data["charity_number"],
            employees=data["employees"],
            turnover=data["turnover"],
            local_branch=data["local_branch"],
        )


OTHER = "other"


class AliasForm(GovukForm):
    """Payees (one or several) to record as other names of one supplier."""

    submit_label = "Add as another name of this supplier"
    payees = forms.MultipleChoiceField(
        label="Names in the payments",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one name from the payments"},
    )
    supplier = forms.ChoiceField(
        label="Which supplier are they?",
        widget=forms.RadioSelect,
        required=False,
    )
    other = forms.CharField(
        label="Another supplier: its name or Companies House number as in the register",
        required=False,
        max_length=255,
    )

    def __init__(self, *args: Any, payees: list[str], suggestions: list[Suggestion], **kwargs):
        super().__init__(*args, **kwargs)
        payee_field = cast(forms.ChoiceField, self.fields["payees"])
        payee_field.choices = [(p, p) for p in payees]
        choices = [
            (s.supplier.reference, f"{s.supplier.name} (names {s.score}% alike)")
            for s in suggestions
        ]
        supplier_field = cast(forms.ChoiceField, self.fields["supplier"])
        supplier_field.choices = [*choices, (OTHER, "Another supplier")]
        if not choices:
            supplier_field.help_text = "No supplier in the register has a similar name."


class AcceptSuggestionsForm(GovukForm):
    """Accept every suggestion at least this alike (on the unmatched payees' page)."""

    submit_label = "Accept these suggestions"
    min_score = forms.IntegerField(
        label="Accept every suggestion whose names are at least this alike (%)",
        min_value=SUGGEST_MIN_SCORE,
        max_value=100,
        initial=ACCEPT_MIN_SCORE,
        help_text=f"From {SUGGEST_MIN_SCORE} to 100. A payee two suppliers suit equally well "
        "is left for you to choose.",
        error_messages={
            "min_value": f"Enter a number from {SUGGEST_MIN_SCORE} to 100",
            "max_value": f"Enter a number from {SUGGEST_MIN_SCORE} to 100",
            "required": f"Enter a number from {SUGGEST_MIN_SCORE} to 100",
            "invalid": f"Enter a number from {SUGGEST_MIN_SCORE} to 100",
        },
    )
