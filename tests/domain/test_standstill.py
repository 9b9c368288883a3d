"""The standstill before entering into a contract (s.51): 8 working days beginning with the
day the contract award notice is published; the contract from the day after the 8th, and
at once when the award has a reason for no standstill."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from socialvalue.domain.standstill import (
    EXEMPTIONS,
    Exemption,
    may_enter,
    may_enter_from,
    standstill_of,
)


@pytest.mark.parametrize(
    ("published_on", "last_day", "why"),
    [
        (date(2026, 3, 2), date(2026, 3, 11), "Monday: 8 working days, one weekend"),
        (date(2026, 3, 16), date(2026, 3, 26), "St Patrick's Day (Northern Ireland) skipped"),
        (date(2026, 11, 27), date(2026, 12, 9), "St Andrew's Day (Scotland) skipped"),
        (date(2026, 7, 10), date(2026, 7, 22), "the Boyne's substitute day (Northern Ireland)"),
        (date(2026, 12, 22), date(2027, 1, 6), "Christmas, Boxing Day, 1 and 2 January"),
        (date(2026, 3, 28), date(2026, 4, 10), "a Saturday, then Good Friday and Easter Monday"),
    ],
)
def test_the_contract_may_be_entered_into_the_day_after_the_8th_working_day(
    published_on, last_day, why
):
    first, last = standstill_of(published_on)
    assert (first, last) == (published_on, last_day), why
    assert may_enter_from(last) == last_day + timedelta(days=1)
    # Day 8 of the standstill: refused; the day after: allowed.
    assert not may_enter(standstill_last_day=last, exempt=False, today=last_day)
    assert may_enter(standstill_last_day=last, exempt=False, today=last_day + timedelta(days=1))
    assert not may_enter(standstill_last_day=last, exempt=False, today=published_on)


def test_no_standstill_started_means_no_contract_and_an_exemption_means_at_once():
    today = date(2026, 3, 2)
    assert not may_enter(standstill_last_day=None, exempt=False, today=today)
    assert may_enter(standstill_last_day=None, exempt=True, today=today)


def test_every_exemption_has_words_and_where_the_act_says_it():
    assert set(EXEMPTIONS) == set(Exemption)
    for exemption in Exemption:
        assert exemption.label and exemption.label[0].isupper()
        assert "section" in exemption.authority
