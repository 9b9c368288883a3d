"""A procurement taken all the way from tender to delivery, built row by row so the tests do
not depend on the demo's tenders: two bids (one wins), scores with justifications, a
contract with KPIs and a verified delivery line. Distinctive strings in the losing bid, the
scores and the people let the leak tests look for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.policy.models import Measure
from socialvalue.procurement.models import Category, Project, Stage
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import (
    Bid,
    BidCommitment,
    BidResponse,
    BidStatus,
    ConsensusScore,
    Criterion,
    CriterionKind,
    EvaluatorAssignment,
    FlagAnswer,
    FrozenProxy,
    Score,
    Tender,
    TenderStatus,
)

# Things that must never be published, planted in the data.
LOSING_PRICE = Decimal("987654.32")
SECRETS = [
    "987654.32",
    "987,654.32",
    "Zebra-response-text-loser",
    "Zebra-response-text-winner",
    "Zebra-justification",
    "Zebra-consensus-rationale",
    "Zebra-flag-answer",
    "Zebra-recommendation-reason",
    "Zebra-award-decision",
    "Zebra-narrative",
    "Losing Bidder Zebra Ltd",
    "761234.00",  # the pre-tender estimate
    "761,234.00",
]


@dataclass
class Awarded:
    project: Project
    tender: Tender
    winner: Bid
    loser: Bid
    contract: object


@pytest.fixture
def awarded(user_for) -> Awarded:
    """A public procurement awarded, contracted and reported on."""
    from socialvalue.contracts.models import (
        Contract,
        DeliveryReturn,
        Kpi,
        KpiSource,
        LineStatus,
        ReturnLine,
    )

    officer = user_for(Role.PROCUREMENT_OFFICER)
    evaluator = user_for(Role.EVALUATOR)
    today = timezone.localdate()
    project = Project.objects.create(
        title="Zebra crossing maintenance",
        description="Maintain crossings.",
        requesting_department="Estates",
        owner=officer,
        category=Category.SERVICES,
        estimated_value=Decimal("761234.00"),
        procurement_starts_on=today - timedelta(days=400),
        contract_starts_on=today - timedelta(days=300),
        contract_ends_on=today + timedelta(days=800),
        stage=Stage.CONTRACT_LIVE,
        published=False,
    )
    tender = Tender.objects.create(
        project=project,
        reference="ZX-2025-001",
        title="Zebra crossing maintenance",
        description="Maintain and repaint crossings across Lancashire.",
        deadline=timezone.now() - timedelta(days=340),
        estimated_value=Decimal("761234.00"),
        price_weight=Decimal("60"),
        quality_weight=Decimal("40"),
        status=TenderStatus.AWARDED,
        created_by=officer,
        published_at=timezone.now() - timedelta(days=380),
        published_by=officer,
        recommendation_reason="Zebra-recommendation-reason",
        recommended_by=officer,
        awarded_at=timezone.now() - timedelta(days=320),
    )
    q1 = Criterion.objects.create(
        tender=tender, code="Q1", title="Method", weight=Decimal("80"), position=1
    )
    sv = Criterion.objects.create(
        tender=tender,
        code="SV1",
        title="Social value commitments",
        weight=Decimal("20"),
        kind=CriterionKind.SV_QUANTITATIVE,
        sv_method="relative_to_best",
        position=2,
    )
    measure = Measure.objects.filter(proxy_value__isnull=False).order_by("code").first()
    FrozenProxy.objects.create(
        tender=tender,
        measure=measure,
        code=measure.code,
        title=measure.title,
        unit=measure.unit,
        proxy_value=measure.proxy_value,
    )
    winner_supplier = Supplier.objects.get(companies_house_number="09000001")
    loser_supplier = Supplier.objects.create(name="Losing Bidder Zebra Ltd", postcode="PR1 1AA")
    submitted = timezone.now() - timedelta(days=345)
    winner = Bid.objects.create(
        tender=tender,
        supplier=winner_supplier,
        status=BidStatus.SUBMITTED,
        price=Decimal("700000.00"),
        submitted_at=submitted,
    )
    loser = Bid.objects.create(
        tender=tender,
        supplier=loser_supplier,
        status=BidStatus.SUBMITTED,
        price=LOSING_PRICE,
        submitted_at=submitted,
    )
    tender.recommended_bid = winner
    tender.save()
    for bid, text in [(winner, "Zebra-response-text-winner"), (loser, "Zebra-response-text-loser")]:
        BidResponse.objects.create(bid=bid, criterion=q1, text=text)
        BidCommitment.objects.create(bid=bid, measure=measure, quantity=Decimal("10"), year=1)
    assignment = EvaluatorAssignment.objects.create(
        tender=tender,
        evaluator=evaluator,
        assigned_by=officer,
        declared_at=submitted,
        has_conflict=False,
    )
    for bid in (winner, loser):
        Score.objects.create(
            assignment=assignment,
            bid=bid,
            criterion=q1,
            score=Decimal("3"),
            justification="Zebra-justification",
        )
        ConsensusScore.objects.create(
            bid=bid,
            criterion=q1,
            score=Decimal("3"),
            rationale="Zebra-consensus-rationale",
            agreed_by=officer,
        )
    FlagAnswer.objects.create(
        tender=tender,
        bid=loser,
        kind="abnormally_low",
        message="Price low",
        answer="Zebra-flag-answer",
        answered_by=officer,
    )
    del sv
    manager = user_for(Role.CONTRACT_MANAGER)
    contract = Contract.objects.create(
        reference="ZX-C-001",
        title=tender.title,
        supplier=winner_supplier,
        project=project,
        tender=tender,
        awarded_bid=winner,
        value=Decimal("700000.00"),
        starts_on=project.contract_starts_on,
        ends_on=project.contract_ends_on,
        award_decision="Zebra-award-decision",
        awarded_by=officer,
        awarded_at=tender.awarded_at,
        manager=manager,
    )
    kpi = Kpi.objects.create(
        contract=contract,
        measure=measure,
        title=measure.title,
        unit=measure.unit,
        quantity=Decimal("10"),
        unit_value=measure.proxy_value,
        source=KpiSource.COMMITMENT,
    )
    period = contract.periods()[0]
    delivery_return = DeliveryReturn.objects.create(
        contract=contract,
        period_number=period.number,
        period_start=period.start,
        period_end=period.end,
        submitted_at=timezone.now() - timedelta(days=150),
        submitted_by=User.objects.get(username="supplier1"),
    )
    ReturnLine.objects.create(
        delivery_return=delivery_return,
        kpi=kpi,
        quantity=Decimal("2.5"),
        narrative="Zebra-narrative",
        status=LineStatus.VERIFIED,
        submitted_by=User.objects.get(username="supplier1"),
        submitted_at=timezone.now() - timedelta(days=150),
        reviewed_by=manager,
        reviewed_at=timezone.now() - timedelta(days=140),
    )
    return Awarded(project, tender, winner, loser, contract)
