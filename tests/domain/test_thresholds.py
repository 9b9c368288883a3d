"""The Social Value Act duty: thresholds, dates, VAT, categories and authority types.

The expected amounts are typed by hand from the published thresholds (PPN 11/23, Procurement
Act 2023 Schedule 1 and the 2025 amendment regulations), independently of the CSV parser;
one test then checks the packaged CSV parses to exactly these rows.
"""

import csv
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.domain.thresholds import (
    AuthorityType,
    Category,
    ContractType,
    Regime,
    Threshold,
    ThresholdNotFound,
    social_value_act_duty,
    threshold_from_csv_row,
    thresholds_from_csv_rows,
    value_including_vat,
)

PCR, PA = Regime.PCR_2015, Regime.PA_2023
CEN, SUB, ALL = AuthorityType.CENTRAL, AuthorityType.SUB_CENTRAL, AuthorityType.ALL
GS, WK, LT = ContractType.SUPPLIES_AND_SERVICES, ContractType.WORKS, ContractType.LIGHT_TOUCH
PCR_FROM, PCR_TO = date(2024, 1, 1), date(2025, 2, 23)
PA_FROM, PA_TO = date(2025, 2, 24), date(2025, 12, 31)
NEW_FROM = date(2026, 1, 1)

TABLE = [
    Threshold(PCR, PCR_FROM, PCR_TO, CEN, GS, D("139688")),
    Threshold(PCR, PCR_FROM, PCR_TO, SUB, GS, D("214904")),
    Threshold(PCR, PCR_FROM, PCR_TO, ALL, WK, D("5372609")),
    Threshold(PCR, PCR_FROM, PCR_TO, ALL, LT, D("663540")),
    Threshold(PA, PA_FROM, PA_TO, CEN, GS, D("139688")),
    Threshold(PA, PA_FROM, PA_TO, SUB, GS, D("214904")),
    Threshold(PA, PA_FROM, PA_TO, ALL, WK, D("5372609")),
    Threshold(PA, PA_FROM, PA_TO, ALL, LT, D("663540")),
    Threshold(PA, NEW_FROM, None, CEN, GS, D("135018")),
    Threshold(PA, NEW_FROM, None, SUB, GS, D("207720")),
    Threshold(PA, NEW_FROM, None, ALL, WK, D("5193000")),
    Threshold(PA, NEW_FROM, None, ALL, LT, D("663540")),
]

PACKAGED = Path(__file__).parents[2] / "src" / "socialvalue" / "data" / "policy" / "thresholds.csv"


def duty(value, day, authority=SUB, category=Category.SERVICES, inc_vat=True, **kw):
    return social_value_act_duty(
        authority=authority,
        category=category,
        estimated_value=D(value),
        value_includes_vat=inc_vat,
        start_date=day,
        thresholds=TABLE,
        **kw,
    )


PENNY_CASES = [
    # (start date, authority, category, threshold including VAT, regime)
    (date(2024, 6, 1), SUB, Category.SERVICES, "214904", PCR),
    (date(2024, 6, 1), CEN, Category.SERVICES, "139688", PCR),
    (date(2024, 6, 1), SUB, Category.LIGHT_TOUCH, "663540", PCR),
    (date(2025, 6, 1), SUB, Category.SERVICES, "214904", PA),
    (date(2025, 6, 1), CEN, Category.MIXED_WITH_SERVICES, "139688", PA),
    (date(2025, 6, 1), CEN, Category.LIGHT_TOUCH, "663540", PA),
    (date(2026, 6, 1), SUB, Category.SERVICES, "207720", PA),
    (date(2026, 6, 1), CEN, Category.SERVICES, "135018", PA),
    (date(2026, 6, 1), SUB, Category.MIXED_WITH_SERVICES, "207720", PA),
    (date(2026, 6, 1), SUB, Category.LIGHT_TOUCH, "663540", PA),
]


