from decimal import Decimal

import pytest

from socialvalue.domain.supplier_size import SizeBand, classify_size

M = 1_000_000


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "band"),
    [
        (9, 2 * M, None, SizeBand.MICRO),  # both at the micro edge
        (10, 2 * M, None, SizeBand.SMALL),  # one more member of staff
        (9, 2 * M + 1, 2 * M + 1, SizeBand.SMALL),  # a pound over on both money tests
        (9, 50 * M, 2 * M, SizeBand.MICRO),  # balance sheet alone passes
        (49, 10 * M, None, SizeBand.SMALL),
        (50, 10 * M, None, SizeBand.MEDIUM),
        (49, 10 * M + 1, 10 * M + 1, SizeBand.MEDIUM),
        (249, 44 * M, None, SizeBand.MEDIUM),  # Procurement Act 2023 edge
        (249, 44 * M + 1, 38 * M, SizeBand.MEDIUM),  # balance sheet test saves it
        (249, 44 * M + 1, 38 * M + 1, SizeBand.LARGE),
        (250, 1, 1, SizeBand.LARGE),
    ],
)
def test_bands_at_their_edges(employees, turnover, balance, band):
    result = classify_size(employees, Decimal(turnover), None if balance is None else balance)
    assert result.band is band
    assert result.confidence == 1.0


def test_confidence_falls_with_the_evidence():
    assert classify_size(5).band is SizeBand.MICRO
    assert classify_size(5).confidence == 0.7
    assert classify_size(None, "£50,000,000", "£40,000,000").band is SizeBand.LARGE
    assert classify_size(None, "£50,000,000").confidence == 0.5
    unknown = classify_size(None)
    assert (unknown.band, unknown.confidence) == (SizeBand.UNKNOWN, 0.0)


def test_sme_covers_micro_small_and_medium_only():
    assert [b for b in SizeBand if b.is_sme] == [SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM]
