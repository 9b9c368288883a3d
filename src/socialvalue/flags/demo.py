"""Demo data that raises a few red flags of each kind, then computes the flags.

Twelve small procurements of 2025 (moved with the story, ``core.demo_clock``), awarded, with their bids opened and scored (one quality
question with a pass mark: a bid under it is disqualified), so that Cardinal's indicators
have something to find, and two direct awards to one supplier with a value variation. The
rest (delivery gaps, overdue returns, claims without evidence, one proxy) come from the
contracts demo. Running it twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from socialvalue.accounts.models import User
from socialvalue.contracts.models import (
    Contract,
    ContractVariation,
    Route,
    VariationKind,
    VariationStatus,
)
from socialvalue.core.demo_clock import demo_calendar
from socialvalue.domain.organisation_type import LegalForm
from socialvalue.procurement.models import Category, Project, Stage
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import (
    Bid,
    BidStatus,
    ConsensusScore,
    Criterion,
    CriterionKind,
    Tender,
    TenderStatus,
)

LONDON = ZoneInfo("Europe/London")

SUPPLIERS = [
    # name, company number, contact e-mail (two share one: Cardinal's R044)
    ("Ribble Office Supplies Ltd", "13100001", "sales@ribble-office.example"),
    ("Fylde Coast Maintenance Ltd", "13100002", "office@fyldecoast.example"),
    ("Bowland Print and Post Ltd", "13100003", "hello@bowlandprint.example"),
    ("Wyre Technical Services Ltd", "13100004", "bids@wyretech.example"),
    ("Pendle Facilities Group Ltd", "13100005", "tenders@pendlegroup.example"),
    ("Pendle Property Care Ltd", "13100006", "tenders@pendlegroup.example"),
]

# reference, title, days to bid, [(supplier index, price, quality score, paper bid
# received this many hours after the deadline)], winner index. The pass mark is 2 of 5.
TENDERS = [
    ("LC-2025-101", "Stationery", 30, [(0, "50000", 4), (1, "50250", 3)], 0),  # R024
    ("LC-2025-102", "Printing", 30, [(2, "40000", 4), (3, "43600", 3)], 2),
    ("LC-2025-103", "Window cleaning", 30, [(1, "30000", 4), (3, "32850", 3)], 1),
    ("LC-2025-104", "Grounds maintenance", 30, [(3, "60000", 4), (0, "66000", 3)], 3),
    ("LC-2025-105", "Locksmith services", 30, [(0, "20000", 4), (2, "22000", 3)], 0),
    ("LC-2025-106", "Signage", 30, [(2, "25000", 4), (1, "27625", 3)], 2),
    ("LC-2025-107", "Pest control", 30, [(1, "18000", 4), (0, "19980", 3)], 1),
    ("LC-2025-108", "Vending machines", 30, [(3, "10000", 4), (2, "11200", 3)], 3),
    # R058 (the runner-up twice the winner), R003 (ten days to bid)
    ("LC-2025-109", "Archive storage", 10, [(0, "45000", 4), (3, "90000", 3)], 0),
    # R035 (every other bid disqualified), R036 (the lowest disqualified), R028 (two
    # identical prices), R044 (two bidders with one e-mail), R030 (the winner's paper bid
    # came in two hours late), R038 (Pendle Property Care: both its bids disqualified)
    (
        "LC-2025-110",
        "Custody suite repairs",
        30,
        [(4, "70000", 4, 2), (5, "64000", 1), (1, "72000", 1), (2, "72000", 1)],
        4,
    ),
    ("LC-2025-111", "Fire door inspections", 30, [(4, "15000", 4), (5, "12000", 1)], 4),
    ("LC-2025-112", "Drainage survey", 30, [(2, "8000", 4)], 2),  # R018: one bid
]


def load(stdout) -> None:
    officer = User.objects.get(username="officer")
    suppliers = _suppliers()
    for row in TENDERS:
        _tender(officer, suppliers, *row)
    _direct_awards(officer, suppliers)
    from socialvalue.flags.services import flags_compute

    run = flags_compute()
    stdout.write(f"Red flags: {run.raised} raised from the demo data.")


def _suppliers() -> list[Supplier]:
    found = []
    for name, number, email in SUPPLIERS:
        supplier, _ = Supplier.objects.update_or_create(
            companies_house_number=number,
            defaults={
                "name": name,
                "contact_email": email,
                "postcode": "PR1 1AA",
                "employees": 20,
                "legal_form": LegalForm.PRIVATE_LIMITED,
            },
        )
        found.append(supplier)
    return found


def _moved_reference(reference: str) -> str:
    """LC-2025-101 as told on the reference day, with the story's year of today."""
    prefix, year, number = reference.rsplit("-", 2)
    return f"{prefix}-{demo_calendar().year(int(year))}-{number}"


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _tender(officer, suppliers, reference, title, days, bids, winner) -> None:
    cal = demo_calendar()
    number = int(reference[-3:]) - 100
    reference = _moved_reference(reference)
    deadline_day = cal.day(2025, 3, 1) + timedelta(days=20 * number)
    published = _at(deadline_day) - timedelta(days=days)
    project, _ = Project.objects.get_or_create(
        title=f"{title} ({cal.year(2025)})",
        defaults={
            "description": f"{title} for police premises across Lancashire.",
            "requesting_department": "Estates",
            "owner": officer,
            "category": Category.SERVICES,
            "estimated_value": Decimal("60000.00"),
            "procurement_starts_on": published.date(),
            "contract_starts_on": deadline_day + timedelta(days=60),
            "contract_ends_on": deadline_day + timedelta(days=60 + 365),
            "published": True,
            "stage": Stage.AWARDED,
        },
    )
    deadline = _at(deadline_day)
    tender, created = Tender.objects.get_or_create(
        reference=reference,
        defaults={
            "project": project,
            "title": title,
            "description": f"{title} for police premises across Lancashire.",
            "deadline": deadline,
            "price_weight": Decimal("60"),
            "quality_weight": Decimal("40"),
            "social_value_relevant": False,
            "status": TenderStatus.AWARDED,
            "created_by": officer,
            "published_at": published,
            "published_by": officer,
            "moderation_completed_at": deadline + timedelta(days=7),
            "prices_opened_at": deadline + timedelta(days=8),
            "awarded_at": deadline + timedelta(days=14),
            "recommendation_reason": "Highest total score.",
            "recommended_by": officer,
        },
    )
    if not created:
        return
    criterion = Criterion.objects.create(
        tender=tender,
        code="Q1",
        title="Method and quality",
        weight=Decimal("100"),
        kind=CriterionKind.QUALITY,
        pass_mark=Decimal("2"),
    )
    winning = None
    for index, price, score, *late in bids:
        paper = bool(late)
        received = deadline + timedelta(hours=late[0]) if paper else deadline - timedelta(days=1)
        bid = Bid.objects.create(
            tender=tender,
            supplier=suppliers[index],
            status=BidStatus.SUBMITTED,
            price=Decimal(price),
            submitted_at=received,
            submitted_by=officer,
            is_paper=paper,
            paper_received_at=received if paper else None,
        )
        ConsensusScore.objects.create(
            bid=bid,
            criterion=criterion,
            score=Decimal(score),
            rationale="Agreed by the panel.",
            agreed_by=officer,
        )
        if index == winner:
            winning = bid
    tender.recommended_bid = winning
    tender.save(update_fields=["recommended_bid"])