@pytest.mark.parametrize(("day", "authority", "category", "amount", "regime"), PENNY_CASES)
def test_one_penny_either_side_of_each_threshold(day, authority, category, amount, regime):
    at = duty(amount, day, authority, category)
    below = duty(D(amount) - D("0.01"), day, authority, category)
    above = duty(D(amount) + D("0.01"), day, authority, category)
    assert (below.applies, at.applies, above.applies) == (False, True, True)
    assert at.regime == below.regime == regime
    assert at.threshold is not None and at.threshold.amount_inc_vat == D(amount)


def test_regime_changes_between_23_and_24_february_2025():
    before = duty("300000", date(2025, 2, 23))
    after = duty("300000", date(2025, 2, 24))
    assert (before.regime, after.regime) == (PCR, PA)
    assert "Public Contracts Regulations 2015" in before.explanation
    assert "Procurement Act 2023" in after.explanation


def test_new_amounts_from_1_january_2026():
    # £210,000 is below the 2025 sub-central amount (214,904) but above 2026's (207,720).
    assert not duty("210000", date(2025, 12, 31)).applies
    assert duty("210000", date(2026, 1, 1)).applies
    # Central: £137,000 is below 139,688 but above 135,018.
    assert not duty("137000", date(2025, 12, 31), CEN).applies
    assert duty("137000", date(2026, 1, 1), CEN).applies


@pytest.mark.parametrize(
    ("ex_vat", "day", "authority", "applies"),
    [
        # 207,720 / 1.2 = 173,100 exactly.
        ("173100.00", date(2026, 3, 1), SUB, True),
        ("173099.99", date(2026, 3, 1), SUB, False),  # x 1.2 = 207,719.988 -> 207,719.99
        # 214,904 / 1.2 = 179,086.666...: 179,086.67 x 1.2 = 214,904.004 -> 214,904.00
        ("179086.67", date(2025, 3, 1), SUB, True),
        ("179086.66", date(2025, 3, 1), SUB, False),  # 214,903.992 -> 214,903.99
        # 135,018 / 1.2 = 112,515 exactly.
        ("112515.00", date(2026, 3, 1), CEN, True),
        ("112514.99", date(2026, 3, 1), CEN, False),
    ],
)
def test_values_excluding_vat_are_grossed_up(ex_vat, day, authority, applies):
    assert duty(ex_vat, day, authority, inc_vat=False).applies is applies
    # The same figure entered as including VAT is always below the threshold here.
    assert not duty(ex_vat, day, authority, inc_vat=True).applies


def test_vat_rate_is_a_parameter():
    assert value_including_vat(D("100"), includes_vat=False) == D("120.00")
    assert value_including_vat(D("100"), includes_vat=False, vat_rate=D("0.05")) == D("105.00")
    assert value_including_vat(D("100"), includes_vat=True) == D("100.00")
    assert not duty("173100", date(2026, 3, 1), inc_vat=False, vat_rate=D("0.10")).applies


@pytest.mark.parametrize("category", [Category.SUPPLIES, Category.WORKS])
@pytest.mark.parametrize("day", [date(2024, 6, 1), date(2025, 6, 1), date(2026, 6, 1)])
def test_pure_supplies_and_works_are_outside_the_act(category, day):
    decision = duty("99000000", day, SUB, category)
    assert not decision.applies
    assert f"this is a pure {category} contract" in decision.explanation
    assert "Our social value policy still applies to every contract" in decision.explanation


def test_works_use_the_works_row_for_the_record():
    decision = duty("1000", date(2026, 6, 1), CEN, Category.WORKS)
    assert decision.threshold is not None and decision.threshold.amount_inc_vat == D("5193000")


def test_light_touch_is_the_same_for_both_authority_types():
    for authority in (CEN, SUB):
        assert not duty("663539.99", date(2026, 6, 1), authority, Category.LIGHT_TOUCH).applies
        assert duty("663540", date(2026, 6, 1), authority, Category.LIGHT_TOUCH).applies


