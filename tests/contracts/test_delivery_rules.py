"""The pure delivery rules: periods, pro-rata targets, shares, red/amber/green, overdue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain import delivery as d

THRESHOLDS = d.Thresholds(green=Decimal("90"), amber=Decimal("70"))


def test_quarters_aligned_to_the_contract_start():
    periods = d.reporting_periods(date(2026, 5, 15), date(2027, 5, 14))
    assert [(p.start, p.end) for p in periods] == [
        (date(2026, 5, 15), date(2026, 8, 14)),
        (date(2026, 8, 15), date(2026, 11, 14)),
        (date(2026, 11, 15), date(2027, 2, 14)),
        (date(2027, 2, 15), date(2027, 5, 14)),
    ]
    assert all(p.fraction == 1 for p in periods)


def test_month_ends_stay_month_ends():
    periods = d.reporting_periods(date(2026, 1, 31), date(2026, 6, 29), months=1)
    assert [p.start for p in periods][:3] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert periods[0].end == date(2026, 2, 27)


def test_last_period_cut_short_by_the_contract_end():
    periods = d.reporting_periods(date(2026, 4, 1), date(2026, 11, 15), months=6)
    assert [(p.start, p.end) for p in periods] == [
        (date(2026, 4, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 11, 15)),
    ]
    last = periods[-1]
    assert last.days == 46 and last.full_days == 182
    # 12 a year: 6 for a half-year, scaled to 46 of 182 days.
    assert d.period_target(d.Target(Decimal(12)), last, 6) == Decimal("1.52")


@pytest.mark.parametrize("months", [2, 4, 0, 24])
def test_only_allowed_frequencies(months):
    with pytest.raises(d.DeliveryError, match="1, 3, 6 or 12"):
        d.reporting_periods(date(2026, 4, 1), date(2027, 3, 31), months)


def test_end_before_start_refused():
    with pytest.raises(d.DeliveryError):
        d.reporting_periods(date(2026, 4, 1), date(2026, 3, 31))


def test_targets_per_year_per_period_and_in_one_year():
    periods = d.reporting_periods(date(2026, 4, 1), date(2028, 3, 31))  # 8 quarters
    per_year = d.Target(Decimal(40))
    per_period = d.Target(Decimal(3), basis=d.Basis.PER_PERIOD)
    second_year = d.Target(Decimal(48), year=2)
    assert [d.period_target(per_year, p, 3) for p in periods] == [Decimal("10.00")] * 8
    assert d.total_target(per_period, periods, 3) == Decimal(24)
    assert [d.period_target(second_year, p, 3) for p in periods] == [0] * 4 + [12] * 4
    assert d.contract_years(date(2026, 4, 1), date(2028, 3, 31)) == 2
    assert d.contract_years(date(2026, 4, 1), date(2028, 4, 1)) == 3


def test_pro_rata_target_counts_periods_past_their_deadline():
    periods = d.reporting_periods(date(2026, 4, 1), date(2027, 3, 31))
    target = d.Target(Decimal(40))
    # Q1 ends 30 June; with 30 days' grace its return is due 30 July.
    assert d.pro_rata_target(target, periods, 3, date(2026, 7, 30), 30) == 0
    assert d.pro_rata_target(target, periods, 3, date(2026, 7, 31), 30) == 10
    assert d.pro_rata_target(target, periods, 3, date(2027, 12, 1), 30) == 40


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (Decimal("0.90"), d.Rag.GREEN),  # at the green threshold: green
        (Decimal("0.8999"), d.Rag.AMBER),
        (Decimal("0.70"), d.Rag.AMBER),  # at the amber threshold: amber
        (Decimal("0.6999"), d.Rag.RED),
        (Decimal("0"), d.Rag.RED),
        (Decimal("1.5"), d.Rag.GREEN),
        (None, d.Rag.NOT_DUE),
    ],
)
def test_rag_boundaries(share, expected):
    assert d.rag(share, THRESHOLDS) == expected


def test_thresholds_must_be_in_order():
    with pytest.raises(d.DeliveryError):
        d.Thresholds(green=Decimal(60), amber=Decimal(70))


def test_delivered_share_and_nothing_due():
    assert d.delivered_share(Decimal(9), Decimal(10)) == Decimal("0.9000")
    assert d.delivered_share(Decimal(2), Decimal(3)) == Decimal("0.6667")
    assert d.delivered_share(Decimal(5), Decimal(0)) is None


def test_overdue_after_the_grace_days_unless_submitted():
    period = d.reporting_periods(date(2026, 4, 1), date(2027, 3, 31))[0]
    assert period.due_on(30) == date(2026, 7, 30)
    assert not d.is_overdue(period, 30, submitted=False, today=date(2026, 7, 30))
    assert d.is_overdue(period, 30, submitted=False, today=date(2026, 7, 31))
    assert not d.is_overdue(period, 30, submitted=True, today=date(2027, 1, 1))


def test_capped_share_does_not_let_over_delivery_hide_a_shortfall():
    pairs = [(Decimal(300), Decimal(100)), (Decimal(0), Decimal(100))]
    assert d.capped_share(pairs) == Decimal("0.5000")
    assert d.capped_share([(Decimal(5), Decimal(0))]) is None


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(start=starts, days=st.integers(0, 3000), months=st.sampled_from(d.ALLOWED_MONTHS))
def test_periods_cover_the_contract_without_gaps_or_overlaps(start, days, months):
    end = start + timedelta(days=days)
    periods = d.reporting_periods(start, end, months)
    assert periods[0].start == start and periods[-1].end == end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
        assert before.fraction == 1
    assert sum(p.days for p in periods) == days + 1
    assert [p.number for p in periods] == list(range(1, len(periods) + 1))


@given(
    start=starts,
    years=st.integers(1, 5),
    months=st.sampled_from(d.ALLOWED_MONTHS),
    quantity=st.integers(0, 10_000),
)
def test_a_whole_year_per_year_target_adds_up_to_the_quantity(start, years, months, quantity):
    end = d.add_months(start, 12 * years) - timedelta(days=1)
    periods = d.reporting_periods(start, end, months)
    target = d.Target(Decimal(quantity))
    total = d.total_target(target, periods, months)
    # Each period is rounded to 0.01: the total is within half a penny per period.
    assert abs(total - quantity * years) <= Decimal("0.005") * len(periods)


@given(
    delivered=st.decimals(0, 1000, places=2),
    due=st.decimals(0, 1000, places=2),
    green=st.integers(0, 100),
    gap=st.integers(0, 100),
)
def test_rag_is_monotonic(delivered, due, green, gap):
    thresholds = d.Thresholds(green=Decimal(green), amber=Decimal(max(green - gap, 0)))
    order = [d.Rag.RED, d.Rag.AMBER, d.Rag.GREEN]
    share = d.delivered_share(delivered, due)
    more = d.delivered_share(delivered + 1, due)
    if share is None:
        assert d.rag(share, thresholds) == d.Rag.NOT_DUE
        return
    assert order.index(d.rag(more, thresholds)) >= order.index(d.rag(share, thresholds))
