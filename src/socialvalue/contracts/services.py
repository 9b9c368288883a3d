"""Business actions on contracts: award, KPIs, delivery returns, verification, recovery
plans, messages, variations and reminders. Each takes the acting user, runs in one
transaction (all or nothing), checks the rules and records an audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.contracts import selectors
from socialvalue.contracts.models import (
    Contract,
    ContractMessage,
    ContractVariation,
    DeliveryReturn,
    EvidenceFile,
    Frequency,
    Kpi,
    KpiSource,
    RecoveryPlan,
    ReturnLine,
    ReturnReminder,
    Route,
    VariationKind,
)
from socialvalue.core.errors import DomainError, NotAllowed, permission_check
from socialvalue.core.transitions import ensure, move
from socialvalue.core.uploads import check_upload
from socialvalue.domain import delivery as rules
from socialvalue.domain import standstill
from socialvalue.domain.notices import NoticeType
from socialvalue.domain.standstill import Exemption
from socialvalue.notices import selectors as notice_selectors
from socialvalue.notifications import selectors as notification_selectors
from socialvalue.notifications.models import NotificationKind
from socialvalue.notifications.services import notify
from socialvalue.procurement.models import Stage
from socialvalue.procurement.services import project_move
from socialvalue.tendering.models import BidStatus, Tender, TenderStatus

# --- award -------------------------------------------------------------------------------


@dataclass
class Terms:
    """What an officer decides when awarding or recording a contract."""

    reference: str
    starts_on: date
    ends_on: date
    value: Decimal | None = None  # the winning bid's price when blank
    title: str = ""
    extension_options: str = ""
    extension_months: int | None = None
    award_decision: str = ""
    standstill_starts_on: date | None = None
    standstill_ends_on: date | None = None
    reporting_months: int = Frequency.QUARTERLY
    manager: object | None = None


def _check_terms(terms: Terms) -> None:
    if not terms.reference.strip():
        raise DomainError(
            "Enter the contract reference", field="reference", code="contract.reference_missing"
        )
    if Contract.objects.filter(reference=terms.reference.strip()).exists():
        raise DomainError(
            "Another contract already has this reference",
            field="reference",
            code="contract.reference_taken",
        )
    if terms.ends_on < terms.starts_on:
        raise DomainError(
            "The contract must end on or after it starts",
            field="ends_on",
            code="contract.ends_before_start",
        )
    if terms.reporting_months not in rules.ALLOWED_MONTHS:
        raise DomainError(
            "Choose how often the supplier reports",
            field="reporting_months",
            code="contract.reporting_frequency_missing",
        )
    standstill = (terms.standstill_starts_on, terms.standstill_ends_on)
    if all(standstill) and standstill[1] < standstill[0]:
        raise DomainError(
            "The standstill period must end on or after it starts",
            field="standstill_ends_on",
            code="contract.standstill_ends_before_start",
        )


def _contract_from_terms(actor, terms: Terms, default_title: str = "", **fields) -> Contract:
    return Contract.objects.create(
        reference=terms.reference.strip(),
        title=terms.title.strip() or default_title,
        value=terms.value,
        starts_on=terms.starts_on,
        ends_on=terms.ends_on,
        extension_options=terms.extension_options,
        extension_months=terms.extension_months,
        award_decision=terms.award_decision,
        standstill_starts_on=terms.standstill_starts_on,
        standstill_ends_on=terms.standstill_ends_on,
        reporting_months=terms.reporting_months,
        manager=terms.manager,
        awarded_by=actor,
        awarded_at=timezone.now(),
        **fields,
    )


def _check_awarder(actor) -> None:
    permission_check(
        actor, "contracts.award_contract", "Only procurement officers and administrators award"
    )


def _check_manager(actor) -> None:
    permission_check(
        actor,
        "contracts.manage_contract",
        "Only procurement officers, contract managers and administrators manage contracts",
    )


@transaction.atomic
def award_decide(*, actor, tender: Tender, decision: str) -> Tender:
    """The award decision (s.50): the recommended bid is confirmed as the one to award. The
    scores are locked from now on, the contract award notice (UK6) falls due and the project
    is at evaluation until the contract is entered into."""
    _check_awarder(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    decision = decision.strip()
    if not decision:
        raise DomainError(
            "Record the award decision: who decided and why",
            field="decision",
            code="award.decision_missing",
        )
    move(tender.decide_award, decision=decision, by=actor, at=timezone.now())
    tender.save(update_fields=["status", "award_decision", "award_decided_by", "award_decided_at"])
    _project_to_evaluation(actor, tender)
    bid = tender.recommended_bid
    event_record(
        actor=actor,
        verb=AuditEvent.AWARD_DECIDED,
        target=tender,
        reason=decision,
        data={"tender": tender.reference, "bid": bid.pk, "supplier": bid.supplier_id},
    )
    return tender


def _project_to_evaluation(actor, tender: Tender) -> None:
    project = tender.project
    if project.stage == Stage.TENDER:
        project_move(
            actor=actor,
            project=project,
            to_stage=Stage.EVALUATION,
            reason=f"Award decided on tender {tender.reference}",
        )


@transaction.atomic
def award_outcome_release(
    *,
    actor,
    tender: Tender,
    notice_published_on: date | None = None,
    exemption: str = "",
    note: str = "",
) -> Tender:
    """Tell the bidders the outcome: the standstill starts, from the day the contract award
    notice was published (``notice_published_on``, s.51: 8 working days beginning with that
    day) or with the reason the award has none (``exemption``, one of
    ``domain.standstill.Exemption``), and each assessed supplier's assessment summary
    (s.50(3)) is released to it, with the contract award notice: an exempt award that still
    owes one (light touch above threshold, for example) releases them when it is recorded."""
    _check_awarder(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if notice_published_on is None and not exemption:
        raise DomainError(
            "Record the day the contract award notice was published, or why there is no standstill",
            field="exemption",
            code="award.standstill_start_missing",
        )
    if exemption and exemption not in Exemption._value2member_map_:
        raise DomainError(
            "Choose a reason from the list", field="exemption", code="award.exemption_unknown"
        )
    if tender.status == TenderStatus.AWARD_DECIDED:
        first = last = None
        if notice_published_on is not None and not exemption:
            first, last = standstill.standstill_of(notice_published_on)
        move(
            tender.start_standstill,
            first_day=first,
            last_day=last,
            exemption=exemption,
            note=note.strip(),
        )
    elif not (tender.status == TenderStatus.STANDSTILL and tender.summaries_released_at is None):
        ensure(tender.start_standstill, field="exemption")
    released = []
    with_notice = notice_published_on is not None
    if tender.summaries_released_at is None and (with_notice or not _owes_award_notice(tender)):
        tender.summaries_released_at = timezone.now()
        released = [bid.supplier.name for bid in bids_assessed(tender)]
    tender.save()
    if released:
        _tell_bidders_the_outcome(tender)
    event_record(
        actor=actor,
        verb=AuditEvent.AWARD_OUTCOME_RELEASED,
        target=tender,
        reason=note.strip(),
        data={
            "tender": tender.reference,
            "notice_published_on": str(notice_published_on or ""),
            "standstill": [
                str(tender.standstill_starts_on or ""),
                str(tender.standstill_ends_on or ""),
            ],
            "exemption": Exemption(exemption).label if exemption else "",
            "summaries_released_to": released,
        },
    )
    return tender


def _tell_bidders_the_outcome(tender: Tender) -> None:
    """Each assessed supplier is told whether its bid won, with a link to its own
    assessment summary: never another bidder's name, price or scores."""
    for bid in bids_assessed(tender):
        won = bid.pk == tender.recommended_bid_id
        notify(
            kind=NotificationKind.OUTCOME,
            users=notification_selectors.supplier_users(bid.supplier_id),
            title=f"Outcome: {tender.reference} {tender.title}",
            body=(
                "Your bid was successful."
                if won
                else "Your bid was not successful. Thank you for bidding."
            )
            + " Your assessment summary gives your scores and the reasons per criterion.",
            path=reverse("tendering:summary", args=[tender.pk, bid.pk]),
            target=bid,
        )


