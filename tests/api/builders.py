"""Tenders and bids for the API tests, built on the models directly (the tender pages have
their own tests): bids whose content is easy to look for in any answer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.procurement.models import Project
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import (
    Bid,
    BidResponse,
    BidStatus,
    Criterion,
    EvaluatorAssignment,
    Tender,
    TenderStatus,
)

SUPPLIER1 = "09000001"
SUPPLIER2 = "12000002"
# supplier number -> (price, words of the response); both must never leak while sealed.
BIDS = {
    SUPPLIER1: (Decimal("123456.78"), "Zebra-umbrella staffing plan"),
    SUPPLIER2: (Decimal("234567.89"), "Walrus-lantern staffing plan"),
}


def tender_with_bids(reference: str, *, deadline_in: timedelta, **fields) -> Tender:
    """A published tender with one criterion and a submitted bid from each demo supplier."""
    officer = User.objects.get(username="officer")
    now = timezone.now()
    tender = Tender.objects.create(
        project=Project.objects.order_by("pk").first(),
        reference=reference,
        title=f"API test tender {reference}",
        description="Bought for the API tests.",
        deadline=now + deadline_in,
        estimated_value=Decimal("987654.32"),
        price_weight=Decimal(60),
        quality_weight=Decimal(40),
        status=TenderStatus.PUBLISHED,
        created_by=officer,
        published_at=now - timedelta(days=30),
        published_by=officer,
        **fields,
    )
    criterion = Criterion.objects.create(
        tender=tender, code="Q1", title="Staffing", weight=Decimal(100)
    )
    for number, (price, text) in BIDS.items():
        bid = Bid.objects.create(
            tender=tender,
            supplier=Supplier.objects.get(companies_house_number=number),
            status=BidStatus.SUBMITTED,
            price=price,
            submitted_at=now - timedelta(days=1),
        )
        BidResponse.objects.create(bid=bid, criterion=criterion, text=f"{text} ({reference})")
    return tender


def sealed_tender() -> Tender:
    return tender_with_bids("API-SEALED", deadline_in=timedelta(days=7))


def opened_tender() -> Tender:
    """Deadline passed; prices kept back until moderation (not opened yet)."""
    return tender_with_bids("API-OPENED", deadline_in=-timedelta(hours=2))


def on_panel(tender: Tender, username: str, *, conflict: bool = False) -> None:
    EvaluatorAssignment.objects.create(
        tender=tender,
        evaluator=User.objects.get(username=username),
        assigned_by=User.objects.get(username="officer"),
        declared_at=timezone.now(),
        has_conflict=conflict,
    )


def bid_of(tender: Tender, number: str) -> Bid:
    return tender.bids.get(supplier__companies_house_number=number)
