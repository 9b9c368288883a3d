"""Flags from what only this platform holds: social value committed and delivered, returns,
evidence, direct awards, thresholds, variations and spend.

Each function takes its flag's settings (``flags.FlagRule``) and the day of the computation
and returns findings; they run in the background (``flags.services.flags_compute``). The
rules themselves are in ``domain/flags.py``. Payments are summed in DuckDB, as the spend
engine does, so millions of lines stay out of Python loops.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import duckdb
from django.db.models import Count

from socialvalue.contracts import selectors as contract_selectors
from socialvalue.contracts.models import (
    Contract,
    ContractVariation,
    LineStatus,
    ReturnLine,
    Route,
    VariationKind,
    VariationStatus,
)
from socialvalue.domain import flags as rules
from socialvalue.domain import payment_times
from socialvalue.domain.flags import FlagCode, Part, setting_decimal
from socialvalue.domain.money import format_gbp
from socialvalue.domain.thresholds import (
    AuthorityType,
    ContractType,
    ThresholdNotFound,
    find_threshold,
    value_including_vat,
)
from socialvalue.flags.findings import Coverage, Finding
from socialvalue.policy.selectors import organisation_get
from socialvalue.procurement import selectors as procurement_selectors
from socialvalue.procurement.models import Category
from socialvalue.spend import selectors as spend_selectors
from socialvalue.spend.models import Payment

Settings = dict[str, str]


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def _contract_finding(code: FlagCode, contract: Contract, key: str, **fields) -> Finding:
    return Finding(
        code=code,
        key=key,
        title=f"{contract.reference}: {contract.title}",
        contract_id=contract.pk,
        project_id=contract.project_id,
        supplier_id=contract.supplier_id,
        **fields,
    )


# --- Delivery ------------------------------------------------------------------------------


def delivery_gap(settings: Settings, today: date) -> list[Finding]:
    """Verified delivery short of what was due, by contract, by supplier and by measure."""
    share_below = setting_decimal(settings, "delivered_share_below") or Decimal("0.80")
    minimum = setting_decimal(settings, "minimum_due_value") or Decimal(0)
    statuses = contract_selectors.contract_statuses(
        Contract.objects.filter(starts_on__lte=today).select_related("supplier"), today
    )
    findings: list[Finding] = []
    suppliers: dict[int, list] = defaultdict(list)
    measures: dict[str, list] = defaultdict(list)
    for status in statuses:
        contract = status.contract
        due, delivered = status.due_value, status.delivered_value
        suppliers[contract.supplier_id].append(status)
        for kpi in status.kpis:
            if kpi.kpi.measure_id:
                measures[kpi.kpi.code].append((kpi, status))
        if due >= minimum and rules.delivery_short(delivered, due, share_below):
            findings.append(
                _contract_finding(
                    FlagCode.DELIVERY_GAP,
                    contract,
                    f"contract:{contract.pk}",
                    summary=_gap_words(delivered, due, share_below),
                    happened_on=_last_due([status], today),
                    evidence=_gap_evidence(status.committed_value, due, delivered),
                )
            )
    for supplier_statuses in suppliers.values():
        due = sum((s.due_value for s in supplier_statuses), Decimal(0))
        delivered = sum((s.delivered_value for s in supplier_statuses), Decimal(0))
        if len(supplier_statuses) < 2 or due < minimum:
            continue  # one contract: its own flag says it
        if rules.delivery_short(delivered, due, share_below):
            supplier = supplier_statuses[0].contract.supplier
            committed = sum((s.committed_value for s in supplier_statuses), Decimal(0))
            findings.append(
                Finding(
                    code=FlagCode.DELIVERY_GAP,
                    key=f"supplier:{supplier.pk}",
                    title=f"{supplier.name} (all {len(supplier_statuses)} contracts)",
                    summary=_gap_words(delivered, due, share_below),
                    happened_on=_last_due(supplier_statuses, today),
                    evidence=_gap_evidence(committed, due, delivered),
                    supplier_id=supplier.pk,
                )
            )
    for code, pairs in sorted(measures.items()):
        kpis = [kpi for kpi, _status in pairs]
        due = sum((k.due_value for k in kpis), Decimal(0))
        delivered = sum((k.delivered_value for k in kpis), Decimal(0))
        if due < minimum or not rules.delivery_short(delivered, due, share_below):
            continue
        contracts = sorted({k.kpi.contract.reference for k in kpis})
        committed = sum((k.committed_value for k in kpis), Decimal(0))
        findings.append(
            Finding(
                code=FlagCode.DELIVERY_GAP,
                key=f"measure:{code}",
                title=f"Measure {code}: {kpis[0].kpi.title}",
                summary=_gap_words(delivered, due, share_below),
                happened_on=_last_due([status for _kpi, status in pairs], today),
                evidence=[
                    *_gap_evidence(committed, due, delivered),
                    ("Contracts", ", ".join(contracts)),
                ],
            )
        )
    return findings


def _last_due(statuses, today: date) -> date:
    """When the shortfall was last measured: the latest return due date passed (stable from
    one day's computation to the next, unlike the day itself)."""
    days = [p.due_on for s in statuses for p in s.periods if p.due_on < today]
    return max(days) if days else today


def _gap_words(delivered: Decimal, due: Decimal, share_below: Decimal) -> str:
    share = delivered / due
    return (
        f"{format_gbp(delivered)} of the {format_gbp(due)} of social value due so far is "
        f"delivered and verified ({_percent(share)}), below {_percent(share_below)}."
    )


def _gap_evidence(committed: Decimal, due: Decimal, delivered: Decimal) -> list[tuple[str, str]]:
    return [
        ("Committed over the contract", format_gbp(committed)),
        ("Due so far", format_gbp(due)),
        ("Delivered and verified", format_gbp(delivered)),
    ]


def returns_overdue(settings: Settings, today: date) -> list[Finding]:
    days = int(setting_decimal(settings, "days_late_at_least") or 1)
    findings = []
    for contract, state in contract_selectors.returns_overdue(today):
        late = (today - state.due_on).days
        if late < days:
            continue
        findings.append(
            _contract_finding(
                FlagCode.RETURN_OVERDUE,
                contract,
                f"contract:{contract.pk}/period:{state.period.number}",
                summary=f"The return for period {state.period.number} was due on "
                f"{state.due_on:%d %B %Y} and is {late} days late.",
                happened_on=state.due_on,
                evidence=[
                    ("Period", f"{state.period.start:%d %B %Y} to {state.period.end:%d %B %Y}"),
                    ("Due", f"{state.due_on:%d %B %Y}"),
                    ("Days late", str(late)),
                ],
            )
        )
    return findings


def claims_without_evidence(settings: Settings, today: date) -> list[Finding]:
    """Delivery reported (waiting for checks or verified) with no evidence file at all."""
    lines = (
        ReturnLine.objects.filter(
            status__in=[LineStatus.SUBMITTED, LineStatus.VERIFIED], quantity__gt=0
        )
        .annotate(files=Count("evidence"))
        .filter(files=0)
        .select_related("kpi", "delivery_return__contract")
        .order_by("pk")
    )
    findings = []
    for line in lines:
        contract = line.delivery_return.contract
        findings.append(
            _contract_finding(
                FlagCode.NO_EVIDENCE,
                contract,
                f"line:{line.pk}",
                summary=f"{line.quantity.normalize():f} {line.kpi.unit} of “{line.kpi.title}” "
                f"{'verified' if line.status == LineStatus.VERIFIED else 'claimed'} in return "
                f"{line.delivery_return.period_number} with no evidence file.",
                happened_on=line.submitted_at.date(),
                evidence=[
                    ("KPI", str(line.kpi)),
                    ("Quantity", f"{line.quantity.normalize():f} {line.kpi.unit}"),
                    ("Status", line.get_status_display()),
                    ("Evidence files", "None"),
                ],
            )
        )
    return findings


def one_proxy(settings: Settings, today: date) -> list[Finding]:
    """A contract whose committed social value rests mostly on one measure's proxy value."""
    share_at_least = setting_decimal(settings, "share_at_least") or Decimal("0.75")
    minimum = setting_decimal(settings, "minimum_committed_value") or Decimal(0)
    findings = []
    statuses = contract_selectors.contract_statuses(
        Contract.objects.select_related("supplier"), today
    )
    for status in statuses:
        values: dict[str, Decimal] = defaultdict(Decimal)
        for kpi in status.kpis:
            values[kpi.kpi.code] += kpi.committed_value
        total = sum(values.values(), Decimal(0))
        if total <= 0 or total < minimum:
            continue
        top = rules.concentrated(list(values.values()), share_at_least)
        if top is None:
            continue
        code = max(values, key=lambda c: values[c])
        contract = status.contract
        findings.append(
            _contract_finding(
                FlagCode.ONE_PROXY,
                contract,
                f"contract:{contract.pk}",
                summary=f"{_percent(top)} of the {format_gbp(total)} of social value committed "
                f"rests on one measure ({code}): its proxy value decides the figure.",
                happened_on=contract.starts_on,
                evidence=[
                    (f"Measure {c}", format_gbp(v))
                    for c, v in sorted(values.items(), key=lambda i: -i[1])
                ],
            )
        )
    return findings


# --- Awards and contracts ------------------------------------------------------------------


def direct_awards(settings: Settings, today: date) -> list[Finding]:
    at_least = int(setting_decimal(settings, "awards_at_least") or 2)
    window = int(setting_decimal(settings, "window_days") or 365)
    by_supplier: dict[int, list[Contract]] = defaultdict(list)
    direct = Contract.objects.filter(route=Route.DIRECT_AWARD).select_related("supplier")
    for contract in direct.order_by("awarded_at", "pk"):
        by_supplier[contract.supplier_id].append(contract)
    findings = []
    for contracts in by_supplier.values():
        for start in range(len(contracts)):
            first = contracts[start].awarded_at.date()
            run = [c for c in contracts[start:] if (c.awarded_at.date() - first).days < window]
            if len(run) >= at_least:
                supplier = run[0].supplier
                findings.append(
                    Finding(
                        code=FlagCode.DIRECT_AWARDS,
                        key=f"supplier:{supplier.pk}",
                        title=supplier.name,
                        summary=f"{len(run)} contracts were awarded directly to {supplier.name} "
                        f"within {window} days.",
                        happened_on=run[-1].awarded_at.date(),
                        supplier_id=supplier.pk,
                        evidence=[
                            (c.reference, f"{c.awarded_at:%d %B %Y}, {format_gbp(c.value)}")
                            for c in run
                        ],
                    )
                )
                break
    return findings


def _authority() -> AuthorityType:
    organisation = organisation_get()
    code = organisation.authority_type if organisation and organisation.authority_type else ""
    return AuthorityType.from_code(code) if code else AuthorityType.SUB_CENTRAL


def _contract_type(category: str | None) -> ContractType:
    if category == Category.WORKS:
        return ContractType.WORKS
    if category == Category.LIGHT_TOUCH:
        return ContractType.LIGHT_TOUCH
    return ContractType.SUPPLIES_AND_SERVICES


THRESHOLD_NAMES = {
    ContractType.SUPPLIES_AND_SERVICES: "goods and services threshold",
    ContractType.WORKS: "works threshold",
    ContractType.LIGHT_TOUCH: "light-touch services threshold",
    ContractType.BELOW_THRESHOLD_NOTICE: "below-threshold notice amount",
}


class ThresholdTable:
    """The thresholds in the policy data that a value can be compared with on a day: the
    regulated threshold of the contract's type and the below-threshold notice amount."""

    def __init__(self) -> None:
        self.rows = procurement_selectors.thresholds_as_domain()
        self.authority = _authority()

    def on(self, day: date, category: str | None = None) -> list[tuple[str, Decimal]]:
        found = []
        for kind in (_contract_type(category), ContractType.BELOW_THRESHOLD_NOTICE):
            try:
                row = find_threshold(self.rows, day, self.authority, kind)
            except ThresholdNotFound:
                continue
            found.append((THRESHOLD_NAMES[kind], row.amount_inc_vat))
        return found

    def periods(self) -> list[tuple[str, Decimal, date, date | None]]:
        """Every goods and services and notice threshold row for the organisation, with the
        days it is in force (a specific authority's row, else the one for all)."""
        found = []
        for kind in (ContractType.SUPPLIES_AND_SERVICES, ContractType.BELOW_THRESHOLD_NOTICE):
            rows = [r for r in self.rows if r.contract_type == kind]
            own = [r for r in rows if r.authority_type == self.authority]
            for row in own or [r for r in rows if r.authority_type == AuthorityType.ALL]:
                found.append(
                    (THRESHOLD_NAMES[kind], row.amount_inc_vat, row.valid_from, row.valid_to)
                )
        return found


def just_under(settings: Settings, today: date) -> list[Finding]:
    """Contracts, and single payments, whose value (with VAT) is just under a threshold."""
    margin = setting_decimal(settings, "margin") or Decimal("0.10")
    table = ThresholdTable()
    findings = []
    contracts = Contract.objects.select_related("project", "supplier").order_by("pk")
    for contract in contracts:
        gross = value_including_vat(contract.value, includes_vat=False)
        category = contract.project.category if contract.project else None
        for name, amount in table.on(contract.starts_on, category):
            if rules.just_under(gross, amount, margin):
                findings.append(
                    _contract_finding(
                        FlagCode.JUST_UNDER,
                        contract,
                        f"contract:{contract.pk}",
                        summary=f"The contract is worth {format_gbp(gross)} with VAT, within "
                        f"{_percent(margin)} under the {format_gbp(amount)} {name}.",
                        happened_on=contract.starts_on,
                        evidence=_threshold_evidence(contract.value, gross, name, amount),
                    )
                )
                break
    findings += _payments_just_under(margin, table)
    return findings


def _threshold_evidence(value: Decimal, gross: Decimal, name: str, amount: Decimal) -> list:
    return [
        ("Value without VAT", format_gbp(value)),
        ("Value with VAT at 20%", format_gbp(gross)),
        (name.capitalize(), format_gbp(amount)),
    ]


def variations(settings: Settings, today: date) -> list[Finding]:
    """Contracts whose approved value variations add up to more than the limit."""
    limit = setting_decimal(settings, "limit") or Decimal("0.10")
    works_limit = setting_decimal(settings, "works_limit") or Decimal("0.15")
    changes: dict[int, list] = defaultdict(list)
    approved = ContractVariation.objects.filter(
        kind=VariationKind.VALUE, status=VariationStatus.APPROVED
    )
    for variation in approved.select_related("contract__project", "contract__supplier").order_by(
        "decided_at", "pk"
    ):
        changes[variation.contract_id].append(variation)
    findings = []
    for steps in changes.values():
        contract = steps[0].contract
        original = Decimal(str(steps[0].old_values.get("value", contract.value)))
        current = Decimal(str(steps[-1].new_values.get("value", contract.value)))
        works = contract.project is not None and contract.project.category == Category.WORKS
        if not rules.variation_over_limit(
            original, current, works=works, limit=limit, works_limit=works_limit
        ):
            continue
        share = rules.increase_share(original, current) or Decimal(0)
        allowed = works_limit if works else limit
        decided = steps[-1].decided_at.date() if steps[-1].decided_at else today
        findings.append(
            _contract_finding(
                FlagCode.VARIATION,
                contract,
                f"contract:{contract.pk}",
                summary=f"Approved variations raised the value by {_percent(share)}, from "
                f"{format_gbp(original)} to {format_gbp(current)}: more than the "
                f"{_percent(allowed)} limit{' for works' if works else ''}.",
                happened_on=decided,
                evidence=[
                    ("Original value", format_gbp(original)),
                    ("Value now", format_gbp(current)),
                    ("Variations", str(len(steps))),
                    *((f"Reason {i}", v.reason) for i, v in enumerate(steps, 1)),
                ],
            )
        )
    return findings


# --- Splitting -----------------------------------------------------------------------------


def splitting(settings: Settings, today: date) -> list[Finding]:
    """Contracts to one supplier, or payments to a payee with no contract here, within the
    window, each under a threshold and together at or above it."""
    window = int(setting_decimal(settings, "window_days") or 365)
    table = ThresholdTable()
    findings = []
    by_supplier: dict[int, list[Contract]] = defaultdict(list)
    for contract in Contract.objects.select_related("supplier", "project").order_by("pk"):
        by_supplier[contract.supplier_id].append(contract)
    for contracts in by_supplier.values():
        parts = [
            Part(c.starts_on, value_including_vat(c.value, includes_vat=False), c.reference)
            for c in contracts
        ]
        for name, amount in table.on(max(p.day for p in parts)):
            split = rules.find_split(parts, amount, window)
            if split is None:
                continue
            supplier = contracts[0].supplier
            findings.append(
                Finding(
                    code=FlagCode.SPLITTING,
                    key=f"contracts:{supplier.pk}:{name}",
                    title=supplier.name,
                    summary=_split_words(len(split.parts), "contracts", split, name, window),
                    happened_on=split.last_day,
                    supplier_id=supplier.pk,
                    evidence=_split_evidence(split),
                )
            )
            break
    findings += _payments_split(window, table)
    return findings


def _split_words(count: int, what: str, split: rules.Split, name: str, window: int) -> str:
    return (
        f"{count} {what} from {_day(split.first_day)} to {_day(split.last_day)} "
        f"(within {window} days) add up to {format_gbp(split.total)} with VAT, at or above "
        f"the {format_gbp(split.threshold)} {name}, though each is under it."
    )


def _split_evidence(split: rules.Split) -> list[tuple[str, str]]:
    shown = [(p.label, f"{_day(p.day)}, {format_gbp(p.amount)}") for p in split.parts[:12]]
    if len(split.parts) > 12:
        shown.append(("More", f"{len(split.parts) - 12} more"))
    return [*shown, ("Total with VAT", format_gbp(split.total))]


# --- Payments (DuckDB) ---------------------------------------------------------------------


@contextmanager
def _paid() -> Iterator[duckdb.DuckDBPyConnection]:
    """Counted payments in a DuckDB table ``paid(payee, day, amount)``, loaded the way the
    spend figures load them; amounts with VAT at 20% (finance files list payments without
    VAT), pence exact."""
    with spend_selectors.counted_payments_in_duckdb() as con:
        con.execute(
            "CREATE TABLE paid AS SELECT supplier_name AS payee, payment_date AS day, "
            "CAST(round(amount * 1.2, 2) AS DECIMAL(18, 2)) AS amount FROM payments"
        )
        yield con


def _payees_with_contracts() -> set[str]:
    return {
        name.strip().lower()
        for name in Contract.objects.values_list("supplier__name", flat=True).distinct()
    }


def _payments_just_under(margin: Decimal, table: ThresholdTable) -> list[Finding]:
    """Single payments just under the goods and services or the notice threshold in force
    on the day they were paid."""
    findings = []
    with _paid() as con:
        for name, amount, first, last in table.periods():
            rows = con.execute(
                "SELECT payee, day, amount FROM paid WHERE amount >= ? AND amount < ? "
                "AND day >= ? AND (? IS NULL OR day <= ?) ORDER BY day, payee",
                [amount * (1 - margin), amount, first, last, last],
            ).fetchall()
            for payee, day, paid in rows:
                findings.append(
                    Finding(
                        code=FlagCode.JUST_UNDER,
                        key=f"payment:{payee}:{day}:{paid}",
                        title=f"Payment to {payee}",
                        summary=f"A payment of {format_gbp(paid)} with VAT is within "
                        f"{_percent(margin)} under the {format_gbp(amount)} {name}.",
                        happened_on=day,
                        supplier_name=payee,
                        evidence=[
                            ("Paid on", _day(day)),
                            ("Amount with VAT", format_gbp(paid)),
                            (name.capitalize(), format_gbp(amount)),
                        ],
                    )
                )
    return findings


def _payments_split(window: int, table: ThresholdTable) -> list[Finding]:
    """Per payee without a contract here, the first run of payments within the window that
    reaches a threshold (in force on the payee's last payment) that each payment stays
    under. SQL narrows the payees first: only those whose window total reaches the lowest
    threshold of any date are read back."""
    periods = table.periods()
    if not periods:
        return []
    findings = []
    with _paid() as con:
        lowest = min(amount for _n, amount, _f, _l in periods)
        candidates = con.execute(
            f"""SELECT DISTINCT payee FROM (
                   SELECT payee, sum(amount) OVER w AS total FROM paid
                   WINDOW w AS (PARTITION BY payee ORDER BY day
                                RANGE BETWEEN INTERVAL {int(window) - 1} DAYS PRECEDING
                                AND CURRENT ROW)
               ) WHERE total >= ? ORDER BY payee""",  # noqa: S608 - window is an int
            [lowest],
        ).fetchall()
        contracted = _payees_with_contracts()
        for (payee,) in candidates:
            if payee.strip().lower() in contracted:
                continue
            rows = con.execute(
                "SELECT day, amount FROM paid WHERE payee = ? ORDER BY day", [payee]
            ).fetchall()
            parts = [
                Part(day, Decimal(amount), f"Payment {i}")
                for i, (day, amount) in enumerate(rows, 1)
            ]
            for name, amount in table.on(parts[-1].day):
                split = rules.find_split(parts, amount, window)
                if split is None:
                    continue
                findings.append(
                    Finding(
                        code=FlagCode.SPLITTING,
                        key=f"payments:{payee}:{name}",
                        title=f"Payments to {payee}",
                        summary=_split_words(len(split.parts), "payments", split, name, window)
                        + " No contract with this payee is on the platform.",
                        happened_on=split.last_day,
                        supplier_name=payee,
                        evidence=_split_evidence(split),
                    )
                )
                break
    return findings


# --- Late payment --------------------------------------------------------------------------


def late_payment_coverage() -> Coverage:
    """Invoices paid after 30 days need the invoice date of each payment: supported once an
    imported file gave some (most published files carry the payment date only)."""
    payments = Payment.objects.counted()
    dated = payments.filter(invoice_date__isnull=False).count()
    if dated:
        lines = payments.count()
        return Coverage(
            FlagCode.LATE_PAYMENT,
            True,
            f"{dated:,} of {lines:,} payments have an invoice date; only those are checked.",
        )
    return Coverage(
        FlagCode.LATE_PAYMENT,
        False,
        "The payment data has no invoice dates, only payment dates, so how long an invoice "
        "waited cannot be told.",
    )


def late_payments(settings: Settings, today: date) -> list[Finding]:
    """Each payment made more than the limit of days after its invoice date (s.68(2): 30)."""
    limit = int(setting_decimal(settings, "days") or payment_times.PAY_WITHIN_DAYS)
    rows = (
        Payment.objects.counted()
        .filter(invoice_date__isnull=False)
        .order_by("payment_date", "pk")
        .values_list(
            "fingerprint", "supplier_name", "invoice_date", "payment_date", "amount",
            "source_file", "sheet", "row_number",
        )
    )  # fmt: skip
    findings = []
    for fingerprint, payee, invoiced, paid, amount, file, sheet, row in rows.iterator(
        chunk_size=5000
    ):
        days = payment_times.days_to_pay(invoiced, paid)
        if not payment_times.paid_late(days, limit):
            continue
        where = f"{file}, sheet {sheet}, row {row}" if sheet else f"{file}, row {row}"
        findings.append(
            Finding(
                code=FlagCode.LATE_PAYMENT,
                key=f"payment:{fingerprint}",
                title=f"Payment to {payee}",
                summary=f"Paid {days} days after the invoice, more than {limit} days.",
                happened_on=paid,
                supplier_name=payee,
                evidence=[
                    ("Invoice date", _day(invoiced)),
                    ("Paid on", _day(paid)),
                    ("Days taken", str(days)),
                    ("Amount", format_gbp(amount)),
                    ("Payment line", where),
                ],
            )
        )
    return findings


PLATFORM_FLAGS: dict[FlagCode, Callable[[Settings, date], list[Finding]]] = {
    FlagCode.DELIVERY_GAP: delivery_gap,
    FlagCode.RETURN_OVERDUE: returns_overdue,
    FlagCode.NO_EVIDENCE: claims_without_evidence,
    FlagCode.ONE_PROXY: one_proxy,
    FlagCode.DIRECT_AWARDS: direct_awards,
    FlagCode.JUST_UNDER: just_under,
    FlagCode.SPLITTING: splitting,
    FlagCode.VARIATION: variations,
    FlagCode.LATE_PAYMENT: late_payments,
}