def _owes_award_notice(tender: Tender) -> bool:
    """Whether the procurement needs a contract award notice not yet recorded as published."""
    rows = notice_selectors.notices_for(tender.project).rows
    return any(r.type == NoticeType.UK6 and r.published is None for r in rows)


def bids_assessed(tender: Tender):
    """The bids whose suppliers get an assessment summary: every bid submitted and
    assessed (withdrawn and draft bids were not)."""
    return tender.bids.filter(status=BidStatus.SUBMITTED).select_related("supplier").order_by("pk")


def award_notice_published(*, actor, project, published_on: date) -> list[Tender]:
    """A contract award notice (UK6) of ``project`` was recorded as published (called by the
    notices service, in its transaction): each tender whose award is decided starts its
    standstill and releases its assessment summaries. Refused when the project's tenders
    have no award decided yet (a notice of an award not decided would be untrue)."""
    _check_awarder(actor)
    tenders = list(
        Tender.objects.filter(project=project).exclude(status=TenderStatus.CANCELLED).order_by("pk")
    )
    waiting = [
        t
        for t in tenders
        if t.status == TenderStatus.AWARD_DECIDED
        or (t.status == TenderStatus.STANDSTILL and t.summaries_released_at is None)
    ]
    if tenders and not any(t.award_decided_at or t.awarded_at for t in tenders):
        raise DomainError(
            "Decide the award before recording the contract award notice",
            field="published_on",
            code="award.not_decided",
        )
    return [
        award_outcome_release(actor=actor, tender=t, notice_published_on=published_on)
        for t in waiting
    ]


