from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.money import (
    AmountError,
    format_gbp,
    from_float,
    parse_amount,
    share,
    to_pounds,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1,234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("-123.45", "-123.45"),
        ("(123.45)", "-123.45"),
        ("123.45-", "-123.45"),
        ("123.45 CR", "-123.45"),
        ("£-12.00", "-12.00"),
        ("-£12.00", "-12.00"),
        ("GBP 7", "7.00"),
        ("0.125", "0.13"),  # half up, not banker's rounding
        ("0.135", "0.14"),
        (" 1 000.00 ", "1000.00"),
    ],
)
def test_parse_amount_reads_what_finance_files_write(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "  ", "12,3x", "£", "1.2.3", "abc", "--5", None])
def test_parse_amount_refuses_what_is_not_money(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_binary_float_from_a_spreadsheet_is_rounded_to_the_intended_pence():
    assert from_float(1234.5599999999999) == Decimal("1234.56")
    assert from_float(0.1 + 0.2) == Decimal("0.30")
    assert parse_amount(2.675) == Decimal("2.68")  # repr is 2.675, rounded half up


def test_format_gbp():
    assert format_gbp(Decimal("-1234.5")) == "-£1,234.50"
    assert format_gbp(Decimal("0")) == "£0.00"


def test_share_of_zero_is_unknown_not_zero():
    assert share(Decimal("5"), Decimal("0")) is None
    assert share(Decimal("1"), Decimal("3")) == Decimal("0.3333")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_formatted_amount_parses_back(amount):
    assert parse_amount(format_gbp(amount)) == to_pounds(amount)


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False))
def test_to_pounds_is_within_half_a_penny(amount):
    assert abs(to_pounds(amount) - amount) <= Decimal("0.005")
