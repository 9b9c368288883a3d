"""One way to write money on every page: £1,234.56, -£12.00 for a credit."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template

import socialvalue
from socialvalue.accounts.roles import Role

TEMPLATES = Path(socialvalue.__file__).parent / "templates"


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("10000"), "£10,000.00"),
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("-12"), "-£12.00"),
        ("240000.00", "£240,000.00"),
        (0, "£0.00"),
        (None, "-"),
        ("", "-"),
    ],
)
def test_money_filter(value, expected):
    # A builtin: no {% load %} needed on any page.
    assert render("{{ value|money }}", value=value) == expected


def test_money_filter_says_what_is_missing():
    assert render('{{ value|money:"Not given" }}', value=None) == "Not given"
    assert render('{{ value|money:"Not given" }}', value=Decimal("5")) == "£5.00"


def test_units_filter_writes_a_count_in_its_unit():
    assert render("{{ q|units:'people' }}", q=Decimal("140.00")) == "140 people"
    assert render("{{ q|units:'hours' }}", q=Decimal("1234.50")) == "1,234.5 hours"


def test_no_template_writes_pounds_by_hand():
    """A pound sign before a figure, or floatformat for money, would bypass the filter (and
    write a credit as £-12.00)."""
    by_hand = re.compile(r"£\{\{|\}\}\s*£|\|gbp\b|\|pounds\b")
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []


def test_pages_write_money_with_the_filter(client_for):
    from socialvalue.contracts.models import Contract

    contract = Contract.objects.order_by("pk").first()
    page = client_for(Role.ADMINISTRATOR).get("/contracts/").content.decode()
    assert f"£{contract.value:,.2f}" in page
    spend = client_for(Role.VIEWER).get("/spend/").content.decode()
    assert not re.search(r"£-\d", spend)


def test_chart_axes_write_pounds_as_money(demo):
    """The delivery chart's axis reads "£10,000", not "10000" under a "£" title."""
    import base64

    from socialvalue.contracts import dashboard

    table = next(t for t in dashboard.dashboard_tables() if any(r.valued for r in t.rows))
    svg = base64.b64decode(dashboard.delivery_chart(table).split(",", 1)[1]).decode()
    assert re.search(r">£\d{1,3}(,\d{3})+<", svg)
    assert ">Pounds<" in svg