@dataclass(frozen=True)
class StandstillMoved:
    tender: Tender
    was: tuple[date | None, date | None]
    now: tuple[date, date]


def award_notice_date_corrected(*, actor, project, published_on: date) -> list[StandstillMoved]:
    """The day a contract award notice (UK6) of ``project`` was published was recorded wrong
    (called by the notices service, in its transaction): the standstill that day started is
    counted again from ``published_on`` and its bidders told the new last day. Refused once
    a contract was entered on that standstill: what was done on the old dates stands."""
    _check_awarder(actor)
    tenders = Tender.objects.select_for_update().filter(
        project=project, standstill_starts_on__isnull=False
    )
    if any(t.status == TenderStatus.AWARDED for t in tenders):
        raise DomainError(
            "The contract was entered after the standstill this notice started: the day it was "
            "published can no longer be changed (the reference can)",
            field="published_on",
            code="notice.award_date_fixed",
        )
    moved = []
    for tender in tenders.filter(status=TenderStatus.STANDSTILL).order_by("pk"):
        was = (tender.standstill_starts_on, tender.standstill_ends_on)
        now = standstill.standstill_of(published_on)
        if was == now:
            continue
        tender.standstill_starts_on, tender.standstill_ends_on = now
        tender.save(update_fields=["standstill_starts_on", "standstill_ends_on"])
        _tell_bidders_the_new_standstill(tender)
        moved.append(StandstillMoved(tender, was, now))
    return moved


def _tell_bidders_the_new_standstill(tender: Tender) -> None:
    last = tender.standstill_ends_on
    for bid in bids_assessed(tender):
        notify(
            kind=NotificationKind.OUTCOME,
            users=notification_selectors.supplier_users(bid.supplier_id),
            title=f"Standstill corrected: {tender.reference} {tender.title}",
            body=(
                "The day the contract award notice was published was recorded wrong and has "
                f"been corrected: the standstill now ends at the end of {last:%-d %B %Y}."
            ),
            path=reverse("tendering:summary", args=[tender.pk, bid.pk]),
            target=bid,
        )


@transaction.atomic
def contract_award(*, actor, tender: Tender, terms: Terms, today: date | None = None) -> Contract:
    """Enter into the contract with the decided bid, once the standstill has ended (or the
    award has none): make the contract with the winning bid's commitments as its KPIs
    (valued at the proxies frozen when the tender was published) and move the project to
    awarded."""
    _check_awarder(actor)
    today = today or timezone.localdate()
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if hasattr(tender, "contract") or tender.status == TenderStatus.AWARDED:
        raise DomainError("This tender has already been awarded", code="award.already_awarded")
    _check_standstill_over(tender, today)
    ensure(tender.award)
    _check_terms(terms)
    bid = tender.recommended_bid
    if terms.value is None:
        terms.value = bid.price
    if terms.value is None:
        raise DomainError("Enter the contract value", field="value", code="award.value_missing")
    terms.award_decision = terms.award_decision.strip() or tender.award_decision
    terms.standstill_starts_on = tender.standstill_starts_on
    terms.standstill_ends_on = tender.standstill_ends_on
    years = rules.contract_years(terms.starts_on, terms.ends_on)
    contract = _contract_from_terms(
        actor,
        terms,
        default_title=tender.title,
        supplier=bid.supplier,
        project=tender.project,
        tender=tender,
        awarded_bid=bid,
        route=Route.TENDERED,
    )
    kpis = _kpis_from_bid(contract, bid, tender, years)
    move(tender.award, at=timezone.now())
    tender.save(update_fields=["awarded_at", "status"])
    _project_to_awarded(actor, tender)
    event_record(
        actor=actor,
        verb=AuditEvent.CONTRACT_AWARDED,
        target=contract,
        reason=terms.award_decision,
        data={
            "tender": tender.reference,
            "bid": bid.pk,
            "supplier": bid.supplier_id,
            "value": str(contract.value),
            "kpis": len(kpis),
            "standstill": [str(terms.standstill_starts_on), str(terms.standstill_ends_on)],
            "exemption": tender.get_standstill_exemption_display(),
        },
    )
    return contract


