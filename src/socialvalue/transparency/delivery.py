"""The public facts of an award: the winner, the value, the social value it committed and
what has been delivered and verified. Reads the contracts app (KPIs and checked returns)
when the award became a contract, the winning bid's commitments otherwise.

Nothing here reads a losing bid, a score, a supplier's narrative or evidence, or a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from socialvalue.domain.delivery import Rag
from socialvalue.domain.money import to_pounds
from socialvalue.tendering.models import Bid, Tender

GREEN, AMBER, RED, NOT_DUE = Rag.GREEN.value, Rag.AMBER.value, Rag.RED.value, Rag.NOT_DUE.value


@dataclass
class PublicCommitment:
    code: str
    title: str
    theme: str
    unit: str
    year: int | None  # contract year, None for every year
    committed: Decimal  # units over the contract
    committed_value: Decimal  # pounds
    delivered: Decimal | None = None  # verified units so far
    delivered_value: Decimal = Decimal("0.00")
    rag: str = NOT_DUE
    updated_at: datetime | None = None
    priorities: list[str] = field(default_factory=list)
    outcome: str = ""
    valued: bool = True  # False when counted in units only (no proxy value): no pounds shown

    @property
    def status(self) -> str:
        return Rag(self.rag).label


@dataclass
class PublicAward:
    tender: Tender | None  # None for a contract awarded without a tender here
    title: str
    supplier: str
    awarded_at: datetime
    value: Decimal | None
    contract_reference: str = ""
    contract_signed_at: datetime | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    rag: str = NOT_DUE
    last_return_at: datetime | None = None
    commitments: list[PublicCommitment] = field(default_factory=list)

    @property
    def project(self):
        return self.tender.project if self.tender else None

    @property
    def committed_value(self) -> Decimal:
        return sum((c.committed_value for c in self.commitments), Decimal("0.00"))

    @property
    def delivered_value(self) -> Decimal:
        return sum((c.delivered_value for c in self.commitments), Decimal("0.00"))

    @property
    def status(self) -> str:
        if not self.contract_reference:
            return "Awarded, contract not yet in place"
        return Rag(self.rag).label

    @property
    def ocds_status(self) -> str:
        """OCDS contractStatus: pending before the start, terminated after the end."""
        today = timezone.localdate()
        if self.starts_on and today < self.starts_on:
            return "pending"
        if self.ends_on and today > self.ends_on:
            return "terminated"
        return "active"


def public_award(tender: Tender, bid: Bid) -> PublicAward:
    """The public facts of an awarded tender. ``bid`` must be the awarded bid."""
    contract = _contract_of(tender, bid)
    if contract is not None:
        return _from_contract(tender, bid, contract)
    return _from_bid(tender, bid)


def _contract_of(tender: Tender, bid: Bid):
    from socialvalue.contracts.models import Contract

    return Contract.objects.filter(tender=tender).first()


def contract_award(contract) -> PublicAward:
    """The public facts of a contract that did not come through a tender here."""
    return _from_contract(None, None, contract)


def _from_contract(tender: Tender | None, bid: Bid | None, contract) -> PublicAward:
    from socialvalue.contracts.models import LineStatus, ReturnLine
    from socialvalue.contracts.selectors import contract_status_get

    status = contract_status_get(contract)
    verified = ReturnLine.objects.filter(
        delivery_return__contract=contract, status=LineStatus.VERIFIED
    )
    last_checked: dict[int, datetime] = {}
    for line in verified:
        when = line.reviewed_at or line.submitted_at
        if line.kpi_id not in last_checked or when > last_checked[line.kpi_id]:
            last_checked[line.kpi_id] = when
    commitments = []
    for kpi_status in status.kpis:
        kpi = kpi_status.kpi
        measure = kpi.measure
        commitments.append(
            PublicCommitment(
                code=kpi.code,
                title=measure.title if measure else kpi.title,
                theme=measure.outcome.theme.title if measure else "Bidder's own proposal",
                outcome=measure.outcome.title if measure else "",
                priorities=[p.title for p in measure.priorities.all()] if measure else [],
                unit=kpi.unit,
                year=kpi.contract_year,
                committed=kpi_status.committed,
                committed_value=kpi_status.committed_value,
                delivered=kpi_status.delivered,
                delivered_value=kpi_status.delivered_value,
                rag=str(kpi_status.rag),
                updated_at=last_checked.get(kpi.pk),
                valued=kpi.unit_value is not None,
            )
        )
    return PublicAward(
        tender=tender,
        title=contract.title,
        supplier=contract.supplier.name,
        awarded_at=tender.awarded_at if tender else contract.awarded_at,
        value=contract.value,
        contract_reference=contract.reference,
        contract_signed_at=contract.awarded_at,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        rag=str(status.rag),
        last_return_at=max(last_checked.values(), default=None),
        commitments=commitments,
    )


def _from_bid(tender: Tender, bid: Bid) -> PublicAward:
    """Before the contract exists: the winning bid's commitments at the frozen proxies."""
    proxies = {p.measure_id: p.proxy_value for p in tender.proxies.all()}
    commitments = []
    for item in bid.commitments.select_related("measure__outcome__theme").prefetch_related(
        "measure__priorities"
    ):
        measure = item.measure
        proxy = proxies.get(measure.pk, measure.proxy_value)
        value = proxy or Decimal("0")
        commitments.append(
            PublicCommitment(
                code=measure.code,
                title=measure.title,
                theme=measure.outcome.theme.title,
                outcome=measure.outcome.title,
                priorities=[p.title for p in measure.priorities.all()],
                unit=measure.unit,
                year=item.year,
                committed=item.quantity,
                committed_value=to_pounds(item.quantity * value),
                valued=proxy is not None,
            )
        )
    return PublicAward(
        tender=tender,
        title=tender.title,
        supplier=bid.supplier.name,
        awarded_at=tender.awarded_at,
        value=bid.price,
        commitments=commitments,
    )
