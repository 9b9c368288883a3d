"""Reads of contracts and their delivery that pages, services, the evaluation and the API
share. The arithmetic is in ``socialvalue.domain.delivery``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from socialvalue.accounts.predicates import is_staff_member, is_supplier_user
from socialvalue.contracts.models import (
    Contract,
    DeliveryReturn,
    Kpi,
    LineStatus,
    ReturnLine,
)
from socialvalue.domain import delivery as rules
from socialvalue.domain.standstill import may_enter_from
from socialvalue.policy.models import DeliveryStatusRule
from socialvalue.policy.selectors import delivery_status_rule_current
from socialvalue.tendering.models import Tender, TenderStatus

DEFAULT_RULE = DeliveryStatusRule(
    green_from_percent=Decimal("90.00"),
    amber_from_percent=Decimal("70.00"),
    return_due_days=30,
    effective_from=date(2000, 1, 1),
)


def delivery_rule_current(on: date | None = None) -> DeliveryStatusRule:
    """The red/amber/green thresholds and reporting days in force on a day (the defaults,
    90% and 70% and 30 days, when the policy has none)."""
    return delivery_status_rule_current(on or timezone.localdate()) or DEFAULT_RULE


def thresholds_of(rule: DeliveryStatusRule) -> rules.Thresholds:
    return rules.Thresholds(green=rule.green_from_percent, amber=rule.amber_from_percent)


# --- who sees what -----------------------------------------------------------------------


def contracts_visible_to(user) -> QuerySet[Contract]:
    """Staff see every contract; a supplier's user only its own organisation's."""
    contracts = Contract.objects.select_related("supplier", "manager", "project", "tender")
    if is_staff_member(user):
        return contracts
    if is_supplier_user(user):
        return contracts.filter(supplier_id=user.supplier_id)
    return contracts.none()


def lines_visible_to(user) -> QuerySet[ReturnLine]:
    lines = ReturnLine.objects.select_related("kpi", "delivery_return__contract__supplier")
    if is_staff_member(user):
        return lines
    if is_supplier_user(user):
        return lines.filter(delivery_return__contract__supplier_id=user.supplier_id)
    return lines.none()


# --- delivery status ---------------------------------------------------------------------


@dataclass
class KpiStatus:
    """One KPI's commitment and delivery at a date."""

    kpi: Kpi
    committed: Decimal  # over the whole contract, units
    due: Decimal  # by the date, units
    delivered: Decimal  # verified, in the periods counted as due
    reported: Decimal  # verified or waiting for checks, all periods
    share: Decimal | None
    rag: rules.Rag
    needs_recovery_plan: bool = False

    @property
    def unit_value(self) -> Decimal:
        return self.kpi.unit_value or Decimal(0)

    @property
    def committed_value(self) -> Decimal:
        return self.kpi.value_of(self.committed)

    @property
    def due_value(self) -> Decimal:
        return self.kpi.value_of(self.due)

    @property
    def delivered_value(self) -> Decimal:
        return self.kpi.value_of(self.delivered)

    @property
    def share_percent(self) -> Decimal | None:
        return None if self.share is None else (self.share * 100).quantize(Decimal("0.1"))


@dataclass
class PeriodState:
    period: rules.Period
    due_on: date
    delivery_return: DeliveryReturn | None
    overdue: bool

    @property
    def submitted(self) -> bool:
        return self.delivery_return is not None and self.delivery_return.is_submitted


@dataclass
class ContractStatus:
    contract: Contract
    as_of: date
    kpis: list[KpiStatus] = field(default_factory=list)
    periods: list[PeriodState] = field(default_factory=list)
    thresholds: rules.Thresholds | None = None

    @property
    def committed_value(self) -> Decimal:
        return sum((k.committed_value for k in self.kpis), Decimal("0.00"))

    @property
    def due_value(self) -> Decimal:
        return sum((k.due_value for k in self.kpis), Decimal("0.00"))

    @property
    def delivered_value(self) -> Decimal:
        return sum((k.delivered_value for k in self.kpis), Decimal("0.00"))

    @property
    def share(self) -> Decimal | None:
        return rules.capped_share((k.delivered_value, k.due_value) for k in self.kpis)

    @property
    def rag(self) -> rules.Rag:
        return rules.rag(self.share, self.thresholds) if self.thresholds else rules.Rag.NOT_DUE

    @property
    def overdue(self) -> list[PeriodState]:
        return [p for p in self.periods if p.overdue]

    @property
    def red_kpis(self) -> list[KpiStatus]:
        return [k for k in self.kpis if k.rag == rules.Rag.RED]