def _check_standstill_over(tender: Tender, today: date) -> None:
    """s.51(1): no contract before the end of the standstill. Refused with the day it may be
    entered into; a tender whose award is not decided, or whose standstill has not started,
    is refused with what comes first."""
    if tender.status == TenderStatus.AWARD_DECIDED:
        raise DomainError(
            "The standstill has not started: record the contract award notice as published, "
            "or why the award has no standstill",
            code="award.standstill_not_started",
        )
    if tender.status != TenderStatus.STANDSTILL:
        raise DomainError(
            "Decide the award first: the contract is entered into after the standstill",
            code="award.not_decided",
        )
    exempt = bool(tender.standstill_exemption)
    if not standstill.may_enter(
        standstill_last_day=tender.standstill_ends_on, exempt=exempt, today=today
    ):
        last = tender.standstill_ends_on
        first = standstill.may_enter_from(last) if last else None
        raise DomainError(
            f"The standstill ends on {_day(last)}: the contract may be entered into from "
            f"{_day(first)}",
            code="award.standstill_not_over",
        )


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "a day not yet known"


def _kpis_from_bid(contract: Contract, bid, tender: Tender, years: int) -> list[Kpi]:
    """One KPI per commitment row (measure and contract year) and per own proposal. Own
    proposals have no library measure: the KPI keeps their description and unit, and their
    agreed unit value (units only when none was agreed)."""
    proxies = {p.measure_id: p for p in tender.proxies.all()}
    kpis: list[Kpi] = []
    position = 0
    for commitment in bid.commitments.select_related("measure").order_by("year", "measure__code"):
        _check_year(commitment.year, years)
        measure = commitment.measure
        frozen = proxies.get(measure.pk)
        position += 1
        kpis.append(
            Kpi.objects.create(
                contract=contract,
                measure=measure,
                title=frozen.title if frozen else measure.title,
                unit=frozen.unit if frozen else measure.unit,
                quantity=commitment.quantity,
                basis=rules.Basis.PER_YEAR,
                contract_year=commitment.year,
                unit_value=frozen.proxy_value if frozen else measure.proxy_value,
                source=KpiSource.COMMITMENT,
                position=position,
            )
        )
    for proposal in bid.own_proposals.order_by("year", "pk"):
        _check_year(proposal.year, years)
        position += 1
        kpis.append(
            Kpi.objects.create(
                contract=contract,
                measure=None,
                title=proposal.description[:255],
                unit=proposal.unit,
                quantity=proposal.quantity,
                basis=rules.Basis.PER_YEAR,
                contract_year=proposal.year,
                unit_value=proposal.agreed_unit_value,
                source=KpiSource.OWN_PROPOSAL,
                position=position,
            )
        )
    return kpis


def _check_year(year: int, years: int) -> None:
    if year > years:
        raise DomainError(
            f"The winning bid commits to contract year {year}, but these dates give "
            f"{years} year{'s' if years != 1 else ''}",
            field="ends_on",
            code="award.years_short_of_commitment",
        )


def _project_to_awarded(actor, tender: Tender) -> None:
    project = tender.project
    reason = f"Contract awarded from tender {tender.reference}"
    if project.stage == Stage.TENDER:
        project_move(actor=actor, project=project, to_stage=Stage.EVALUATION, reason=reason)
        project.refresh_from_db()
    if project.stage == Stage.EVALUATION:
        project_move(actor=actor, project=project, to_stage=Stage.AWARDED, reason=reason)
    elif project.stage not in (Stage.AWARDED, Stage.CONTRACT_LIVE):
        raise DomainError(
            f"The project {project.title} is at {Stage(project.stage).label.lower()} and "
            "cannot be moved to awarded",
            code="award.project_not_at_award",
        )


@transaction.atomic
def contract_record(*, actor, supplier, route: Route, terms: Terms, project=None) -> Contract:
    """Record a contract that did not come through a tender here (a direct award or one
    signed before the platform). Its KPIs are added next, before the first return."""
    _check_awarder(actor)
    if route == Route.TENDERED:
        raise DomainError(
            "Tendered contracts are made by awarding their tender",
            field="route",
            code="contract.tendered_needs_award",
        )
    if not terms.title.strip():
        raise DomainError("Enter the contract title", field="title", code="contract.title_missing")
    if terms.value is None:
        raise DomainError("Enter the contract value", field="value", code="contract.value_missing")
    _check_terms(terms)
    contract = _contract_from_terms(actor, terms, supplier=supplier, route=route, project=project)
    event_record(
        actor=actor,
        verb=AuditEvent.CONTRACT_RECORDED,
        target=contract,
        reason=terms.award_decision,
        data={"route": str(route), "supplier": supplier.pk, "value": str(contract.value)},
    )
    return contract


def kpis_editable(contract: Contract) -> bool:
    """KPIs are set up freely until the first return is submitted; after that they change
    only through an approved variation."""
    return not contract.returns.filter(submitted_at__isnull=False).exists()


