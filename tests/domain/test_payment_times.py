"""Payments compliance (Procurement Act 2023 s.68, s.69) and significant payments (s.70):
the day bands at 30/31 and 60/61 days, the period edges at 31 March/1 April and
30 September/1 October, the first reporting period from 1 January 2026, and the figures
worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.payment_times import (
    Compliance,
    PaymentGroup,
    Period,
    compliance_by_period,
    compliance_from_dict,
    compliance_to_dict,
    days_to_pay,
    due_by,
    group_of,
    half_year_of,
    notice_due,
    paid_late,
    quarter_of,
    reporting_period_of,
    significant_payment,
    significant_payment_floor,
)


def _one(invoice: date, paid: date) -> Compliance:
    (figures,) = compliance_by_period([group_of(paid, invoice, Decimal("100.00"))])
    return figures


@pytest.mark.parametrize(
    ("days", "band"),
    [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (365, 2)],
)
def test_day_bands_at_their_edges(days, band):
    paid = date(2024, 6, 15)
    figures = _one(paid - timedelta(days=days), paid)
    assert (figures.within_30, figures.within_31_to_60, figures.over_60)[band] == 1
    assert figures.within_30 + figures.within_31_to_60 + figures.over_60 == 1
    assert figures.average_days == Decimal(days)


def test_thirty_days_is_on_time_and_thirty_one_is_late():
    assert not paid_late(days_to_pay(date(2024, 5, 1), date(2024, 5, 31)))  # 30 days
    assert paid_late(days_to_pay(date(2024, 5, 1), date(2024, 6, 1)))  # 31 days
    assert not paid_late(45, limit=45) and paid_late(46, limit=45)


def test_a_payment_before_its_invoice_counts_as_no_days():
    assert days_to_pay(date(2024, 5, 10), date(2024, 5, 1)) == 0


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2024, 3, 31), date(2023, 10, 1), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 4, 1), date(2024, 9, 30)),
        (date(2024, 9, 30), date(2024, 4, 1), date(2024, 9, 30)),
        (date(2024, 10, 1), date(2024, 10, 1), date(2025, 3, 31)),
        (date(2025, 1, 15), date(2024, 10, 1), date(2025, 3, 31)),
    ],
)
def test_half_years_end_31_march_and_30_september(day, start, end):
    assert half_year_of(day) == Period(start, end)


def test_period_edges_split_the_figures():
    groups = [
        group_of(date(2024, 3, 31), date(2024, 3, 1), Decimal("10")),
        group_of(date(2024, 4, 1), date(2024, 3, 1), Decimal("20")),
        group_of(date(2024, 9, 30), date(2024, 9, 1), Decimal("30")),
        group_of(date(2024, 10, 1), date(2024, 9, 1), Decimal("40")),
    ]
    periods = compliance_by_period(groups)
    assert [(p.period.start, p.period.end, p.lines, p.value) for p in periods] == [
        (date(2023, 10, 1), date(2024, 3, 31), 1, Decimal("10")),
        (date(2024, 4, 1), date(2024, 9, 30), 2, Decimal("50")),
        (date(2024, 10, 1), date(2025, 3, 31), 1, Decimal("40")),
    ]


def test_the_first_reporting_period_starts_when_s69_came_into_force():
    assert reporting_period_of(date(2025, 12, 31)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    first = reporting_period_of(date(2026, 1, 1))
    assert first == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert notice_due(first) and not notice_due(reporting_period_of(date(2025, 12, 31)))
    assert reporting_period_of(date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2026, 9, 30))


def test_due_30_days_beginning_with_the_last_day():
    # s.69(1): the last day of the period is the first of the 30 days.
    assert due_by(date(2026, 3, 31)) == date(2026, 4, 29)
    assert due_by(date(2026, 9, 30)) == date(2026, 10, 29)
    # s.70(2): quarter 1 April to 30 June 2026 is due by 29 July 2026 (Cabinet Office).
    assert quarter_of(date(2026, 6, 30)).publish_by == date(2026, 7, 29)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_quarters(day, start, end):
    assert quarter_of(day) == Period(start, end)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_is_in_its_quarter_and_half_year(day):
    assert day in quarter_of(day) and day in half_year_of(day) and day in reporting_period_of(day)


def test_significant_payments_are_more_than_30000_with_vat():
    # Amounts taken as without VAT: £25,000 is £30,000 with VAT, not more than it.
    assert not significant_payment(Decimal("25000.00"))
    assert significant_payment(Decimal("25000.01"))
    assert not significant_payment(Decimal("30000.00"), includes_vat=True)
    assert significant_payment(Decimal("30000.01"), includes_vat=True)
    assert significant_payment_floor() < Decimal("25000.01")


def test_figures_worked_out_by_hand():
    # Five lines paid April-September 2024: four with invoice dates, one without.
    groups = [
        group_of(date(2024, 5, 31), date(2024, 5, 1), Decimal("100.00")),  # 30 days
        group_of(date(2024, 6, 1), date(2024, 5, 1), Decimal("200.00")),  # 31 days
        group_of(date(2024, 7, 10), date(2024, 5, 11), Decimal("300.00")),  # 60 days
        group_of(date(2024, 7, 11), date(2024, 5, 11), Decimal("400.00")),  # 61 days
        group_of(date(2024, 8, 1), None, Decimal("1000.00")),
    ]
    (figures,) = compliance_by_period(groups)
    assert figures.lines == 5 and figures.dated_lines == 4
    assert figures.average_days == Decimal("45.5")  # (30 + 31 + 60 + 61) / 4
    assert (figures.share_within_30, figures.share_31_to_60, figures.share_over_60) == (
        Decimal("25.0"),
        Decimal("50.0"),
        Decimal("25.0"),
    )
    assert figures.coverage == Decimal("80.0")  # 4 of 5 lines
    assert figures.value_coverage == Decimal("50.0")  # £1,000 of £2,000
    assert compliance_from_dict(compliance_to_dict(figures)) == figures


def test_groups_count_their_lines():
    (figures,) = compliance_by_period(
        [
            PaymentGroup(date(2024, 5, 1), 40, 3, Decimal("30")),
            PaymentGroup(date(2024, 5, 1), 10, 1, Decimal("5")),
        ]
    )
    assert figures.dated_lines == 4 and figures.average_days == Decimal("32.5")
    assert figures.within_31_to_60 == 3


def test_no_invoice_dates_gives_no_figures_but_the_coverage():
    (figures,) = compliance_by_period([group_of(date(2024, 5, 1), None, Decimal("10"))])
    assert figures.average_days is None and figures.share_within_30 is None
    assert figures.coverage == Decimal("0.0")


def test_period_keys_round_trip():
    period = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert Period.from_key(period.key) == period
    assert period.label == "1 January 2026 to 31 March 2026"
    with pytest.raises(ValueError):
        Period.from_key("2026-03-31_2026-01-01")
    with pytest.raises(ValueError):
        Period.from_key("nonsense")
