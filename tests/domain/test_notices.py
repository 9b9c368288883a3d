"""Which Procurement Act notices a procurement needs and when each is due: every threshold
at, just below and just above (goods and services against works, light touch, the
notifiable below-threshold amount), every due-date rule at its day edge."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from socialvalue.domain.delivery import Rag
from socialvalue.domain.notices import (
    ContractFacts,
    NoticeRegime,
    NoticeStatus,
    NoticeType,
    PerformanceRating,
    ProcurementFacts,
    VariationFacts,
    change_notice_needed,
    in_pipeline,
    kpis_required,
    notice_regime,
    notice_status,
    notices_required,
    performance_assessments,
    pipeline_mandatory,
    pipeline_window,
    proposed_rating,
    standstill_period,
)
from socialvalue.domain.thresholds import AuthorityType, Category, thresholds_from_csv_rows

PENNY = Decimal("0.01")


def _table():
    path = resources.files("socialvalue") / "data" / "policy" / "thresholds.csv"
    with path.open(encoding="utf-8") as handle:
        return thresholds_from_csv_rows(csv.DictReader(handle))


TABLE = _table()
IN_2026 = date(2026, 3, 2)
IN_2025 = date(2025, 6, 2)


def _regime(value, category=Category.SERVICES, day=IN_2026, authority=AuthorityType.SUB_CENTRAL):
    return notice_regime(
        authority=authority,
        category=category,
        value_inc_vat=Decimal(value),
        started_on=day,
        thresholds=TABLE,
    ).regime


# --- Thresholds from 1 January 2026, each at, just below and just above ------------------

ABOVE = NoticeRegime.ABOVE_THRESHOLD
BELOW = NoticeRegime.BELOW_THRESHOLD


@pytest.mark.parametrize(
    ("category", "authority", "amount", "at_or_above"),
    [
        (Category.SERVICES, AuthorityType.SUB_CENTRAL, "207720.00", ABOVE),
        (Category.SUPPLIES, AuthorityType.SUB_CENTRAL, "207720.00", ABOVE),
        (Category.MIXED_WITH_SERVICES, AuthorityType.SUB_CENTRAL, "207720.00", ABOVE),
        (Category.SERVICES, AuthorityType.CENTRAL, "135018.00", ABOVE),
        (Category.WORKS, AuthorityType.SUB_CENTRAL, "5193000.00", ABOVE),
        (Category.WORKS, AuthorityType.CENTRAL, "5193000.00", ABOVE),
        (Category.LIGHT_TOUCH, AuthorityType.SUB_CENTRAL, "663540.00", NoticeRegime.LIGHT_TOUCH),
    ],
)
def test_threshold_edges_from_1_january_2026(category, authority, amount, at_or_above):
    amount = Decimal(amount)
    assert _regime(amount, category, authority=authority) == at_or_above
    assert _regime(amount + PENNY, category, authority=authority) == at_or_above
    assert _regime(amount - PENNY, category, authority=authority) == BELOW


def test_works_between_the_two_thresholds_is_below_but_services_are_above():
    value = Decimal("1000000.00")
    assert _regime(value, Category.WORKS) == BELOW
    assert _regime(value, Category.SERVICES) == ABOVE


def test_light_touch_between_goods_and_light_touch_thresholds_is_below():
    assert _regime("400000.00", Category.LIGHT_TOUCH) == BELOW


def test_2025_thresholds_apply_to_a_procurement_started_in_2025():
    # £210,000 is above the 2026 sub-central threshold (£207,720) but below 2025's £214,904.
    assert _regime("210000.00", day=IN_2025) == BELOW
    assert _regime("210000.00", day=IN_2026) == ABOVE
    assert _regime("214904.00", day=date(2025, 12, 31)) == ABOVE
    assert _regime("214903.99", day=date(2025, 12, 31)) == BELOW
    assert _regime("207720.00", day=date(2026, 1, 1)) == ABOVE


@pytest.mark.parametrize(
    ("authority", "amount"),
    [(AuthorityType.SUB_CENTRAL, "30000.00"), (AuthorityType.CENTRAL, "12000.00")],
)
def test_notifiable_below_threshold_edges(authority, amount):
    amount = Decimal(amount)
    assert _regime(amount, authority=authority) == BELOW
    assert _regime(amount + PENNY, authority=authority) == BELOW
    assert _regime(amount - PENNY, authority=authority) == NoticeRegime.NOT_NOTIFIABLE


def test_act_commencement_edge():
    assert _regime("500000.00", day=date(2025, 2, 23)) == NoticeRegime.BEFORE_ACT
    assert _regime("500000.00", day=date(2025, 2, 24)) == ABOVE


def test_an_exempt_contract_needs_no_notice_and_says_why():
    decision = notice_regime(
        authority=AuthorityType.SUB_CENTRAL,
        category=Category.SERVICES,
        value_inc_vat=Decimal("900000"),
        started_on=IN_2026,
        thresholds=TABLE,
        exempt_reason="Schedule 2 paragraph 2: a vertical arrangement",
    )
    assert decision.regime == NoticeRegime.EXEMPT
    assert "vertical arrangement" in decision.explanation
    assert notices_required(ProcurementFacts(regime=decision.regime)) == []


def test_regime_explanation_names_the_threshold():
    decision = notice_regime(
        authority=AuthorityType.SUB_CENTRAL,
        category=Category.SERVICES,
        value_inc_vat=Decimal("207720.00"),
        started_on=IN_2026,
        thresholds=TABLE,
    )
    assert "£207,720.00" in decision.explanation
    assert decision.threshold == Decimal("207720.00")


# --- Which notices, due when ---------------------------------------------------------------

CONTRACT = ContractFacts(
    key="C1",
    value=Decimal("6000000"),
    starts_on=date(2026, 4, 1),
    ends_on=date(2029, 3, 31),
    entered_on=date(2026, 3, 20),
    kpi_count=3,
)


def _facts(regime=ABOVE, **changes):
    values = {
        "regime": regime,
        "engagement_on": date(2025, 10, 1),
        "tender_on": date(2025, 11, 3),
        "award_on": date(2026, 2, 16),
        "contracts": (CONTRACT,),
    }
    values.update(changes)
    return ProcurementFacts(**values)


def _types(notices):
    return [n.type for n in notices]


def test_above_threshold_procurement_needs_every_notice_in_order():
    notices = notices_required(_facts())
    assert _types(notices) == [
        NoticeType.UK2,
        NoticeType.UK4,
        NoticeType.UK6,
        NoticeType.UK7,
        NoticeType.UK9,
        NoticeType.UK9,
        NoticeType.UK9,
        NoticeType.UK11,
    ]
    due = {n.key: n.due_on for n in notices}
    assert due["UK2"] == due["UK4"] == date(2025, 11, 3)
    assert due["UK6"] == date(2026, 2, 16)
    assert due["UK7:C1"] == date(2026, 4, 18)  # 30 days beginning with 20 March
    assert due["UK9:C1:1"] == date(2027, 4, 29)  # 30 days beginning with 31 March 2027
    assert due["UK9:C1:2"] == date(2028, 4, 29)
    assert due["UK9:C1:0"] == date(2029, 4, 29)  # the final assessment at the end
    assert due["UK11:C1"] == date(2029, 4, 29)


def test_no_engagement_no_uk2():
    assert NoticeType.UK2 not in _types(notices_required(_facts(engagement_on=None)))


def test_before_award_there_is_no_award_notice_and_the_tender_notice_waits_for_a_date():
    notices = notices_required(_facts(award_on=None, contracts=(), tender_on=None))
    assert _types(notices) == [NoticeType.UK2, NoticeType.UK4]
    assert all(n.due_on is None for n in notices)


def test_light_touch_has_voluntary_standstill_and_no_change_notice():
    variation = VariationFacts(
        "V1", "C1", date(2027, 1, 5), Decimal("100"), Decimal("200"), 1000, 1000
    )
    notices = notices_required(_facts(NoticeRegime.LIGHT_TOUCH, variations=(variation,)))
    award = next(n for n in notices if n.type == NoticeType.UK6)
    assert "voluntary" in award.rule
    assert NoticeType.UK10 not in _types(notices)


def test_below_threshold_needs_only_tender_and_contract_details():
    notices = notices_required(_facts(BELOW))
    assert _types(notices) == [NoticeType.UK4, NoticeType.UK7]
    assert notices_required(_facts(BELOW, tender_advertised=False))[0].type == NoticeType.UK7


@pytest.mark.parametrize(
    "regime", [NoticeRegime.NOT_NOTIFIABLE, NoticeRegime.EXEMPT, NoticeRegime.BEFORE_ACT]
)
def test_regimes_without_notices(regime):
    assert notices_required(_facts(regime)) == []


def test_uk7_waits_until_the_contract_is_entered_into():
    contract = ContractFacts("C2", Decimal("300000"), date(2026, 4, 1), date(2027, 3, 31))
    uk7 = next(n for n in notices_required(_facts(contracts=(contract,))) if n.type == "UK7")
    assert uk7.due_on is None


def test_kpis_over_five_million_edge():
    assert kpis_required(Decimal("5000000.00")) == 0
    assert kpis_required(Decimal("5000000.01")) == 3
    over = notices_required(_facts())
    assert "at least 3 KPIs" in next(n for n in over if n.type == "UK7").rule


def test_performance_notices_are_required_over_five_million_and_voluntary_below():
    over = [n for n in notices_required(_facts()) if n.type == NoticeType.UK9]
    assert all(n.required for n in over)
    small = ContractFacts(
        "C3", Decimal("5000000"), date(2026, 4, 1), date(2027, 3, 31), kpi_count=2
    )
    under = [n for n in notices_required(_facts(contracts=(small,))) if n.type == NoticeType.UK9]
    assert [n.period for n in under] == [0]
    assert not under[0].required
    none = ContractFacts("C4", Decimal("9000000"), date(2026, 4, 1), date(2027, 3, 31))
    assert NoticeType.UK9 not in _types(notices_required(_facts(contracts=(none,))))


@pytest.mark.parametrize(
    ("ends_on", "expected"),
    [
        (date(2027, 3, 30), [date(2027, 3, 30)]),  # ends a day before the first year does
        (date(2027, 3, 31), [date(2027, 3, 31)]),  # the first year's end is the end
        (date(2027, 4, 1), [date(2027, 3, 31), date(2027, 4, 1)]),  # a day past it
    ],
)
def test_performance_assessment_days_at_the_year_edge(ends_on, expected):
    assert performance_assessments(date(2026, 4, 1), ends_on) == expected


def test_termination_notice_follows_an_early_end():
    ended = ContractFacts("C5", Decimal("300000"), date(2026, 4, 1), date(2026, 9, 15))
    uk11 = next(n for n in notices_required(_facts(contracts=(ended,))) if n.type == "UK11")
    assert uk11.due_on == date(2026, 10, 14)  # 30 days beginning with 15 September


# --- UK10: value 10% goods and services / 15% works, term 10% ------------------------------

BASE = Decimal("1000000.00")


@pytest.mark.parametrize(
    ("works", "after", "needed"),
    [
        (False, Decimal("1100000.00"), False),  # exactly 10%
        (False, Decimal("1100000.01"), True),  # just above
        (False, Decimal("1099999.99"), False),  # just below
        (False, Decimal("899999.99"), True),  # a decrease counts too
        (False, Decimal("900000.00"), False),
        (True, Decimal("1150000.00"), False),  # works: exactly 15%
        (True, Decimal("1150000.01"), True),
        (True, Decimal("1149999.99"), False),
        (True, Decimal("1100000.01"), False),  # above 10% but works allow 15%
    ],
)
def test_change_notice_value_edges(works, after, needed):
    assert (
        change_notice_needed(
            works=works,
            value_before=BASE,
            value_after=after,
            term_days_before=1000,
            term_days_after=1000,
        )
        is needed
    )


@pytest.mark.parametrize(
    ("after", "needed"), [(1100, False), (1101, True), (1099, False), (899, True)]
)
def test_change_notice_term_edges(after, needed):
    assert (
        change_notice_needed(
            works=False,
            value_before=BASE,
            value_after=BASE,
            term_days_before=1000,
            term_days_after=after,
        )
        is needed
    )


def test_change_notice_listed_only_for_variations_that_need_one():
    small = VariationFacts("V1", "C1", date(2027, 1, 5), BASE, Decimal("1050000"), 1000, 1000)
    big = VariationFacts("V2", "C1", date(2027, 6, 1), BASE, Decimal("1200000"), 1000, 1000)
    notices = [n for n in notices_required(_facts(variations=(small, big))) if n.type == "UK10"]
    assert [n.variation_key for n in notices] == ["V2"]
    assert notices[0].due_on == date(2027, 6, 1)
    assert "20% (limit 10%)" in notices[0].rule
    works = [n for n in notices_required(_facts(works=True, variations=(big,))) if n.type == "UK10"]
    assert works and "limit 15%" in works[0].rule


# --- Status --------------------------------------------------------------------------------

DUE = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("today", "published", "status"),
    [
        (date(2026, 7, 1), None, NoticeStatus.OVERDUE),  # the day after
        (DUE, None, NoticeStatus.DUE),  # on the day
        (date(2026, 5, 31), None, NoticeStatus.DUE),  # 30 days ahead
        (date(2026, 5, 30), None, NoticeStatus.UPCOMING),  # 31 days ahead
        (date(2026, 7, 10), date(2026, 7, 2), NoticeStatus.PUBLISHED),
    ],
)
def test_status_edges(today, published, status):
    assert notice_status(DUE, published, today) == status


def test_status_without_a_due_day_waits():
    assert notice_status(None, None, DUE) == NoticeStatus.WAITING


def test_standstill_period_of_an_award_notice():
    assert standstill_period(date(2026, 11, 9)) == (date(2026, 11, 9), date(2026, 11, 18))


# --- UK9 ratings from delivery --------------------------------------------------------------


@pytest.mark.parametrize(
    ("rag", "share", "rating"),
    [
        (Rag.GREEN, Decimal("0.95"), PerformanceRating.GOOD),
        (Rag.AMBER, Decimal("0.75"), PerformanceRating.APPROACHING),
        (Rag.RED, Decimal("0.50"), PerformanceRating.REQUIRES_IMPROVEMENT),
        (Rag.RED, Decimal("0.4999"), PerformanceRating.INADEQUATE),
        (Rag.NOT_DUE, None, PerformanceRating.OTHER),
    ],
)
def test_rating_proposed_from_delivery_status(rag, share, rating):
    assert proposed_rating(rag, share) == rating


def test_every_rating_has_find_a_tender_code():
    assert [r.ocds_code for r in PerformanceRating] == [
        "met",
        "slightlyBelow",
        "below",
        "significantlyBelow",
        "other",
    ]


# --- UK1 pipeline --------------------------------------------------------------------------


def test_pipeline_window_is_eighteen_months():
    assert pipeline_window(date(2026, 4, 1)) == (date(2026, 4, 1), date(2027, 9, 30))


@pytest.mark.parametrize(
    ("value", "expected_on", "listed"),
    [
        (Decimal("2000000.00"), date(2026, 6, 1), False),  # at £2m: not over it
        (Decimal("2000000.01"), date(2026, 6, 1), True),
        (Decimal("3000000"), date(2027, 9, 30), True),  # last day of the window
        (Decimal("3000000"), date(2027, 10, 1), False),  # a day after
        (Decimal("3000000"), date(2026, 3, 31), False),  # before it starts
    ],
)
def test_pipeline_edges(value, expected_on, listed):
    assert in_pipeline(value, expected_on, date(2026, 4, 1)) is listed


def test_pipeline_mandatory_only_over_one_hundred_million():
    assert not pipeline_mandatory(Decimal("100000000"))
    assert pipeline_mandatory(Decimal("100000000.01"))
    assert not pipeline_mandatory(None)


def test_every_notice_type_has_a_name_and_section():
    assert NoticeType.UK6.label == "Contract award notice"
    assert all(t.section.startswith("section ") for t in NoticeType)
    assert all(r.label for r in NoticeRegime)