@transaction.atomic
def kpi_add(
    *,
    actor,
    contract: Contract,
    measure=None,
    title: str = "",
    unit: str = "",
    quantity: Decimal,
    basis: str = rules.Basis.PER_YEAR,
    contract_year: int | None = None,
    unit_value: Decimal | None = None,
) -> Kpi:
    """Add an agreed KPI. A library measure gives the title, unit and (when no value is
    agreed) its current proxy value, frozen on the KPI."""
    _check_manager(actor)
    if not kpis_editable(contract):
        raise DomainError(
            "Returns have been submitted: change the KPIs through a contract variation",
            code="kpi.returns_submitted",
        )
    if measure is None and not (title.strip() and unit.strip()):
        raise DomainError(
            "Choose a measure, or describe the KPI and its unit",
            field="measure",
            code="kpi.measure_or_description_missing",
        )
    years = rules.contract_years(contract.starts_on, contract.ends_on)
    if contract_year is not None and not 1 <= contract_year <= years:
        raise DomainError(
            f"The contract has {years} year(s)",
            field="contract_year",
            code="kpi.year_outside_contract",
        )
    kpi = Kpi.objects.create(
        contract=contract,
        measure=measure,
        title=title.strip() or measure.title,
        unit=unit.strip() or measure.unit,
        quantity=quantity,
        basis=basis,
        contract_year=contract_year,
        unit_value=unit_value if unit_value is not None else getattr(measure, "proxy_value", None),
        source=KpiSource.AGREED,
        position=contract.kpis.count() + 1,
    )
    event_record(
        actor=actor,
        verb=AuditEvent.CONTRACT_KPI_ADDED,
        target=contract,
        data={"kpi": kpi.pk, "title": kpi.title, "quantity": str(quantity), "basis": basis},
    )
    return kpi


# --- delivery returns --------------------------------------------------------------------


@dataclass
class LineInput:
    """What the supplier reports for one KPI."""

    kpi: Kpi
    quantity: Decimal
    narrative: str
    files: list = field(default_factory=list)


def period_of(contract: Contract, number: int) -> rules.Period:
    periods = contract.periods()
    if not 1 <= number <= len(periods):
        raise DomainError("The contract has no such reporting period", code="return.no_such_period")
    return periods[number - 1]


def kpis_for_period(contract: Contract, period: rules.Period) -> list[Kpi]:
    """The KPIs with a target in a period (a year-specific KPI only in its year)."""
    year = period.contract_year(contract.reporting_months)
    return [k for k in contract.kpis.all() if k.contract_year in (None, year)]


def _may_report(actor, contract: Contract) -> None:
    permission_check(actor, "contracts.submit_return", "Only a supplier's users report delivery")
    if getattr(actor, "supplier_id", None) != contract.supplier_id:
        raise NotAllowed("Only the supplier's own users report on this contract")


def _add_evidence(actor, line: ReturnLine, files) -> None:
    for upload in files:
        media_type = check_upload(upload)  # checked again here: services trust no caller
        EvidenceFile.objects.create(
            line=line,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            content_type=media_type,
            line_version=line.version,
            uploaded_by=actor,
        )


@transaction.atomic
def return_submit(
    *, actor, contract: Contract, period_number: int, lines: list[LineInput], today=None
) -> DeliveryReturn:
    """The supplier's return for one period: a line per KPI with a narrative and evidence."""
    _may_report(actor, contract)
    today = today or timezone.localdate()
    period = period_of(contract, period_number)
    if period.end > today:
        raise DomainError(
            f"The return for this period can be made from {period.end:%-d %B %Y}, its last day",
            code="return.period_not_ended",
        )
    delivery_return, _ = DeliveryReturn.objects.select_for_update().get_or_create(
        contract=contract,
        period_number=period.number,
        defaults={"period_start": period.start, "period_end": period.end},
    )
    if delivery_return.is_submitted:
        raise DomainError("This return has already been submitted", code="return.already_submitted")
    expected = {k.pk for k in kpis_for_period(contract, period)}
    given = {line.kpi.pk for line in lines}
    if given != expected:
        raise DomainError("Report on every KPI of the period", code="return.kpi_missing")
    now = timezone.now()
    for item in lines:
        if not item.narrative.strip():
            raise DomainError(
                "Say what was delivered",
                code="delivery.narrative_missing",
                field=f"lines.{item.kpi.pk}.narrative",
            )
        line = ReturnLine.objects.create(
            delivery_return=delivery_return,
            kpi=item.kpi,
            quantity=item.quantity,
            narrative=item.narrative.strip(),
            submitted_by=actor,
            submitted_at=now,
        )
        _add_evidence(actor, line, item.files)
    delivery_return.submitted_at = now
    delivery_return.submitted_by = actor
    delivery_return.save(update_fields=["submitted_at", "submitted_by"])
    event_record(
        actor=actor,
        verb=AuditEvent.DELIVERY_RETURN_SUBMITTED,
        target=delivery_return,
        data={
            "period": period.number,
            "lines": {str(i.kpi.pk): str(i.quantity) for i in lines},
        },
    )
    return delivery_return


