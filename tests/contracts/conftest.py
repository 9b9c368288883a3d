"""Helpers for the contracts tests: a contract with KPIs, returns and lines, made through the
ORM so each test states only what it is about."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.contracts.models import Contract, DeliveryReturn, Kpi, LineStatus, ReturnLine
from socialvalue.policy.models import Measure
from socialvalue.suppliers.models import Supplier
from tests.factories import ContractFactory, KpiFactory, MeasureFactory, UserFactory


@pytest.fixture
def staff_user(db) -> User:
    return UserFactory(username="staff-b")


@pytest.fixture
def measure(db) -> Measure:
    return MeasureFactory(code="M-TEST")


@pytest.fixture
def make_contract(db, staff_user, measure):
    def make(supplier: Supplier | None = None, **fields) -> Contract:
        if supplier is not None:
            fields["supplier"] = supplier
        return ContractFactory(awarded_by=staff_user, **fields)

    return make


def add_kpi(contract: Contract, measure: Measure | None, quantity: str, **fields) -> Kpi:
    return KpiFactory(contract=contract, measure=measure, quantity=Decimal(quantity), **fields)


def add_line(
    kpi: Kpi,
    period_number: int,
    quantity: str,
    user: User,
    status: LineStatus = LineStatus.VERIFIED,
) -> ReturnLine:
    contract = kpi.contract
    period = contract.periods()[period_number - 1]
    delivery_return, _ = DeliveryReturn.objects.get_or_create(
        contract=contract,
        period_number=period.number,
        defaults={
            "period_start": period.start,
            "period_end": period.end,
            "submitted_at": timezone.now(),
            "submitted_by": user,
        },
    )
    return ReturnLine.objects.create(
        delivery_return=delivery_return,
        kpi=kpi,
        quantity=Decimal(quantity),
        narrative="Delivered",
        status=status,
        submitted_by=user,
        submitted_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Evidence files go to a throw-away folder, through Django's storage as in production.
    settings.MEDIA_ROOT = tmp_path / "media"


def recommended_tender(
    officer: User, measure: Measure, *, stage: str = "evaluation", supplier: Supplier | None = None
):
    """A tender at "award recommended" with a winning bid: two commitments (years 1 and 2)
    valued at a frozen proxy of £120 (the library now says £100), and two own proposals, one
    with an agreed value. Returns (tender, winning bid)."""
    from datetime import timedelta

    from socialvalue.procurement.models import Category, Project
    from socialvalue.tendering.models import (
        Bid,
        BidCommitment,
        BidStatus,
        FrozenProxy,
        OwnProposal,
        Tender,
        TenderStatus,
    )

    project = Project.objects.create(
        title="Cleaning of police premises (test)",
        description="Cleaning",
        requesting_department="Estates",
        owner=officer,
        category=Category.SERVICES,
        estimated_value=Decimal("300000.00"),
        procurement_starts_on=date(2026, 1, 1),
        contract_starts_on=date(2026, 4, 1),
        contract_ends_on=date(2028, 3, 31),
        stage=stage,
    )
    tender = Tender.objects.create(
        project=project,
        reference="LC-T-TEST-1",
        title="Cleaning of police premises",
        description="Cleaning",
        deadline=timezone.now() - timedelta(days=30),
        price_weight=Decimal("60"),
        quality_weight=Decimal("40"),
        status=TenderStatus.RECOMMENDED,
        created_by=officer,
        published_at=timezone.now() - timedelta(days=60),
    )
    FrozenProxy.objects.create(
        tender=tender,
        measure=measure,
        code=measure.code,
        title=measure.title,
        unit=measure.unit,
        proxy_value=Decimal("120.00"),
    )
    winner = Bid.objects.create(
        tender=tender,
        supplier=supplier or Supplier.objects.create(name="Sparkle Cleaning Ltd"),
        status=BidStatus.SUBMITTED,
        price=Decimal("250000.00"),
        submitted_at=timezone.now() - timedelta(days=31),
    )
    Bid.objects.create(
        tender=tender,
        supplier=Supplier.objects.create(name="Other Cleaners Ltd"),
        status=BidStatus.SUBMITTED,
        price=Decimal("260000.00"),
    )
    BidCommitment.objects.create(bid=winner, measure=measure, quantity=Decimal("40"), year=1)
    BidCommitment.objects.create(bid=winner, measure=measure, quantity=Decimal("48"), year=2)
    OwnProposal.objects.create(
        bid=winner,
        description="Litter picks with local schools",
        unit="events",
        quantity=Decimal("4"),
        year=1,
        agreed_unit_value=Decimal("250.00"),
        agreed_reason="Cost of a comparable community event",
        agreed_by=officer,
        agreed_at=timezone.now(),
    )
    OwnProposal.objects.create(
        bid=winner, description="Careers talks", unit="talks", quantity=Decimal("2"), year=1
    )
    tender.recommended_bid = winner
    tender.recommended_by = officer
    tender.save()
    return tender, winner


def award_terms(**changes):
    from socialvalue.contracts.services import Terms

    values = {
        "reference": "LC-C-TEST-1",
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2028, 3, 31),
    }
    values.update(changes)
    return Terms(**values)


# The award notice of the tests: published on Monday 2 March 2026, its standstill of 8
# working days ends on Wednesday 11 March; the contract may be entered into from the 12th.
NOTICE_ON = date(2026, 3, 2)
AFTER_STANDSTILL = date(2026, 3, 12)


def in_standstill(officer: User, tender, notice_on: date = NOTICE_ON):
    """The recommended tender's award decided and its award notice published on
    ``notice_on``: the standstill runs."""
    from socialvalue.contracts import services

    services.award_decide(
        actor=officer, tender=tender, decision="Highest score; approved by the CFO on 1 March."
    )
    return services.award_outcome_release(
        actor=officer, tender=tender, notice_published_on=notice_on
    )


def enter(officer: User, tender, terms=None, today: date = AFTER_STANDSTILL):
    """Decide, stand still and enter into the contract of a recommended tender."""
    from socialvalue.contracts import services

    in_standstill(officer, tender)
    return services.contract_award(
        actor=officer, tender=tender, terms=terms or award_terms(), today=today
    )
