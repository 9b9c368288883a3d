"""Property tests: amounts survive the ways ledgers write them; shares stay in 0..1."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.analytics.engine import (
    AnalysisOptions,
    analyse,
    create_payments_table,
    load_payments,
)
from socialvalue.analytics.reader import read_payments
from socialvalue.domain.money import format_gbp, parse_amount
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister

pence = st.integers(min_value=-(10**12), max_value=10**12).map(lambda p: Decimal(p) / 100)


@given(pence)
def test_amounts_round_trip_through_ledger_spellings(amount):
    plain = f"{amount:.2f}"
    assert parse_amount(plain) == amount
    assert parse_amount(format_gbp(amount)) == amount  # '-£1,234.50'
    bracketed = f"({abs(amount):,.2f})" if amount < 0 else f"{amount:,.2f}"
    assert parse_amount(bracketed) == amount
    trailing = f"{abs(amount):.2f}-" if amount < 0 else plain
    assert parse_amount(trailing) == amount
    assert parse_amount(float(plain)) == amount  # a spreadsheet's binary float


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_float_is_at_most_half_a_penny_from_its_pounds(value):
    assert abs(parse_amount(value) - Decimal(repr(value))) <= Decimal("0.005")


POSTCODES = ["BB5 1AA", "M1 1AA", "SW1A 1AA", "BL0 0AA", None]
lines = st.lists(
    st.tuples(st.integers(0, 4), st.integers(1, 10**7), st.integers(1, 28), st.booleans()),
    min_size=1,
    max_size=30,
)


def _figures(rows):
    register = SupplierRegister(
        [
            RegisteredSupplier(f"Supplier {i}", postcode=pc, employees=i * 60 if i else None)
            for i, pc in enumerate(POSTCODES)
        ]
    )
    csv_text = "Date,Supplier,Amount\n" + "".join(
        f"{day:02d}/05/2023,Supplier {who},{'-' if credit else ''}{p / 100:.2f}\n"
        for who, p, day, credit in rows
    )
    payments = read_payments([("p.csv", csv_text.encode())]).payments
    con = duckdb.connect()
    create_payments_table(con)
    load_payments(con, payments)
    return payments, analyse(con, register, AnalysisOptions())


@settings(max_examples=25, deadline=None)
@given(lines)
def test_parts_add_up_to_the_whole_credits_included(rows):
    payments, figures = _figures(rows)
    assert figures.total == sum(p.amount for p in payments)
    assert figures.negatives == sum(1 for p in payments if p.amount < 0)
    assert sum(figures.by_place.values()) == figures.influenceable
    assert sum(figures.by_size.values()) == figures.influenceable
    assert sum(figures.by_type.values()) == figures.total


@settings(max_examples=25, deadline=None)
@given(lines.map(lambda rows: [(w, p, d, False) for w, p, d, _credit in rows]))
def test_without_credits_every_share_lies_between_zero_and_one(rows):
    _payments, figures = _figures(rows)
    shares = [
        *figures.shares(figures.by_place).values(),
        *figures.shares(figures.by_size).values(),
        *figures.shares(figures.by_type, figures.total).values(),
    ]
    for period in [*figures.years, *figures.months, *figures.categories]:
        shares += [
            period.force_area_share,
            period.north_west_share,
            period.sme_share,
            period.vcse_share,
        ]
    assert all(Decimal(0) <= Decimal(s) <= Decimal(1) for s in shares if s is not None)
    assert sum(Decimal(s) for s in figures.shares(figures.by_place).values()) == pytest.approx(
        Decimal(1), abs=Decimal("0.0005")
    )