def _reviewer_check(actor, line: ReturnLine) -> None:
    if not actor.has_perm("contracts.verify_delivery"):
        raise NotAllowed("Only a contract manager checks delivery")
    ensure(line.verify)  # "This line is verified, not waiting"


@transaction.atomic
def line_verify(*, actor, line: ReturnLine) -> ReturnLine:
    line = ReturnLine.objects.select_for_update().get(pk=line.pk)
    _reviewer_check(actor, line)
    move(line.verify, by=actor, at=timezone.now())
    line.save()
    event_record(
        actor=actor,
        verb=AuditEvent.DELIVERY_LINE_VERIFIED,
        target=line,
        data={"version": line.version, "quantity": str(line.quantity)},
    )
    return line


@transaction.atomic
def line_reject(*, actor, line: ReturnLine, reason: str) -> ReturnLine:
    line = ReturnLine.objects.select_for_update().get(pk=line.pk)
    _reviewer_check(actor, line)
    if not reason.strip():
        raise DomainError(
            "Say why the line is rejected", field="reason", code="line.rejection_reason_missing"
        )
    move(line.reject, by=actor, at=timezone.now(), reason=reason.strip())
    line.save()
    event_record(
        actor=actor,
        verb=AuditEvent.DELIVERY_LINE_REJECTED,
        target=line,
        reason=reason.strip(),
        data={"version": line.version, "quantity": str(line.quantity)},
    )
    _tell_line_rejected(line)
    return line


def _tell_line_rejected(line: ReturnLine) -> None:
    """Tell the contract's supplier (only) which line was rejected and why."""
    delivery_return = line.delivery_return
    contract = delivery_return.contract
    notify(
        kind=NotificationKind.RETURN_REJECTED,
        users=notification_selectors.supplier_users(contract.supplier_id),
        title=f"Return line rejected: {contract.reference}",
        body=(
            f"In your social value return {delivery_return.period_number} for "
            f"{contract.reference} ({contract.title}), the line for {line.kpi} was rejected."
            f"\n\nWhy: {line.reason}\n\nPlease correct it and send it again."
        ),
        path=reverse("contracts:line_correct", args=[line.pk]),
        target=line,
    )


@transaction.atomic
def line_correct(
    *, actor, line: ReturnLine, quantity: Decimal, narrative: str, files=()
) -> ReturnLine:
    """Resubmit a rejected line as its next version (earlier versions stay in its history,
    and their evidence stays attached)."""
    line = ReturnLine.objects.select_for_update().get(pk=line.pk)
    _may_report(actor, line.delivery_return.contract)
    ensure(line.correct)  # "Only a rejected line can be corrected"
    if not narrative.strip():
        raise DomainError(
            "Say what was delivered", field="narrative", code="line.correction_missing"
        )
    previous = {"quantity": str(line.quantity), "version": line.version}
    move(line.correct, quantity=quantity, narrative=narrative.strip(), by=actor, at=timezone.now())
    line.save()
    _add_evidence(actor, line, files)
    event_record(
        actor=actor,
        verb=AuditEvent.DELIVERY_LINE_CORRECTED,
        target=line,
        data={"from": previous, "to": {"quantity": str(quantity), "version": line.version}},
    )
    return line


# --- recovery plans and messages ---------------------------------------------------------


@transaction.atomic
def recovery_plan_record(*, actor, kpi: Kpi, actions: str, recover_by: date) -> RecoveryPlan:
    permission_check(
        actor, "contracts.verify_delivery", "Only a contract manager records a recovery plan"
    )
    if not actions.strip():
        raise DomainError(
            "Say what will be done to recover", field="actions", code="recovery.plan_missing"
        )
    if recover_by < timezone.localdate():
        raise DomainError(
            "The recovery date must be today or later",
            field="recover_by",
            code="recovery.date_in_past",
        )
    plan = RecoveryPlan.objects.create(
        kpi=kpi, actions=actions.strip(), recover_by=recover_by, recorded_by=actor
    )
    event_record(
        actor=actor,
        verb=AuditEvent.DELIVERY_RECOVERY_PLAN_RECORDED,
        target=kpi.contract,
        data={"kpi": kpi.pk, "recover_by": str(recover_by)},
    )
    return plan


@transaction.atomic
def message_send(*, actor, contract: Contract, body: str) -> ContractMessage:
    permission_check(
        actor, "contracts.send_message", "Only the contract's supplier and our staff write here"
    )
    if not body.strip():
        raise DomainError("Write a message", field="body", code="message.text_missing")
    if getattr(actor, "supplier_id", None) not in (None, contract.supplier_id):
        raise NotAllowed("Only the contract's supplier and our staff write here")
    message = ContractMessage.objects.create(contract=contract, sender=actor, body=body.strip())
    event_record(actor=actor, verb=AuditEvent.CONTRACT_MESSAGE_SENT, target=contract)
    return message


