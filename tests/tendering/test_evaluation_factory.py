"""Builders shared by the evaluation tests: a published tender whose deadline has passed,
with three submitted bids, and helpers that take it through the evaluation by the services.

The tender is built directly (not through the set-up pages) so these tests depend only on
the models; the pages of engineer A1 are tested in their own files.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.domain.evaluation import DEFAULT_SCALE
from socialvalue.policy.models import Measure
from socialvalue.procurement.models import Project
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering import evaluation_services as services
from socialvalue.tendering.models import (
    Bid,
    BidCommitment,
    BidResponse,
    BidStatus,
    Criterion,
    CriterionKind,
    FrozenProxy,
    OwnProposal,
    Tender,
    TenderStatus,
)

DESCRIPTORS = [[str(score), text] for score, text in DEFAULT_SCALE.descriptors]
# (code, title, weight, kind, pass mark)
CRITERIA = [
    ("Q1", "Service delivery", "60", CriterionKind.QUALITY, Decimal(2)),
    ("Q2", "Staffing and safeguarding", "30", CriterionKind.QUALITY, None),
    ("SV1", "Social value method statement", "5", CriterionKind.SV_QUALITATIVE, None),
    ("SV2", "Social value commitments", "5", CriterionKind.SV_QUANTITATIVE, None),
]
# supplier number -> (price, commitment quantity)
BIDS = {
    "09000001": (Decimal("200000.00"), Decimal("20")),
    "12000002": (Decimal("180000.00"), Decimal("30")),
    "01000003": (Decimal("250000.00"), Decimal("10")),
}
SECRET_PRICE = "£180,000.00"


def build_tender(
    officer: User, *, reference: str = "EV-TEST-1", prices_after_moderation: bool = True
) -> Tender:
    now = timezone.now()
    tender = Tender.objects.create(
        project=Project.objects.order_by("pk").first(),
        reference=reference,
        title="Custody cleaning (test)",
        description="Cleaning of custody suites.",
        deadline=now - timedelta(hours=1),
        estimated_value=Decimal("210000.00"),
        price_weight=Decimal(60),
        quality_weight=Decimal(40),
        prices_open_after_moderation=prices_after_moderation,
        status=TenderStatus.PUBLISHED,
        created_by=officer,
        published_at=now - timedelta(days=20),
        published_by=officer,
    )
    for position, (code, title, weight, kind, pass_mark) in enumerate(CRITERIA):
        Criterion.objects.create(
            tender=tender,
            code=code,
            title=title,
            question=f"Tell us about {title.lower()}.",
            weight=Decimal(weight),
            kind=kind,
            descriptors=DESCRIPTORS,
            pass_mark=pass_mark,
            sv_method="relative_to_best" if kind == CriterionKind.SV_QUANTITATIVE else "",
            position=position,
        )
    measure = Measure.objects.filter(proxy_value__isnull=False).order_by("code").first()
    FrozenProxy.objects.create(
        tender=tender,
        measure=measure,
        code=measure.code,
        title=measure.title,
        unit=measure.unit,
        proxy_value=Decimal("300.00"),
    )
    for number, (price, quantity) in BIDS.items():
        supplier = Supplier.objects.get(companies_house_number=number)
        bid = Bid.objects.create(
            tender=tender,
            supplier=supplier,
            status=BidStatus.SUBMITTED,
            price=price,
            submitted_at=now - timedelta(days=2),
        )
        for criterion in tender.criteria.all():
            BidResponse.objects.create(
                bid=bid, criterion=criterion, text=f"{supplier.name} answers {criterion.code}."
            )
        BidCommitment.objects.create(bid=bid, measure=measure, quantity=quantity, year=1)
    return tender


def bid_of(tender: Tender, number: str) -> Bid:
    return tender.bids.get(supplier__companies_house_number=number)


def second_evaluator() -> User:
    return User.objects.get(username="evaluator2")


def panel_of_two(tender: Tender, officer: User) -> tuple:
    """evaluator1 and evaluator2 assigned and declared no conflict."""
    e1 = User.objects.get(username="evaluator1")
    e2 = second_evaluator()
    assignments = []
    for evaluator in (e1, e2):
        a = services.evaluator_assign(actor=officer, tender=tender, evaluator=evaluator)
        services.interests_declare(actor=evaluator, assignment=a, has_conflict=False)
        a.refresh_from_db()
        assignments.append(a)
    return tuple(assignments)


def score_everything(assignment, scores: dict | None = None, default: int = 3) -> None:
    """Score every bid x scale criterion; ``scores`` maps (supplier number, code) -> score."""
    scores = scores or {}
    tender = assignment.tender
    criteria = [c for c in tender.criteria.all() if c.is_scored_on_scale]
    for bid in tender.bids.all():
        number = bid.supplier.companies_house_number
        entries = [
            services.ScoreEntry(
                c, Decimal(scores.get((number, c.code), default)), f"Because {c.code} reads so."
            )
            for c in criteria
        ]
        services.bid_scores_save(
            actor=assignment.evaluator, assignment=assignment, bid=bid, entries=entries
        )


def agree_everything(tender: Tender, officer: User, scores: dict | None = None) -> None:
    scores = scores or {}
    for bid in tender.bids.all():
        number = bid.supplier.companies_house_number
        for c in tender.criteria.all():
            if c.is_scored_on_scale:
                services.consensus_save(
                    actor=officer,
                    bid=bid,
                    criterion=c,
                    score=Decimal(scores.get((number, c.code), 3)),
                    rationale="The panel agreed.",
                    # Used only where the score is outside the evaluators' (3 by default).
                    outside_range_reason="The panel found what the evaluators missed.",
                )


def to_prices_open(tender: Tender, officer: User, consensus: dict | None = None) -> Tender:
    """Panel of two, both submitted, consensus agreed, moderation complete, prices open."""
    a1, a2 = panel_of_two(tender, officer)
    for a in (a1, a2):
        score_everything(a)
        services.scores_submit(actor=a.evaluator, assignment=a)
    agree_everything(tender, officer, consensus)
    services.moderation_complete(actor=officer, tender=tender)
    services.prices_open(actor=officer, tender=tender)
    tender.refresh_from_db()
    return tender


def add_own_proposal(tender: Tender, number: str) -> OwnProposal:
    return OwnProposal.objects.create(
        bid=bid_of(tender, number),
        description="Community litter picks",
        unit="events",
        quantity=Decimal(5),
        year=1,
    )
