"""Dates are asked for with the GOV.UK date input: day, month and year boxes, the hint
"For example, 27 3 2026", and messages that say which date and what to do."""

from __future__ import annotations

from datetime import date

from django import forms

from socialvalue.accounts.roles import Role
from socialvalue.core.forms import DATE_HINT, GovukForm


class _Form(GovukForm):
    starts_on = forms.DateField(label="Contract starts")
    ends_on = forms.DateField(label="Contract ends", required=False)


def test_a_date_field_becomes_three_boxes_with_the_hint():
    html = str(_Form().as_p()) + _render_crispy(_Form())
    assert 'type="date"' not in html
    for part in ("starts_on_0", "starts_on_1", "starts_on_2"):
        assert f'name="{part}"' in html
    assert DATE_HINT in html
    assert 'class="govuk-date-input"' in html
    assert ">Day<" in html.replace("\n", "").replace(" ", "") or "Day" in html


def _render_crispy(form) -> str:
    from django.template import Context, Template

    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_day_month_year_are_read():
    form = _Form({"starts_on_0": "27", "starts_on_1": "3", "starts_on_2": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"starts_on": date(2026, 3, 27), "ends_on": None}


def test_one_iso_value_is_still_read():
    form = _Form({"starts_on": "2026-03-27"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == date(2026, 3, 27)


def test_clear_messages_name_the_date():
    form = _Form({"starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2026"})
    assert form.errors["starts_on"] == [
        "Contract starts must be a real date, for example 27 3 2026"
    ]
    form = _Form({"starts_on_0": "27", "starts_on_1": "", "starts_on_2": "2026"})
    assert form.errors["starts_on"] == ["Contract starts must include the month"]
    form = _Form({"starts_on_0": "27", "starts_on_1": "3", "starts_on_2": "26"})
    assert form.errors["starts_on"] == ["Contract starts: enter the year as 4 numbers"]
    form = _Form({})
    assert form.errors["starts_on"] == ["Enter contract starts"]


def test_form_pages_use_the_date_input(client_for):
    client = client_for(Role.ADMINISTRATOR)
    page = client.get("/policy/plan-periods/new/").content.decode()
    assert 'type="date"' not in page
    assert 'name="starts_on_0"' in page and DATE_HINT in page


def test_a_date_posted_in_boxes_is_saved(client_for):
    from socialvalue.policy.models import PlanPeriod

    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        "/policy/plan-periods/new/",
        {
            "title": "Plan 2031",
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2031",
            "ends_on_0": "31",
            "ends_on_1": "3",
            "ends_on_2": "2035",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    period = PlanPeriod.objects.get(title="Plan 2031")
    assert (period.starts_on, period.ends_on) == (date(2031, 4, 1), date(2035, 3, 31))


def test_a_date_field_error_links_to_its_boxes():
    form = _Form({"starts_on_0": "", "starts_on_1": "3", "starts_on_2": "2026"})
    html = _render_crispy(form)
    assert form.errors["starts_on"] == ["Contract starts must include the day"]
    # The day box is marked as the one to correct.
    day = html[html.index('name="starts_on_0"') - 200 : html.index('name="starts_on_0"') + 300]
    assert "govuk-input--error" in day


def test_a_date_fields_own_hint_keeps_the_example():
    class _Hinted(GovukForm):
        valid_to = forms.DateField(label="Valid to", help_text="Last day; blank while in force.")

    field = _Hinted().fields["valid_to"]
    assert field.help_text == f"Last day; blank while in force. {DATE_HINT}"