def test_explanations_read_as_plain_sentences():
    decision = duty("150000", date(2026, 3, 1), SUB, inc_vat=False)
    assert decision.value_inc_vat == D("180000.00")
    assert not decision.applies
    assert decision.explanation == (
        "The Social Value Act duty does not apply: the estimated value of £150,000.00 excluding "
        "VAT (£180,000.00 with VAT at 20%) is below the £207,720.00 sub-central goods and "
        "services threshold (including VAT) under the Procurement Act 2023. Our social value "
        "policy still applies to every contract, whatever its value or kind."
    )
    applies = duty("250000", date(2026, 3, 1), SUB)
    assert applies.explanation == (
        "The Social Value Act duty applies: the estimated value of £250,000.00 including VAT is "
        "at or above the £207,720.00 sub-central goods and services threshold (including VAT) "
        "under the Procurement Act 2023, so consider social value before the procurement starts."
    )


def test_no_row_for_the_date_is_an_error_not_a_guess():
    with pytest.raises(ThresholdNotFound, match="no goods and services threshold"):
        duty("1000000", date(2023, 12, 31))


def test_authority_must_be_central_or_sub_central():
    with pytest.raises(ValueError, match="central government or sub-central"):
        duty("1000", date(2026, 1, 1), ALL)


def test_specific_authority_row_beats_an_all_row():
    extra = [*TABLE, Threshold(PA, NEW_FROM, None, ALL, GS, D("1"))]
    decision = social_value_act_duty(
        authority=SUB,
        category=Category.SERVICES,
        estimated_value=D("100"),
        value_includes_vat=True,
        start_date=date(2026, 2, 1),
        thresholds=extra,
    )
    assert decision.threshold is not None and decision.threshold.amount_inc_vat == D("207720")


def test_packaged_csv_parses_to_the_hand_typed_rows():
    with PACKAGED.open(encoding="utf-8") as handle:
        rows = thresholds_from_csv_rows(csv.DictReader(handle))
    main_types = [r for r in rows if r.contract_type in (GS, WK, LT)]
    assert main_types == TABLE
    assert len(rows) == 18


def test_researched_csv_wording_is_understood():
    row = {
        "regime": "Procurement Act 2023 (Threshold Amounts)(Amendment) Regs 2025 / PPN 023",
        "applies_to_procurements_commenced": "from 1 Jan 2026",
        "authority_type": "sub-central (local authorities, universities, academies, emergency "
        "services)",
        "contract_type": "goods & services",
        "threshold_gbp_inc_vat": "207720",
    }
    assert threshold_from_csv_row(row) == TABLE[9]
    pcr = dict(
        row,
        regime="PCR 2015 (PPN 11/23)",
        applies_to_procurements_commenced="1 Jan 2024 - 23 Feb 2025 (PCR revoked ...)",
        authority_type="all",
        contract_type="light touch regime services",
        threshold_gbp_inc_vat="663540",
    )
    assert threshold_from_csv_row(pcr) == TABLE[3]
    with pytest.raises(ValueError, match="contract type 'shrubbery'"):
        threshold_from_csv_row(dict(row, contract_type="shrubbery"))


def test_codes_match_the_policy_app():
    assert SUB.code == "sub_central" and AuthorityType.from_code("central") == CEN
    assert GS.code == "goods_services" and ContractType.from_code("light_touch") == LT


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
values = st.decimals(min_value=D(0), max_value=D("10000000"), places=2)


@settings(max_examples=300, deadline=None)
@given(
    values,
    values,
    days,
    st.sampled_from(list(Category)),
    st.sampled_from([CEN, SUB]),
    st.booleans(),
)
def test_duty_is_monotone_in_value(a, b, day, category, authority, inc_vat):
    low, high = sorted((a, b))
    if duty(low, day, authority, category, inc_vat).applies:
        assert duty(high, day, authority, category, inc_vat).applies


@settings(max_examples=100, deadline=None)
@given(days, st.sampled_from([CEN, SUB]))
def test_every_day_from_2024_has_exactly_one_regime(day, authority):
    decision = duty("1", day, authority)
    assert decision.regime == (PCR if day <= PCR_TO else PA)
    assert decision.threshold is not None
    t = decision.threshold
    assert t.valid_from <= day and (t.valid_to is None or day <= t.valid_to)
    # And the day before the regime change really is under the other regime.
    assert duty("1", PA_FROM - timedelta(days=1), authority).regime == PCR
