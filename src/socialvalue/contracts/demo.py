"""Demo contracts: the "cleaning" tender awarded (when the evaluation demo has recommended
it: the decision, the award notice and a standstill now past, then the contract), and a contract signed before the platform with supplier1's organisation, reporting
quarterly: one return verified, one with a rejected line, one overdue, and a red KPI with a
recovery plan. Dates are set from today so the statuses hold whenever the demo is loaded.

Last year's domestic abuse support tender (tendering demo) became a contract in the autumn:
its KPIs are the winning bid's commitments, and every quarterly return so far is verified
(on track). Its dates are the story's (``core.demo_clock``), so the latest complete financial
year has social value committed and delivered whatever day the demo is loaded.
Safe to run twice; skips what it cannot do when a neighbour's demo is missing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.contracts import services
from socialvalue.contracts.models import (
    Basis,
    Contract,
    ContractMessage,
    ContractVariation,
    DeliveryReturn,
    EvidenceFile,
    Kpi,
    KpiSource,
    LineStatus,
    RecoveryPlan,
    ReturnLine,
    Route,
    VariationKind,
)
from socialvalue.core.demo_clock import demo_calendar
from socialvalue.core.errors import DomainError
from socialvalue.domain import delivery as rules
from socialvalue.domain.standstill import Exemption
from socialvalue.policy.models import DeliveryStatusRule, Measure
from socialvalue.tendering.models import Tender, TenderStatus

PRE_PLATFORM_REFERENCE = "LC-C-2025-031"
LONDON = ZoneInfo("Europe/London")


def load(stdout) -> None:
    officer = User.objects.filter(username="officer").first()
    manager = User.objects.filter(username="manager").first()
    supplier_user = User.objects.filter(username="supplier1").first()
    if not (officer and manager and supplier_user and supplier_user.supplier_id):
        stdout.write("contracts: demo users missing, skipped")
        return
    _rule()
    _award_cleaning(officer, manager, stdout)
    _pre_platform(officer, manager, supplier_user, stdout)
    _last_year(officer, manager, stdout)


def _rule() -> None:
    if not DeliveryStatusRule.objects.exists():
        DeliveryStatusRule.objects.create(
            green_from_percent=Decimal("90.00"),
            amber_from_percent=Decimal("70.00"),
            return_due_days=30,
            effective_from=date(2024, 4, 1),
            rationale="Delivery of 90% of what was due is on track; below 70% needs recovery.",
        )


def _award_cleaning(officer, manager, stdout) -> None:
    """The two-step award of the cleaning tender, dated so that its standstill is over: the
    decision 22 days ago, the contract award notice (UK6) recorded as published 20 days ago
    (8 working days of standstill end well before today), then the contract entered into."""
    tender = (
        Tender.objects.filter(status=TenderStatus.RECOMMENDED, title__icontains="cleaning")
        .order_by("pk")
        .first()
    )
    if tender is None:
        done = Contract.objects.filter(tender__title__icontains="cleaning").first()
        stdout.write(
            f"contracts: {done.reference} already awarded"
            if done
            else "contracts: no recommended cleaning tender, award skipped"
        )
        return
    today = timezone.localdate()
    starts = max(tender.project.contract_starts_on, today - timedelta(days=200))
    terms = services.Terms(
        reference=f"{tender.reference}-C"[:40],
        starts_on=starts,
        ends_on=rules.add_months(starts, 36) - timedelta(days=1),
        extension_options="One extension of up to 12 months.",
        extension_months=12,
        manager=manager,
    )
    try:
        with transaction.atomic():
            _decide_and_stand_still(officer, tender, today - timedelta(days=20))
            contract = services.contract_award(actor=officer, tender=tender, terms=terms)
    except DomainError as error:
        stdout.write(f"contracts: the cleaning tender was not awarded: {error.message}")
        return
    stdout.write(f"contracts: awarded {contract}")


def _decide_and_stand_still(officer, tender: Tender, notice_on: date) -> None:
    from socialvalue.notices import selectors as notice_selectors
    from socialvalue.notices import services as notice_services

    services.award_decide(
        actor=officer,
        tender=tender,
        decision="Awarded to the highest-scoring bid on the evaluation panel's "
        "recommendation, approved by the Chief Finance Officer.",
    )
    # The decision as made two days before the notice (a demo loader sets its own dates).
    Tender.objects.filter(pk=tender.pk).update(
        award_decided_at=timezone.now()
        - timedelta(days=(timezone.localdate() - notice_on).days + 2)
    )
    needs_notice = any(
        row.key == "UK6" for row in notice_selectors.notices_for(tender.project).rows
    )
    if needs_notice:
        notice_services.notice_publication_record(
            actor=officer,
            project=tender.project,
            key="UK6",
            published_on=notice_on,
            reference=f"{notice_on:%Y}/S 000-{tender.project_id:03d}906",
        )
    else:  # a below-threshold procurement owes no award notice and has no standstill
        services.award_outcome_release(
            actor=officer, tender=tender, exemption=Exemption.BELOW_THRESHOLD
        )


@transaction.atomic
def _pre_platform(officer, manager, supplier_user, stdout) -> None:
    today = timezone.localdate()
    # Ten months back: three quarters have ended and the third's return is overdue.
    starts = rules.add_months(today.replace(day=1), -10)
    contract, created = Contract.objects.update_or_create(
        reference=PRE_PLATFORM_REFERENCE,
        defaults={
            "title": "Vehicle recovery and storage",
            "supplier_id": supplier_user.supplier_id,
            "route": Route.PRE_PLATFORM,
            "value": Decimal("240000.00"),
            "starts_on": starts,
            "ends_on": rules.add_months(starts, 36) - timedelta(days=1),
            "extension_options": "Two extensions of 12 months each.",
            "extension_months": 24,
            "award_decision": "Signed before the platform; commitments agreed at contract start.",
            "awarded_by": officer,
            "awarded_at": timezone.now(),
            "reporting_months": 3,
            "manager": manager,
        },
    )
    if not created:
        stdout.write(f"contracts: {contract.reference} already there")
        return
    kpis = _kpis(contract)
    if len(kpis) < 3:
        stdout.write("contracts: demo measures missing, KPIs skipped")
        return
    spend, carbon, volunteering = kpis
    periods = contract.periods()
    _return(
        contract,
        periods[0],
        supplier_user,
        manager,
        [
            (
                spend,
                "10000",
                "Local SME spend with three Preston garages.",
                LineStatus.VERIFIED,
                "",
            ),
            (carbon, "0.5", "Two vans replaced with electric vans.", LineStatus.VERIFIED, ""),
            (volunteering, "8", "Staff volunteered at a road safety day.", LineStatus.VERIFIED, ""),
        ],
    )
    _return(
        contract,
        periods[1],
        supplier_user,
        manager,
        [
            (
                spend,
                "12500",
                "Local SME spend on tyres and parts.",
                LineStatus.REJECTED,
                "The invoices attached are for the previous quarter. Attach this quarter's.",
            ),
            (carbon, "0.3", "Route planning cut mileage.", LineStatus.VERIFIED, ""),
            (volunteering, "7", "Mentoring at a Blackburn school.", LineStatus.VERIFIED, ""),
        ],
    )
    _evidence(contract, supplier_user)
    ContractVariation.objects.create(
        contract=contract,
        kind=VariationKind.VALUE,
        old_values={"value": str(contract.value)},
        new_values={"value": "252000.00"},
        reason="Two more storage bays at Hutton from next quarter.",
        requested_by=officer,
    )
    RecoveryPlan.objects.create(
        kpi=carbon,
        actions="Replace the remaining diesel recovery truck with an electric one by the end "
        "of next quarter and report monthly mileage.",
        recover_by=today + timedelta(days=90),
        recorded_by=manager,
    )
    ContractMessage.objects.create(
        contract=contract,
        sender=manager,
        body="Please attach this quarter's invoices to the local spend line.",
    )
    stdout.write(f"contracts: {contract.reference} with KPIs and returns")


def _evidence(contract: Contract, supplier_user) -> None:
    line = ReturnLine.objects.filter(delivery_return__contract=contract).order_by("pk").first()
    evidence = EvidenceFile(
        line=line,
        name="local-spend-q1.csv",
        size=len(EVIDENCE_CSV),
        content_type="text/csv",
        uploaded_by=supplier_user,
    )
    evidence.file.save("local-spend-q1.csv", ContentFile(EVIDENCE_CSV), save=False)
    evidence.save()


EVIDENCE_CSV = (
    b"supplier,postcode,invoice,amount\r\n"
    b"Ribble Tyres Ltd,PR1 4AB,INV-1041,4200.00\r\n"
    b"Fulwood Motors,PR2 9XY,INV-2210,5800.00\r\n"
)


def _kpis(contract: Contract) -> list[Kpi]:
    measures = {m.code: m for m in Measure.objects.filter(code__in=["TEI4", "FCC1", "WB2"])}
    plan = [
        ("TEI4", Decimal("40000"), None),
        ("FCC1", Decimal("8"), None),
        ("WB2", Decimal("20"), None),
    ]
    kpis = []
    for position, (code, quantity, value) in enumerate(plan, start=1):
        measure = measures.get(code)
        if measure is None:
            continue
        kpis.append(
            Kpi.objects.create(
                contract=contract,
                measure=measure,
                title=measure.title,
                unit=measure.unit,
                quantity=quantity,
                unit_value=value if value is not None else measure.proxy_value,
                source=KpiSource.AGREED,
                position=position,
            )
        )
    return kpis


def _return(contract, period, supplier_user, manager, lines) -> None:
    submitted = timezone.now()
    delivery_return = DeliveryReturn.objects.create(
        contract=contract,
        period_number=period.number,
        period_start=period.start,
        period_end=period.end,
        submitted_at=submitted,
        submitted_by=supplier_user,
    )
    for kpi, quantity, narrative, status, reason in lines:
        ReturnLine.objects.create(
            delivery_return=delivery_return,
            kpi=kpi,
            quantity=Decimal(quantity),
            narrative=narrative,
            status=status,
            submitted_by=supplier_user,
            submitted_at=submitted,
            reviewed_by=manager,
            reviewed_at=submitted,
            reason=reason,
        )


# Delivered in each quarter, per measure: a little over a quarter of the yearly targets
# (TEI4 £60,000, FCC1 6 tonnes, WB2 120 hours), so the contract is on track.
LAST_YEAR_DELIVERY = {
    "TEI4": ("16000", "15500", "14800", "15900"),
    "FCC1": ("1.6", "1.4", "1.5", "1.6"),
    "WB2": ("34", "30", "28", "31"),
}
LAST_YEAR_NARRATIVE = {
    "TEI4": "Outreach subcontracted to Pendle Women's Centre and Fylde Coast Refuge CIC.",
    "FCC1": "Advisers travel by rail and an electric pool car instead of their own cars.",
    "WB2": "Staff volunteered with a survivors' peer support group in Blackburn.",
}


@transaction.atomic
def _last_year(officer, manager, stdout) -> None:
    """The contract of last year's domestic abuse support tender, found by the tender."""
    cal = demo_calendar()
    tender = (
        Tender.objects.filter(reference=f"LC-{cal.year(2025)}-061", status=TenderStatus.AWARDED)
        .select_related("recommended_bid__supplier", "project")
        .first()
    )
    if tender is None or tender.recommended_bid is None:
        stdout.write("contracts: last year's awarded tender missing, skipped")
        return
    bid = tender.recommended_bid
    if bid.price is None or tender.awarded_at is None:
        stdout.write("contracts: last year's winning bid has no price, skipped")
        return
    if Contract.objects.filter(tender=tender).exists():
        stdout.write(f"contracts: {tender.reference}-C already there")
        return
    starts = cal.day(2025, 11, 1)
    contract = Contract.objects.create(
        reference=f"{tender.reference}-C",
        title=tender.title,
        supplier=bid.supplier,
        project=tender.project,
        tender=tender,
        awarded_bid=bid,
        route=Route.TENDERED,
        value=bid.price,
        starts_on=starts,
        ends_on=rules.add_months(starts, 36) - timedelta(days=1),
        extension_options="One extension of up to 12 months.",
        extension_months=12,
        award_decision="Awarded to the highest-scoring bid on the evaluation panel's "
        "recommendation, approved by the Police and Crime Commissioner.",
        standstill_starts_on=cal.day(2025, 10, 7),
        standstill_ends_on=cal.day(2025, 10, 16),
        awarded_by=officer,
        awarded_at=tender.awarded_at,
        reporting_months=3,
        manager=manager,
    )
    kpis = []
    for position, commitment in enumerate(
        bid.commitments.select_related("measure").order_by("pk"), start=1
    ):
        measure = commitment.measure
        kpis.append(
            Kpi.objects.create(
                contract=contract,
                measure=measure,
                title=measure.title,
                unit=measure.unit,
                quantity=commitment.quantity,
                basis=Basis.PER_YEAR,
                unit_value=measure.proxy_value,
                source=KpiSource.COMMITMENT,
                position=position,
            )
        )
    supplier_user = User.objects.filter(supplier=bid.supplier).first() or officer
    for period in contract.periods()[: len(next(iter(LAST_YEAR_DELIVERY.values())))]:
        # Periods follow the contract's (moved) dates: these are today's story already.
        submitted = datetime.combine(period.end + timedelta(days=12), time(12), tzinfo=LONDON)
        reviewed = submitted + timedelta(days=5)
        delivery_return = DeliveryReturn.objects.create(
            contract=contract,
            period_number=period.number,
            period_start=period.start,
            period_end=period.end,
            submitted_at=submitted,
            submitted_by=supplier_user,
        )
        for kpi in kpis:
            code = kpi.measure.code if kpi.measure else ""
            quantities = LAST_YEAR_DELIVERY.get(code)
            if quantities is None:
                continue
            line = ReturnLine.objects.create(
                delivery_return=delivery_return,
                kpi=kpi,
                quantity=Decimal(quantities[period.number - 1]),
                narrative=LAST_YEAR_NARRATIVE[code],
                status=LineStatus.VERIFIED,
                submitted_by=supplier_user,
                submitted_at=submitted,
                reviewed_by=manager,
                reviewed_at=reviewed,
            )
            content = (
                f"{code} return {period.number} ({period.start} to {period.end}): "
                f"{line.quantity} {kpi.unit} (demo evidence)\n"
            ).encode()
            name = f"{code.lower()}-q{period.number}.txt"
            evidence = EvidenceFile(
                line=line,
                name=name,
                size=len(content),
                content_type="text/plain",
                uploaded_by=supplier_user,
            )
            evidence.file.save(name, ContentFile(content), save=False)
            evidence.save()
    stdout.write(f"contracts: {contract.reference} with KPIs and verified returns")