def _direct_awards(officer, suppliers) -> None:
    """Two direct awards to one supplier within a year: the first just under the goods and
    services threshold, the two together over it; the second varied by 20%."""
    supplier = suppliers[1]
    rows = [
        ("LC-C-2026-901", "Emergency boarding-up", "160000.00", date(2026, 2, 1)),
        ("LC-C-2026-902", "Emergency glazing", "24500.00", date(2026, 6, 1)),
    ]
    contracts = []
    cal = demo_calendar()
    for reference, title, value, written_starts in rows:
        starts = cal.date(written_starts)
        contract, _ = Contract.objects.get_or_create(
            reference=_moved_reference(reference),
            defaults={
                "title": title,
                "supplier": supplier,
                "route": Route.DIRECT_AWARD,
                "value": Decimal(value),
                "starts_on": starts,
                "ends_on": starts + timedelta(days=364),
                "awarded_by": officer,
                "awarded_at": _at(starts - timedelta(days=7)),
                "award_decision": "Urgent need after storm damage.",
            },
        )
        contracts.append(contract)
    varied = contracts[1]
    if not varied.variations.exists():
        ContractVariation.objects.create(
            contract=varied,
            kind=VariationKind.VALUE,
            old_values={"value": "24500.00"},
            new_values={"value": "29400.00"},
            reason="More windows broken than first surveyed.",
            status=VariationStatus.APPROVED,
            requested_by=officer,
            decided_by=officer,
            decided_at=_at(cal.day(2026, 8, 1)),
        )
        varied.value = Decimal("29400.00")
        varied.save(update_fields=["value"])
