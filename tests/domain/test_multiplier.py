from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.multiplier import (
    DEFAULT_LOCAL_RESPEND_SHARE,
    LocalSpend,
    lm3_ratio,
    local_multiplier,
)

D = Decimal


def test_textbook_example():
    # £1,000 spent, £400 with local suppliers, who re-spend half of it locally:
    # (1000 + 400 + 200) / 1000 = 1.60
    result = local_multiplier(D("1000"), [LocalSpend(D("400"), D("0.5"))])
    assert (result.round2, result.round3, result.lm3) == (D("400.00"), D("200.00"), D("1.60"))
    assert result.round3_from_assumption == D("0.00")


def test_default_share_is_used_and_reported_when_no_survey_answer():
    result = local_multiplier(D("1000"), [LocalSpend(D("400")), LocalSpend(D("100"), D("0"))])
    assert D("0.25") == DEFAULT_LOCAL_RESPEND_SHARE
    assert result.round3 == D("100.00")  # 400 x 0.25 + 100 x 0
    assert result.round3_from_assumption == D("100.00")
    assert result.lm3 == D("1.60")  # (1000 + 500 + 100) / 1000
    assert "assumed" in result.assumption_note


def test_nothing_local_gives_one_and_nothing_spent_gives_none():
    assert local_multiplier(D("1000"), []).lm3 == D("1.00")
    assert lm3_ratio(D("0"), D("0"), D("0")) is None


def test_a_share_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        local_multiplier(D("100"), [LocalSpend(D("50"), D("1.5"))])


@given(
    st.decimals(min_value=1, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=1, places=2),
    st.decimals(min_value=0, max_value=1, places=2),
)
def test_lm3_lies_between_one_and_three(total, local_fraction, respend):
    result = local_multiplier(total, [LocalSpend(total * local_fraction, respend)])
    assert D("1.00") <= result.lm3 <= D("3.00")