# --- variations --------------------------------------------------------------------------


def _current_values(contract: Contract, kind: str, kpi: Kpi | None) -> dict[str, str]:
    if kind == VariationKind.VALUE:
        return {"value": str(contract.value)}
    if kind == VariationKind.DATES:
        return {"starts_on": str(contract.starts_on), "ends_on": str(contract.ends_on)}
    return {"quantity": str(kpi.quantity), "basis": str(kpi.basis)}


def _as_text(key: str, value) -> str:
    """Values as stored on the contract: amounts and quantities with two places."""
    if key in ("value", "quantity"):
        try:
            number = Decimal(str(value)).quantize(Decimal("0.01"))
        except ArithmeticError as error:
            raise DomainError(
                f"{value} is not a number", field=key, code="variation.value_not_number"
            ) from error
        if number < 0:
            raise DomainError("Enter zero or more", field=key, code="variation.value_negative")
        return str(number)
    return str(value)


@transaction.atomic
def variation_request(
    *, actor, contract: Contract, kind: str, new_values: dict, reason: str, kpi: Kpi | None = None
) -> ContractVariation:
    """Propose a change; nothing changes on the contract until it is approved."""
    _check_manager(actor)
    if not reason.strip():
        raise DomainError(
            "Say why the contract is changing", field="reason", code="variation.reason_missing"
        )
    if kind == VariationKind.KPI and (kpi is None or kpi.contract_id != contract.pk):
        raise DomainError("Choose the KPI to change", field="kpi", code="variation.kpi_missing")
    contract = Contract.objects.get(pk=contract.pk)  # compare with what is stored
    kpi = Kpi.objects.get(pk=kpi.pk) if kpi is not None else None
    new = {k: _as_text(k, v) for k, v in new_values.items()}
    old = _current_values(contract, kind, kpi)
    if kind == VariationKind.DATES and new["ends_on"] < new["starts_on"]:
        raise DomainError(
            "The contract must end on or after it starts",
            field="ends_on",
            code="variation.ends_before_start",
        )
    if new == {k: old[k] for k in new}:
        raise DomainError(
            "The new values are the same as the current ones",
            field="reason",
            code="variation.nothing_changed",
        )
    variation = ContractVariation.objects.create(
        contract=contract,
        kind=kind,
        kpi=kpi,
        old_values=old,
        new_values=new,
        reason=reason.strip(),
        requested_by=actor,
    )
    event_record(
        actor=actor,
        verb=AuditEvent.CONTRACT_VARIATION_REQUESTED,
        target=contract,
        reason=reason.strip(),
        data={"variation": variation.pk, "kind": kind, "old": old, "new": new},
    )
    _tell_variation_to_approve(variation)
    return variation


def _tell_variation_to_approve(variation: ContractVariation) -> None:
    """Tell the people who may decide a variation (not the person who asked) that one waits."""
    contract = variation.contract
    notify(
        kind=NotificationKind.VARIATION_TO_APPROVE,
        users=notification_selectors.users_with_permission(
            "contracts.manage_contract", excluding=variation.requested_by
        ),
        title=f"Variation to approve: {contract.reference}",
        body=(
            f"{variation.requested_by} asked for a variation of {contract.reference} "
            f"({contract.title}): {variation.get_kind_display()}.\n\n"
            f"Why: {variation.reason}\n\n"
            "Someone other than the person who asked approves or refuses it."
        ),
        path=reverse("contracts:variation_decide", args=[variation.pk]),
        target=variation,
    )


@transaction.atomic
def variation_decide(
    *, actor, variation: ContractVariation, approve: bool, note: str = ""
) -> ContractVariation:
    """Approve (and apply) or refuse a variation. The person who asked does not approve."""
    _check_manager(actor)
    variation = ContractVariation.objects.select_for_update().get(pk=variation.pk)
    decide = variation.approve if approve else variation.refuse
    ensure(decide)  # "This variation has already been decided"
    if variation.requested_by_id == actor.pk:
        raise NotAllowed("Someone other than the person who asked must decide", field="note")
    if not approve and not note.strip():
        raise DomainError(
            "Say why the variation is refused",
            field="note",
            code="variation.refusal_reason_missing",
        )
    move(decide, by=actor, at=timezone.now(), note=note.strip())
    variation.save()
    if approve:
        _apply(variation)
    event_record(
        actor=actor,
        verb=AuditEvent.CONTRACT_VARIATION_APPROVED
        if approve
        else AuditEvent.CONTRACT_VARIATION_REFUSED,
        target=variation.contract,
        reason=note.strip(),
        data={"variation": variation.pk, "new": variation.new_values},
    )
    return variation


