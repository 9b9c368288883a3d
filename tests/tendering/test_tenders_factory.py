"""Builders for the tender and bid tests: tenders made through the services (publishing
with an earlier ``now`` gives a tender whose deadline has passed, as in real life)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.domain.evaluation import DEFAULT_SCALE
from socialvalue.procurement.models import Project
from socialvalue.tendering import services
from socialvalue.tendering.models import (
    Bid,
    Criterion,
    CriterionKind,
    SocialValueMethod,
    Tender,
)

CUSTODY = "Custody healthcare and forensic medical services"
DESCRIPTORS = [[str(s), t] for s, t in DEFAULT_SCALE.descriptors]
# code, kind, weight (% of quality)
STANDARD_CRITERIA = [
    ("Q1", CriterionKind.QUALITY, "50"),
    ("Q2", CriterionKind.QUALITY, "30"),
    ("SV1", CriterionKind.SV_QUALITATIVE, "10"),
    ("SV2", CriterionKind.SV_QUANTITATIVE, "10"),
]
_numbers = itertools.count(1)


def draft_tender(officer: User, *, deadline: datetime | None = None, criteria=None) -> Tender:
    """A draft tender on the demo custody project with a sound evaluation model."""
    tender = Tender.objects.create(
        project=Project.objects.get(title=CUSTODY),
        reference=f"TEST-{next(_numbers):03d}",
        title="Test tender",
        description="Something we buy",
        deadline=deadline or timezone.now() + timedelta(days=14),
        quality_weight=Decimal("60"),
        price_weight=Decimal("40"),
        created_by=officer,
    )
    for position, (code, kind, weight) in enumerate(criteria or STANDARD_CRITERIA, 1):
        quantitative = kind == CriterionKind.SV_QUANTITATIVE
        Criterion.objects.create(
            tender=tender,
            code=code,
            title=f"Question {code}",
            kind=kind,
            weight=Decimal(weight),
            descriptors=[] if quantitative else DESCRIPTORS,
            sv_method=SocialValueMethod.RELATIVE_TO_BEST if quantitative else "",
            position=position,
        )
    return tender


def published_tender(officer: User, *, deadline: datetime | None = None) -> Tender:
    """Published the day before ``deadline`` (which may be in the past)."""
    deadline = deadline or timezone.now() + timedelta(days=14)
    tender = draft_tender(officer, deadline=deadline)
    return services.tender_publish(actor=officer, tender=tender, now=deadline - timedelta(days=1))


def complete_bid(
    tender: Tender,
    supplier_user: User,
    *,
    price: str = "100000.00",
    text: str = "Our answer",
    submit: bool = True,
) -> Bid:
    """A bid made by the supplier's user through the services, before the deadline."""
    before = tender.deadline - timedelta(hours=1)
    bid = services.bid_start(actor=supplier_user, tender=tender, now=before)
    services.bid_save(
        actor=supplier_user,
        bid=bid,
        price_text=price,
        responses={c.pk: f"{text} to {c.code}" for c in tender.criteria.all()},
        now=before,
    )
    if submit:
        services.bid_submit(actor=supplier_user, bid=bid, now=before)
    bid.refresh_from_db()
    return bid
