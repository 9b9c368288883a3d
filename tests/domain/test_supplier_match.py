"""Fuzzy suggestions of which registered supplier a payee may be (domain/supplier_match.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.supplier_match import (
    ACCEPT_MIN_SCORE,
    SUGGEST_MIN_SCORE,
    SupplierMatcher,
    name_score,
)
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister
from socialvalue.domain.supplier_size import SizeBand, classify_size

REGISTER = SupplierRegister(
    [
        RegisteredSupplier("James Harvard Ltd", reference="1"),
        RegisteredSupplier("Volkswagen Group United Kingdom Ltd", reference="2"),
        RegisteredSupplier("Goodyear Tyres UK Ltd", reference="3"),
        RegisteredSupplier("Claremont Consulting Ltd", reference="4"),
        RegisteredSupplier("Reed Specialist Recruitment Ltd", aliases=("REED",), reference="5"),
        RegisteredSupplier("Acme Cleaning Ltd", reference="6"),
        RegisteredSupplier("Acme Cleaning Services", reference="7"),
    ]
)


def test_a_misspelt_payee_is_suggested_its_supplier_with_a_high_score():
    (best, *_rest) = SupplierMatcher(REGISTER).suggest("JAMES HARVAD LTD")
    assert best.supplier.reference == "1"
    assert best.score >= ACCEPT_MIN_SCORE
    assert best.matched_name == "JAMES HARVARD"


def test_word_order_and_legal_words_cost_nothing():
    assert (
        name_score("UNITED KINGDOM VOLKSWAGEN GROUP LIMITED", "Volkswagen Group United Kingdom")
        == 100
    )


def test_a_different_name_is_not_suggested():
    assert SupplierMatcher(REGISTER).suggest("SCOTTISH WATER BUSINESS STREAM") == []
    assert name_score("ACME", "ACNE") == 75 < SUGGEST_MIN_SCORE  # as docs/spend-analysis.md says


def test_the_scores_the_docs_give():
    assert name_score("JAMES HARVAD LTD", "James Harvard Ltd") == 96


def test_a_trading_name_is_compared_on_its_own():
    found = SupplierMatcher(REGISTER).suggest("PREMIERTEC LTD T/A CLAREMONT CONSULTING")
    assert [s.supplier.reference for s in found] == ["4"]
    assert found[0].score == 100


def test_one_entry_per_supplier_best_first():
    found = SupplierMatcher(REGISTER).suggest("ACME CLEANING SERVICE", limit=5, min_score=70)
    references = [s.supplier.reference for s in found]
    assert references == ["7", "6"]
    assert found[0].score > found[1].score


def test_best_refuses_a_tie_between_two_suppliers():
    register = SupplierRegister(
        [
            RegisteredSupplier("Acme Bx Ltd", reference="a"),
            RegisteredSupplier("Acme By", reference="b"),
        ]
    )
    matcher = SupplierMatcher(register)
    assert [s.score for s in matcher.suggest("ACME BZ", min_score=50)] == [86, 86]
    assert matcher.best("ACME BZ", min_score=50) is None
    assert matcher.best("ACME BX", min_score=50).supplier.reference == "a"


def test_best_needs_the_score_asked_for():
    matcher = SupplierMatcher(REGISTER)
    assert matcher.best("GOODYEAR SSC") is None
    assert matcher.best("GOODYEAR TYRE UK LTD").supplier.reference == "3"


def test_an_empty_register_suggests_nothing():
    assert SupplierMatcher(SupplierRegister()).suggest("ANYONE") == []


@given(st.text(max_size=40), st.text(max_size=40))
def test_scores_stay_between_0_and_100(left, right):
    score = name_score(left, right)
    assert 0 <= score <= 100


@pytest.mark.parametrize(
    ("stated", "band"),
    [
        ("small", SizeBand.SMALL),
        ("LARGE", SizeBand.LARGE),
        ("", SizeBand.UNKNOWN),
        ("huge", SizeBand.UNKNOWN),
    ],
)
def test_a_stated_size_is_used_when_no_figures_are_known(stated, band):
    result = classify_size(None, None, None, stated)
    assert result.band is band
    assert result.confidence == (0.5 if band is not SizeBand.UNKNOWN else 0.0)


def test_figures_beat_a_stated_size():
    assert classify_size(300, None, None, "micro").band is SizeBand.LARGE


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234567", "01234567"),
        (" 01234567 ", "01234567"),
        ("sc 123456", "SC123456"),
        ("OC301234", "OC301234"),
        ("R0123456", "R0123456"),
        ("", ""),
        ("123456789", None),
        ("ABC12345", None),
        ("Acme", None),
    ],
)
def test_companies_house_numbers(text, number):
    from socialvalue.domain.registration_numbers import normalise_company_number

    assert normalise_company_number(text) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("298028", "298028"),
        ("1123456", "1123456"),
        ("1123456-1", "1123456-1"),
        ("sc012345", "SC012345"),
        ("NIC100123", "NIC100123"),
        ("", ""),
        ("12345", None),
        ("charity", None),
    ],
)
def test_charity_numbers(text, number):
    from socialvalue.domain.registration_numbers import normalise_charity_number

    assert normalise_charity_number(text) == number