def _apply(variation: ContractVariation) -> None:
    contract = Contract.objects.select_for_update().get(pk=variation.contract_id)
    new = variation.new_values
    if variation.kind == VariationKind.VALUE:
        contract.value = Decimal(new["value"])
        contract.save(update_fields=["value"])
    elif variation.kind == VariationKind.DATES:
        contract.starts_on = date.fromisoformat(new["starts_on"])
        contract.ends_on = date.fromisoformat(new["ends_on"])
        submitted = contract.returns.filter(submitted_at__isnull=False)
        periods = {p.number: p for p in contract.periods()}
        for delivery_return in submitted:
            period = periods.get(delivery_return.period_number)
            if period is None or period.start != delivery_return.period_start:
                raise DomainError(
                    "The new dates would move periods already reported on",
                    code="variation.moves_reported_periods",
                )
        contract.save(update_fields=["starts_on", "ends_on"])
    else:
        kpi = Kpi.objects.select_for_update().get(pk=variation.kpi_id)
        kpi.quantity = Decimal(new["quantity"])
        kpi.basis = new.get("basis", kpi.basis)
        kpi.save(update_fields=["quantity", "basis"])


# --- reminders ---------------------------------------------------------------------------


def _period_words(state: selectors.PeriodState) -> str:
    return f"{state.period.start:%-d %B %Y} to {state.period.end:%-d %B %Y}"


def _reminder_text(contract: Contract, state: selectors.PeriodState) -> tuple[str, str]:
    subject = f"Social value return overdue: {contract.reference}"
    body = (
        f"The social value return for {contract.reference} ({contract.title}) for "
        f"{_period_words(state)} was due on {state.due_on:%-d %B %Y} and has not been "
        "submitted.\n\nPlease sign in and submit it."
    )
    return subject, body


def _return_path(contract: Contract, state: selectors.PeriodState) -> str:
    return reverse("contracts:return_submit", args=[contract.pk, state.period.number])


def reminders_send(*, today: date | None = None) -> list[ReturnReminder]:
    """Tell the supplier's users about each overdue return (in the service and by e-mail, as
    each chose: ``notifications``), at most once a day for each return. Each reminder is its
    own transaction, so one failure does not stop the others. No acting user and no
    permission: the scheduled task (``tasks.py``) sends them, as "system" in the audit log."""
    today = today or timezone.localdate()
    sent: list[ReturnReminder] = []
    for contract, state in selectors.returns_overdue(today):
        users = list(notification_selectors.supplier_users(contract.supplier_id))
        if not users:
            continue
        with transaction.atomic():
            reminder, created = ReturnReminder.objects.get_or_create(
                contract=contract, period_number=state.period.number, sent_on=today
            )
            if not created:
                continue
            subject, body = _reminder_text(contract, state)
            rows = notify(
                kind=NotificationKind.RETURN_OVERDUE,
                users=users,
                title=subject,
                body=body,
                path=_return_path(contract, state),
                target=contract,
            )
            recipients = sorted(row.user.email for row in rows if row.by_email)
            reminder.recipients = ", ".join(recipients)
            reminder.save(update_fields=["recipients"])
            event_record(
                actor=None,
                verb=AuditEvent.DELIVERY_REMINDER_SENT,
                target=contract,
                data={"period": state.period.number, "to": recipients},
            )
        sent.append(reminder)
    return sent


@dataclass(frozen=True)
class DueNotice:
    contract: Contract
    period_number: int
    due_on: date


def due_notices_send(*, today: date | None = None) -> list[DueNotice]:
    """Tell the supplier's users, once for each return, that a return is due: its period has
    ended and its deadline has not passed. Run daily with ``reminders_send`` (the same task
    and command); no acting user, as "system" in the audit log."""
    today = today or timezone.localdate()
    sent: list[DueNotice] = []
    for contract, state in selectors.returns_due(today):
        key = f"return {state.period.number} due"
        kind = NotificationKind.RETURN_DUE
        if notification_selectors.already_notified(kind=kind, target=contract, key=key):
            continue
        with transaction.atomic():
            rows = notify(
                kind=kind,
                users=notification_selectors.supplier_users(contract.supplier_id),
                title=f"Social value return due: {contract.reference}",
                body=(
                    f"The social value return for {contract.reference} ({contract.title}) for "
                    f"{_period_words(state)} is due by {state.due_on:%-d %B %Y}.\n\n"
                    "Please sign in and submit it."
                ),
                path=_return_path(contract, state),
                target=contract,
                key=key,
            )
            if not rows:
                continue
            event_record(
                actor=None,
                verb=AuditEvent.DELIVERY_DUE_NOTICE_SENT,
                target=contract,
                data={"period": state.period.number, "due_on": str(state.due_on)},
            )
        sent.append(DueNotice(contract, state.period.number, state.due_on))
    return sent