def _with_delivery(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    return contracts.prefetch_related(
        Prefetch(
            "kpis",
            queryset=Kpi.objects.select_related("measure__outcome__theme")
            .prefetch_related("measure__priorities", "recovery_plans")
            .order_by("position", "pk"),
        ),
        Prefetch(
            "returns",
            queryset=DeliveryReturn.objects.prefetch_related("lines").order_by("period_number"),
        ),
    )


def contract_status(
    contract: Contract, as_of: date | None = None, rule: DeliveryStatusRule | None = None
) -> ContractStatus:
    """Every KPI of a contract against its pro-rata target, and its returns, at a date."""
    as_of = as_of or timezone.localdate()
    rule = rule or delivery_rule_current(as_of)
    thresholds = thresholds_of(rule)
    grace = rule.return_due_days
    months = contract.reporting_months
    periods = contract.periods()
    returns = {r.period_number: r for r in contract.returns.all()}
    states = [
        PeriodState(
            period=p,
            due_on=p.due_on(grace),
            delivery_return=returns.get(p.number),
            overdue=rules.is_overdue(
                p,
                grace,
                returns.get(p.number) is not None and returns[p.number].is_submitted,
                as_of,
            ),
        )
        for p in periods
    ]
    # A period counts once its return deadline has passed, or earlier if already reported.
    counted = [s.period for s in states if s.due_on < as_of or s.submitted]
    counted_numbers = {p.number for p in counted}
    status = ContractStatus(contract=contract, as_of=as_of, periods=states, thresholds=thresholds)
    for kpi in contract.kpis.all():
        target = kpi.target
        delivered = reported = Decimal(0)
        for number, delivery_return in returns.items():
            for line in delivery_return.lines.all():
                if line.kpi_id != kpi.pk:
                    continue
                if line.status != LineStatus.REJECTED:
                    reported += line.quantity
                if line.status == LineStatus.VERIFIED and number in counted_numbers:
                    delivered += line.quantity
        due = sum((rules.period_target(target, p, months) for p in counted), Decimal(0))
        share = rules.delivered_share(delivered, due)
        rag = rules.rag(share, thresholds)
        has_plan = bool(kpi.recovery_plans.all())
        status.kpis.append(
            KpiStatus(
                kpi=kpi,
                committed=rules.total_target(target, periods, months),
                due=due,
                delivered=delivered,
                reported=reported,
                share=share,
                rag=rag,
                needs_recovery_plan=rag == rules.Rag.RED and not has_plan,
            )
        )
    return status


def contract_statuses(
    contracts: QuerySet[Contract], as_of: date | None = None
) -> list[ContractStatus]:
    as_of = as_of or timezone.localdate()
    rule = delivery_rule_current(as_of)
    return [contract_status(c, as_of, rule) for c in _with_delivery(contracts)]


def contract_status_get(contract: Contract, as_of: date | None = None) -> ContractStatus:
    fresh = _with_delivery(Contract.objects.filter(pk=contract.pk)).get()
    return contract_status(fresh, as_of)


# --- the evaluation's past-delivery flag -------------------------------------------------


def supplier_delivery_record(
    supplier_ids: Iterable[int], *, as_of: date | None = None
) -> dict[int, Decimal]:
    """Supplier id -> verified delivered share (1 = all) of what was due so far across its
    contracts, in pounds, each KPI counted up to what it owed (over-delivery on one KPI does
    not hide a shortfall on another). KPIs without a value in pounds are left out; suppliers
    with nothing due are absent."""
    ids = list(supplier_ids)
    if not ids:
        return {}
    pairs: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for status in contract_statuses(Contract.objects.filter(supplier_id__in=ids), as_of):
        for kpi in status.kpis:
            pairs[status.contract.supplier_id].append((kpi.delivered_value, kpi.due_value))
    record = {}
    for supplier_id, values in pairs.items():
        share = rules.capped_share(values)
        if share is not None:
            record[supplier_id] = share
    return record


def returns_overdue(as_of: date | None = None) -> list[tuple[Contract, PeriodState]]:
    """Every return overdue at a date, oldest first."""
    as_of = as_of or timezone.localdate()
    live = Contract.objects.filter(starts_on__lte=as_of)
    found = [
        (status.contract, state)
        for status in contract_statuses(live, as_of)
        for state in status.overdue
    ]
    return sorted(found, key=lambda pair: (pair[1].due_on, pair[0].reference))


def returns_due(as_of: date | None = None) -> list[tuple[Contract, PeriodState]]:
    """Every return whose period has ended and whose deadline has not passed yet, not
    submitted: the returns a supplier should send now. Oldest deadline first."""
    as_of = as_of or timezone.localdate()
    live = Contract.objects.filter(starts_on__lte=as_of)
    found = [
        (status.contract, state)
        for status in contract_statuses(live, as_of)
        for state in status.periods
        if state.period.end < as_of <= state.due_on and not state.submitted
    ]
    return sorted(found, key=lambda pair: (pair[1].due_on, pair[0].reference))


def verified_lines_ending_between(start: date, end: date) -> QuerySet[ReturnLine]:
    """Verified return lines of reporting periods ending from ``start`` to ``end``
    (inclusive): what counts as delivered in a year for the review and the public figures."""
    return ReturnLine.objects.filter(
        status=LineStatus.VERIFIED,
        delivery_return__period_end__gte=start,
        delivery_return__period_end__lte=end,
    ).select_related("kpi")


def contract_search(user, query: str = "") -> QuerySet[Contract]:
    contracts = contracts_visible_to(user)
    if query:
        contracts = contracts.filter(
            Q(reference__icontains=query)
            | Q(title__icontains=query)
            | Q(supplier__name__icontains=query)
        )
    return contracts


# --- The award of a tender: where it is, and what the officer does next ----------------------


AWARD_STATUSES = (
    TenderStatus.RECOMMENDED,
    TenderStatus.AWARD_DECIDED,
    TenderStatus.STANDSTILL,
)


@dataclass(frozen=True)
class AwardStep:
    """Where a tender's award is, in words, and the next step and its page ("" when there
    is nothing to do yet: the standstill is running). ``other`` is a second way on."""

    words: str
    action: str = ""
    url: str = ""
    other_action: str = ""
    other_url: str = ""


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def award_step(tender: Tender, today: date | None = None) -> AwardStep:
    today = today or timezone.localdate()
    status = tender.status
    bid = tender.recommended_bid
    name = bid.supplier.name if bid is not None else ""
    if status == TenderStatus.RECOMMENDED:
        return AwardStep(
            f"{tender.reference}: the award to {name} is recommended. Confirm the award "
            "decision to lock the scores; the contract award notice is then due.",
            "Confirm the award decision",
            reverse("contracts:award_decide", args=[tender.pk]),
        )
    if status == TenderStatus.AWARD_DECIDED:
        return AwardStep(
            f"{tender.reference}: the award to {name} is decided. Publish the contract award "
            "notice (UK6) on Find a Tender and record it on the procurement's notices: the "
            "standstill of 8 working days starts that day and the bidders' assessment "
            "summaries are released. If the award has no mandatory standstill, record why.",
            "Record the contract award notice as published",
            reverse("notices:project_notices", args=[tender.project_id]),
            "Record why there is no standstill",
            reverse("contracts:standstill_exemption", args=[tender.pk]),
        )
    if status == TenderStatus.STANDSTILL:
        exempt = bool(tender.standstill_exemption)
        last = tender.standstill_ends_on
        if not exempt and last is not None and today <= last:
            return AwardStep(
                f"{tender.reference}: the standstill runs until {_day(last)}. The contract "
                f"with {name} may be entered into from {_day(may_enter_from(last))}."
            )
        reason = (
            f"This award has no mandatory standstill ({tender.get_standstill_exemption_display()})."
            if exempt
            else f"The standstill ended on {_day(last)}."
            if last
            else ""
        )
        return AwardStep(
            f"{tender.reference}: {reason} The contract with {name} may be entered into.",
            "Enter into the contract",
            reverse("contracts:award", args=[tender.pk]),
        )
    if status == TenderStatus.AWARDED:
        return AwardStep(f"{tender.reference} is awarded: the contract is entered into.")
    return AwardStep(
        f"{tender.reference} cannot be awarded yet: it is {tender.display_status.lower()}."
    )


def tenders_in_award() -> QuerySet[Tender]:
    """Tenders between the recommendation and the contract."""
    return (
        Tender.objects.filter(status__in=AWARD_STATUSES)
        .select_related("recommended_bid__supplier", "project")
        .order_by("pk")
    )
