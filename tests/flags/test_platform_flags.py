"""The platform's own flags on their own rows (no demo), both sides of each boundary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from socialvalue.contracts.models import DeliveryReturn, EvidenceFile, LineStatus, ReturnLine
from socialvalue.domain.flags import FlagCode
from socialvalue.flags import platform
from socialvalue.policy.models import Threshold
from socialvalue.spend.models import ImportStatus, Payment, SpendImport
from tests.factories import (
    ContractFactory,
    KpiFactory,
    MeasureFactory,
    SupplierFactory,
    UserFactory,
)

TODAY = date(2026, 11, 30)  # periods 1 (Apr-Jun) and 2 (Jul-Sep) are due, 3 is not


def _verified_line(kpi, quantity: str) -> ReturnLine:
    user = UserFactory()
    delivery_return = DeliveryReturn.objects.create(
        contract=kpi.contract,
        period_number=1,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        submitted_at=timezone.make_aware(datetime(2026, 7, 10)),
        submitted_by=user,
    )
    return ReturnLine.objects.create(
        delivery_return=delivery_return,
        kpi=kpi,
        quantity=D(quantity),
        narrative="Done.",
        status=LineStatus.VERIFIED,
        submitted_by=user,
        submitted_at=timezone.make_aware(datetime(2026, 7, 10)),
    )


def _kpi(**fields):
    return KpiFactory(quantity=D("10"), unit_value=D("100.00"), **fields)


@pytest.mark.parametrize(("delivered", "flagged"), [("4", False), ("3.99", True)])
def test_delivery_gap_below_eighty_percent_of_what_was_due(db, delivered, flagged):
    # 10 a year, quarterly: 5 due by now, worth £500; 4 delivered is 80%, not below it.
    _verified_line(_kpi(), delivered)
    found = platform.delivery_gap(
        {"delivered_share_below": "0.80", "minimum_due_value": "0"}, TODAY
    )
    assert bool([f for f in found if f.key.startswith("contract:")]) is flagged


def test_delivery_gap_ignores_contracts_with_less_due_than_the_minimum(db):
    _verified_line(_kpi(), "0")
    assert (
        platform.delivery_gap(
            {"delivered_share_below": "0.80", "minimum_due_value": "500.01"}, TODAY
        )
        == []
    )
    assert platform.delivery_gap(
        {"delivered_share_below": "0.80", "minimum_due_value": "500"}, TODAY
    )


@pytest.mark.parametrize(("days", "flagged"), [("31", True), ("32", False)])
def test_return_overdue_from_its_due_date(db, days, flagged):
    _verified_line(_kpi(), "5")  # period 1 is in; period 2 was due on 30 October
    found = platform.returns_overdue({"days_late_at_least": days}, TODAY)
    assert bool([f for f in found if "period 2" in f.summary]) is flagged


def test_claim_without_evidence_until_a_file_is_given(db):
    line = _verified_line(_kpi(), "5")
    assert [f.key for f in platform.claims_without_evidence({}, TODAY)] == [f"line:{line.pk}"]
    evidence = EvidenceFile(
        line=line,
        name="register.pdf",
        size=3,
        content_type="application/pdf",
        uploaded_by=line.submitted_by,
    )
    evidence.file.save("register.pdf", ContentFile(b"pdf"), save=True)
    assert platform.claims_without_evidence({}, TODAY) == []


@pytest.mark.parametrize(("second_unit_value", "flagged"), [("12.50", True), ("12.51", False)])
def test_one_proxy_from_three_quarters_of_the_committed_value(db, second_unit_value, flagged):
    contract = ContractFactory()
    KpiFactory(contract=contract, quantity=D("10"), unit_value=D("37.50"))
    KpiFactory(
        contract=contract,
        measure=MeasureFactory(),
        quantity=D("10"),
        unit_value=D(second_unit_value),
    )
    found = platform.one_proxy({"share_at_least": "0.75", "minimum_committed_value": "0"}, TODAY)
    assert bool(found) is flagged


# --- Payments ---------------------------------------------------------------------------


@pytest.fixture
def thresholds(db):
    for contract_type, amount in (
        ("goods_services", "207720.00"),
        ("below_threshold_notice", "30000.00"),
    ):
        Threshold.objects.create(
            regime="Procurement Act 2023",
            valid_from=date(2026, 1, 1),
            authority_type="sub_central",
            contract_type=contract_type,
            amount_inc_vat=D(amount),
        )


def _pay(payee: str, day: date, amount: str, invoiced: date | None = None) -> None:
    spend_import, _ = SpendImport.objects.get_or_create(
        sha256="0" * 64, defaults={"filename": "pay.csv", "status": ImportStatus.DONE}
    )
    n = Payment.objects.count() + 1
    Payment.objects.create(
        spend_import=spend_import,
        source_file="pay.csv",
        row_number=n,
        payment_date=day,
        amount=D(amount),
        supplier_name=payee,
        fingerprint=f"fp-{n}",
        invoice_date=invoiced,
    )


@pytest.mark.parametrize(
    ("amount", "flagged"), [("24999.99", True), ("25000.00", False), ("22499.99", False)]
)
def test_a_payment_just_under_the_notice_threshold_with_vat(thresholds, amount, flagged):
    _pay("Acme Ltd", date(2026, 5, 1), amount)  # with VAT: £29,999.99 / £30,000 / £26,999.99
    found = platform.just_under({"margin": "0.10"}, TODAY)
    assert bool([f for f in found if f.supplier_name == "Acme Ltd"]) is flagged


@pytest.mark.parametrize(("gap_days", "flagged"), [(182, True), (365, False)])
def test_payments_split_within_twelve_months(thresholds, gap_days, flagged):
    first = date(2026, 2, 1)
    for i, amount in enumerate(("10000", "10000", "5000")):  # £30,000 with VAT in all
        _pay("Acme Ltd", first + timedelta(days=gap_days * i // 2), amount)
    found = platform.splitting({"window_days": "365"}, TODAY)
    assert bool([f for f in found if f.supplier_name == "Acme Ltd"]) is flagged


def test_payments_to_a_supplier_with_a_contract_are_not_splitting(thresholds):
    ContractFactory(supplier=SupplierFactory(name="Acme Ltd"), value=D("1000"))
    for month, amount in ((5, "10000"), (6, "10000"), (7, "5000")):
        _pay("Acme Ltd", date(2026, month, 1), amount)
    found = platform.splitting({"window_days": "365"}, TODAY)
    assert not [f for f in found if f.supplier_name == "Acme Ltd"]


def test_late_payment_needs_invoice_dates(db):
    coverage = platform.late_payment_coverage()
    assert coverage.code == FlagCode.LATE_PAYMENT and not coverage.supported


@pytest.mark.parametrize(("days", "flagged"), [(30, False), (31, True)])
def test_an_invoice_paid_after_30_days(db, days, flagged):
    paid = date(2026, 6, 1)
    _pay("Acme Ltd", paid, "120.00", invoiced=paid - timedelta(days=days))
    _pay("Bolt Ltd", paid, "99.00")  # no invoice date: not checked
    found = platform.late_payments(FlagCode.LATE_PAYMENT.defaults, TODAY)
    assert [f.supplier_name for f in found] == (["Acme Ltd"] if flagged else [])
    if flagged:
        (finding,) = found
        assert finding.key == "payment:fp-1" and finding.happened_on == paid
        assert dict(finding.evidence)["Days taken"] == "31"
        assert dict(finding.evidence)["Payment line"] == "pay.csv, row 1"
        assert finding.summary == "Paid 31 days after the invoice, more than 30 days."


@pytest.mark.parametrize(("limit", "flagged"), [("45", False), ("44", True)])
def test_the_late_payment_limit_is_the_rules_setting(db, limit, flagged):
    _pay("Acme Ltd", date(2026, 6, 15), "10.00", invoiced=date(2026, 5, 1))  # 45 days
    assert bool(platform.late_payments({"days": limit}, TODAY)) is flagged


def test_late_payment_is_supported_once_payments_have_invoice_dates(db):
    _pay("Acme Ltd", date(2026, 6, 15), "10.00", invoiced=date(2026, 5, 1))
    _pay("Bolt Ltd", date(2026, 6, 15), "10.00")
    coverage = platform.late_payment_coverage()
    assert coverage.supported and coverage.note.startswith("1 of 2 payments")
