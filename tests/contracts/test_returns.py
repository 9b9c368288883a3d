"""Delivery returns: the supplier reports each KPI with evidence, the manager verifies or
rejects each line, a rejected line is corrected and resubmitted, and every version stays."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import services
from socialvalue.contracts.models import DeliveryReturn, EvidenceFile, LineStatus, ReturnLine
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.core.uploads import MAX_UPLOAD_BYTES
from tests.conftest import about, assert_error
from tests.contracts.conftest import add_kpi

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20


@pytest.fixture
def supplier_contract(user_for, make_contract, measure):
    """A contract of supplier1's organisation from 1 April 2026 with two KPIs."""
    supplier = user_for(Role.SUPPLIER).supplier
    contract = make_contract(supplier=supplier, manager=user_for(Role.CONTRACT_MANAGER))
    add_kpi(contract, measure, "40")  # 10 a quarter at £100
    add_kpi(contract, None, "2", basis="per_period", unit_value=Decimal("50"))
    return contract


def _form(contract, **changes) -> dict:
    first, second = contract.kpis.order_by("position", "pk")
    data = {
        f"quantity_{first.pk}": "9",
        f"narrative_{first.pk}": "Nine apprenticeship weeks",
        f"evidence_{first.pk}": [SimpleUploadedFile("timesheets.pdf", PDF)],
        f"quantity_{second.pk}": "2",
        f"narrative_{second.pk}": "Two sessions",
        f"evidence_{second.pk}": [SimpleUploadedFile("photo.png", PNG)],
    }
    data.update(changes)
    return data


def test_supplier_submits_a_return_with_evidence(client_for, supplier_contract):
    client = client_for(Role.SUPPLIER)
    url = f"/contracts/{supplier_contract.pk}/returns/1/submit/"
    page = client.get(url).content.decode()
    assert "Target for the period: 10" in page

    response = client.post(url, _form(supplier_contract))

    assert response.status_code == 302
    delivery_return = DeliveryReturn.objects.get(contract=supplier_contract, period_number=1)
    assert delivery_return.is_submitted
    assert (delivery_return.period_start, delivery_return.period_end) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    lines = list(delivery_return.lines.order_by("kpi__position", "kpi__pk"))
    assert [(line.quantity, line.status) for line in lines] == [
        (Decimal("9.00"), LineStatus.SUBMITTED),
        (Decimal("2.00"), LineStatus.SUBMITTED),
    ]
    evidence = EvidenceFile.objects.get(line=lines[0])
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert evidence.file.read() == PDF  # stored through Django's storage
    assert Event.objects.filter(verb="delivery.return_submitted").count() == 1
    detail = client.get(f"/contracts/{supplier_contract.pk}/returns/1/").content.decode()
    assert "timesheets.pdf" in detail and "Nine apprenticeship weeks" in detail
    # Submitted once only.
    again = client.post(url, _form(supplier_contract))
    assert "already been submitted" in again.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "must be a PDF"),
        ("timesheets.pdf", b"just some text, not a PDF", "is not a real PDF file"),
        ("photo.png", PDF, "is not a real PNG file"),
        ("empty.pdf", b"", "is empty"),
        ("big.csv", b"a,b\r\n" * (MAX_UPLOAD_BYTES // 5 + 1), "must be smaller than 10 MB"),
    ],
)
def test_evidence_upload_checks(client_for, supplier_contract, name, content, message):
    client = client_for(Role.SUPPLIER)
    first = supplier_contract.kpis.order_by("position", "pk").first()
    field = f"evidence_{first.pk}"

    response = client.post(
        f"/contracts/{supplier_contract.pk}/returns/1/submit/",
        _form(supplier_contract, **{field: [SimpleUploadedFile(name, content)]}),
    )

    assert_error(response, field, message)
    assert not DeliveryReturn.objects.filter(contract=supplier_contract).exists()
    assert not EvidenceFile.objects.filter(line__kpi__contract=supplier_contract).exists()


