"""Cardinal's indicators over the demo's awarded tenders, on both sides of each boundary.
The demo's tenders LC-2025-101 to -112 are built for these (flags/demo.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from socialvalue.domain.flags import FlagCode
from socialvalue.flags import cardinal
from socialvalue.flags.selectors import rules_in_force
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Bid, ConsensusScore, Tender


def _flagged(code: FlagCode, settings: dict | None = None) -> set[str]:
    """The tender references the indicator flags now (nothing is stored)."""
    rules = dict.fromkeys(FlagCode)
    rules[code] = {**code.defaults, **(settings or {})}
    findings, _ = cardinal.compute(rules)
    return {f.title.split(":")[0] for f in findings if f.code == code}


def _bid(reference: str, supplier_name: str) -> Bid:
    return Bid.objects.get(tender__reference=reference, supplier__name=supplier_name)


def test_r024_and_r058_against_a_fixed_limit(demo):
    # LC-2025-101: the runner-up 0.5% above the winner; LC-2025-109: 100% above.
    assert "LC-2025-101" in _flagged(FlagCode.R024, {"fence": "0.005"})
    assert "LC-2025-101" not in _flagged(FlagCode.R024, {"fence": "0.0049"})
    assert "LC-2025-109" in _flagged(FlagCode.R058, {"fence": "1.00"})
    assert "LC-2025-109" not in _flagged(FlagCode.R058, {"fence": "1.01"})


def test_r024_and_r058_use_the_data_fences_by_default(demo):
    assert "LC-2025-101" in _flagged(FlagCode.R024)
    assert "LC-2025-104" not in _flagged(FlagCode.R024)  # 10%, the usual gap
    assert "LC-2025-109" in _flagged(FlagCode.R058)


def test_r024_leaves_out_a_winner_who_was_not_the_cheapest(demo):
    winner = _bid("LC-2025-101", "Ribble Office Supplies Ltd")
    Bid.objects.filter(pk=winner.pk).update(price=Decimal("50300"))
    assert "LC-2025-101" not in _flagged(FlagCode.R024, {"fence": "0.5"})


def test_r028_identical_prices(demo):
    assert "LC-2025-110" in _flagged(FlagCode.R028)
    Bid.objects.filter(pk=_bid("LC-2025-110", "Bowland Print and Post Ltd").pk).update(
        price=Decimal("72000.01")
    )
    assert "LC-2025-110" not in _flagged(FlagCode.R028)


def test_r030_late_winning_bid(demo):
    assert "LC-2025-110" in _flagged(FlagCode.R030)
    tender = Tender.objects.get(reference="LC-2025-110")
    Bid.objects.filter(pk=_bid("LC-2025-110", "Pendle Facilities Group Ltd").pk).update(
        paper_received_at=tender.deadline
    )
    assert "LC-2025-110" not in _flagged(FlagCode.R030)


def test_r035_and_r036_follow_the_pass_mark(demo):
    assert {"LC-2025-110", "LC-2025-111"} <= _flagged(FlagCode.R035)
    assert {"LC-2025-110", "LC-2025-111"} <= _flagged(FlagCode.R036)
    # The lowest bid of LC-2025-111 reaches the pass mark (2 of 5): valid, nothing to flag.
    ConsensusScore.objects.filter(bid=_bid("LC-2025-111", "Pendle Property Care Ltd")).update(
        score=Decimal("2")
    )
    assert "LC-2025-111" not in _flagged(FlagCode.R035)
    assert "LC-2025-111" not in _flagged(FlagCode.R036)


def test_r038_bidder_with_many_disqualified_bids(demo):
    findings, _ = cardinal.compute(
        {
            **dict.fromkeys(FlagCode),
            FlagCode.R038: {"fence": "1.0", "minimum_submitted_bids": "2"},
        }
    )
    assert [f.title for f in findings] == ["Pendle Property Care Ltd"]
    findings, _ = cardinal.compute(
        {
            **dict.fromkeys(FlagCode),
            FlagCode.R038: {"fence": "1.0", "minimum_submitted_bids": "3"},
        }
    )
    assert findings == []


def test_r044_shared_contact_email(demo):
    assert {"LC-2025-110", "LC-2025-111"} <= _flagged(FlagCode.R044)
    Supplier.objects.filter(name="Pendle Property Care Ltd").update(
        contact_email="office@pendlepropertycare.example"
    )
    assert not _flagged(FlagCode.R044) & {"LC-2025-110", "LC-2025-111"}


def test_r018_single_bid_and_r003_short_period(demo):
    assert "LC-2025-112" in _flagged(FlagCode.R018)
    assert "LC-2025-111" not in _flagged(FlagCode.R018)
    tender = Tender.objects.get(reference="LC-2025-101")
    Tender.objects.filter(pk=tender.pk).update(published_at=tender.deadline - timedelta(days=14))
    assert "LC-2025-101" in _flagged(FlagCode.R003)


def test_coverage_says_what_the_data_cannot_support(demo):
    Tender.objects.filter(status="awarded").update(status="prices_open")
    _findings, coverage = cardinal.compute(rules_in_force())
    unsupported = {c.code for c in coverage if not c.supported}
    assert FlagCode.R028 in unsupported and FlagCode.R003 not in unsupported
    note = next(c.note for c in coverage if c.code == FlagCode.R028)
    assert "/bids/details[]/value/amount" in note
