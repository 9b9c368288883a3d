from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.fiscal import FinancialYear


def test_april_to_march():
    year = FinancialYear.of(date(2024, 3, 31))
    assert year.label == "2023-24"
    assert (year.start, year.end) == (date(2023, 4, 1), date(2024, 3, 31))
    assert FinancialYear.of(date(2024, 4, 1)).label == "2024-25"


def test_year_end_across_a_century():
    assert FinancialYear(2099).label == "2099-00"


@pytest.mark.parametrize("label", ["2023-24", "2023/24", "2023-2024", " 2023 - 24 "])
def test_parse(label):
    assert FinancialYear.parse(label) == FinancialYear(2023)


@pytest.mark.parametrize("label", ["2023-25", "23-24", "2023", "last year"])
def test_parse_refuses(label):
    with pytest.raises(ValueError):
        FinancialYear.parse(label)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 12))
def test_every_day_is_in_exactly_its_own_year(day, start_month):
    year = FinancialYear.of(day, start_month)
    assert day in year
    assert day not in FinancialYear(year.start_year - 1, start_month)
    assert day not in FinancialYear(year.start_year + 1, start_month)
    assert (year.end - year.start) in (timedelta(days=364), timedelta(days=365))