def test_return_needs_every_line_and_a_period_that_has_ended(
    client_for, user_for, supplier_contract
):
    client = client_for(Role.SUPPLIER)
    first = supplier_contract.kpis.order_by("position", "pk").first()
    url = f"/contracts/{supplier_contract.pk}/returns/1/submit/"

    assert_error(
        client.post(url, _form(supplier_contract, **{f"narrative_{first.pk}": ""})),
        f"narrative_{first.pk}",
        "This field is required",
    )
    user = user_for(Role.SUPPLIER)
    with pytest.raises(DomainError, match="from 30 September 2026"):
        services.return_submit(
            actor=user,
            contract=supplier_contract,
            period_number=2,
            lines=[],
            today=date(2026, 9, 29),
        )
    assert client.get(f"/contracts/{supplier_contract.pk}/returns/99/submit/").status_code == 404


def test_only_the_contracts_supplier_reports(user_for, supplier_contract):
    other = user_for(Role.CONTRACT_MANAGER)
    with pytest.raises(NotAllowed):
        services.return_submit(actor=other, contract=supplier_contract, period_number=1, lines=[])


def test_reject_correct_resubmit_verify_keeps_every_version(client_for, supplier_contract):
    supplier = client_for(Role.SUPPLIER)
    supplier.post(f"/contracts/{supplier_contract.pk}/returns/1/submit/", _form(supplier_contract))
    line = ReturnLine.objects.filter(delivery_return__contract=supplier_contract).first()

    manager = client_for(Role.CONTRACT_MANAGER)
    review = f"/contracts/lines/{line.pk}/check/"
    assert_error(manager.post(review, {"decision": "reject"}), "reason", "Say why")
    manager.post(review, {"decision": "reject", "reason": "Timesheets are not signed"})
    line.refresh_from_db()
    assert (line.status, line.reason) == (LineStatus.REJECTED, "Timesheets are not signed")

    supplier = client_for(Role.SUPPLIER)
    correct = f"/contracts/lines/{line.pk}/correct/"
    assert "Timesheets are not signed" in supplier.get(correct).content.decode()
    supplier.post(
        correct,
        {
            "quantity": "8",
            "narrative": "Eight weeks, signed timesheets attached",
            "evidence": [SimpleUploadedFile("signed.pdf", PDF)],
        },
    )
    line.refresh_from_db()
    assert (line.status, line.version, line.quantity) == (
        LineStatus.SUBMITTED,
        2,
        Decimal("8.00"),
    )
    assert [e.line_version for e in line.evidence.order_by("pk")] == [1, 2]

    manager = client_for(Role.CONTRACT_MANAGER)
    manager.post(review, {"decision": "verify"})
    line.refresh_from_db()
    assert line.status == LineStatus.VERIFIED and line.reviewed_by.username == "manager"

    versions = list(line.history.order_by("history_date", "history_id"))
    assert [(v.version, v.status, v.quantity) for v in versions] == [
        (1, LineStatus.SUBMITTED, Decimal("9.00")),
        (1, LineStatus.REJECTED, Decimal("9.00")),
        (2, LineStatus.SUBMITTED, Decimal("8.00")),
        (2, LineStatus.VERIFIED, Decimal("8.00")),
    ]
    verbs = Event.objects.filter(**about(line), verb__startswith="delivery.line")
    assert sorted(verbs.values_list("verb", flat=True)) == [
        "delivery.line_corrected",
        "delivery.line_rejected",
        "delivery.line_verified",
    ]
    page = manager.get(f"/contracts/{supplier_contract.pk}/returns/1/").content.decode()
    assert "Timesheets are not signed" in page  # the rejected version in the history table


def test_only_waiting_lines_are_checked_and_only_rejected_ones_corrected(
    user_for, supplier_contract
):
    supplier = user_for(Role.SUPPLIER)
    manager = user_for(Role.CONTRACT_MANAGER)
    kpis = list(supplier_contract.kpis.order_by("position", "pk"))
    services.return_submit(
        actor=supplier,
        contract=supplier_contract,
        period_number=1,
        lines=[services.LineInput(k, Decimal(1), "Done") for k in kpis],
        today=date(2026, 7, 1),
    )
    line = ReturnLine.objects.filter(kpi=kpis[0]).get()
    with pytest.raises(DomainError, match="Only a rejected line"):
        services.line_correct(actor=supplier, line=line, quantity=Decimal(2), narrative="x")
    with pytest.raises(NotAllowed):
        services.line_verify(actor=supplier, line=line)
    services.line_verify(actor=manager, line=line)
    with pytest.raises(DomainError, match="verified, not waiting"):
        services.line_reject(actor=manager, line=line, reason="Too late")
