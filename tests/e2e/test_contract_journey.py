"""From award to verified delivery in the browser: the officer awards a recommended tender,
the supplier submits a quarter's return with evidence, the manager rejects a line, the
supplier corrects it, the manager verifies it, and the dashboard shows the delivered share."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.contracts.models import Contract, LineStatus, ReturnLine
from socialvalue.contracts.services import award_outcome_release
from socialvalue.domain.delivery import add_months
from socialvalue.policy.models import Measure
from tests.contracts.conftest import recommended_tender
from tests.e2e.conftest import axe_violations
from tests.e2e.dates import fill_date

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _check(page, kpi_title: str, decision: str, reason: str = "") -> None:
    page.get_by_role("link", name=f"Check {kpi_title}").click()
    page.get_by_label(decision, exact=True).check()
    if reason:
        page.fill("#id_reason", reason)
    page.get_by_role("button", name="Save the decision").click()


def test_award_report_reject_correct_verify(demo, live_server, sign_in):
    officer = User.objects.get(username="officer")
    supplier = User.objects.get(username="supplier1").supplier
    measure = Measure.objects.get(code="FCC1")  # £268.97 in the library, frozen at £120
    tender, _ = recommended_tender(officer, measure, supplier=supplier)
    # The first quarter ended a few days ago; the second has not.
    starts = timezone.localdate() - timedelta(days=100)
    ends = add_months(starts, 24) - timedelta(days=1)

    page = sign_in(Role.PROCUREMENT_OFFICER)
    page.goto(live_server.url + f"/contracts/award/{tender.pk}/decision/")
    assert supplier.name in page.locator("main").inner_text()
    page.fill("#id_decision", "Highest scoring bid; approved by the CFO.")
    page.get_by_role("button", name="Confirm the award decision").click()
    # The award notice was published 30 days ago: its standstill is over.
    award_outcome_release(
        actor=officer, tender=tender, notice_published_on=timezone.localdate() - timedelta(days=30)
    )
    page.goto(live_server.url + f"/contracts/award/{tender.pk}/")
    page.fill("#id_reference", "LC-C-E2E-1")
    fill_date(page, "id_starts_on", str(starts))
    fill_date(page, "id_ends_on", str(ends))
    page.get_by_role("button", name="Enter into the contract").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Contract LC-C-E2E-1 entered into" in banner
    assert "£120.00 per unit" in page.locator("#kpi-table").inner_text()
    contract = Contract.objects.get(reference="LC-C-E2E-1")
    assert contract.kpis.count() == 4

    page = sign_in(Role.SUPPLIER)
    page.goto(live_server.url + f"/contracts/{contract.pk}/")
    page.locator("#returns-table").get_by_role("link", name="Submit").first.click()
    kpis = {k.title: k for k in contract.kpis.filter(contract_year=1)}
    carbon = kpis[measure.title]
    for kpi, quantity in (
        (carbon, "10"),
        (kpis["Litter picks with local schools"], "1"),
        (kpis["Careers talks"], "0.5"),
    ):
        page.fill(f"#id_quantity_{kpi.pk}", quantity)
        page.fill(f"#id_narrative_{kpi.pk}", f"Delivered {quantity}")
    page.set_input_files(
        f"#id_evidence_{carbon.pk}",
        files=[{"name": "fuel-records.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Submit the return").click()
    assert "Return submitted" in page.locator(".govuk-notification-banner").inner_text()
    assert "fuel-records.pdf" in page.locator(f"#line-{carbon.lines.get().pk}").inner_text()

    page = sign_in(Role.CONTRACT_MANAGER)
    page.goto(live_server.url + f"/contracts/{contract.pk}/returns/1/")
    _check(page, measure.title, "Reject", "The fuel records cover only two months.")
    _check(page, "Litter picks with local schools", "Verify: the evidence supports it")
    _check(page, "Careers talks", "Verify: the evidence supports it")
    line = carbon.lines.get()
    assert line.status == LineStatus.REJECTED

    page = sign_in(Role.SUPPLIER)
    page.goto(live_server.url + f"/contracts/{contract.pk}/returns/1/")
    page.get_by_role("link", name=f"Correct {measure.title}").click()
    assert "only two months" in page.locator("main").inner_text()
    page.fill("#id_quantity", "9")
    page.fill("#id_narrative", "Nine tonnes saved over the full quarter.")
    page.set_input_files(
        "#id_evidence",
        files=[{"name": "fuel-records-q1.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_role("button", name="Resubmit the line").click()
    assert "Line resubmitted" in page.locator(".govuk-notification-banner").inner_text()

    page = sign_in(Role.CONTRACT_MANAGER)
    page.goto(live_server.url + f"/contracts/{contract.pk}/returns/1/")
    _check(page, measure.title, "Verify: the evidence supports it")
    line.refresh_from_db()
    assert (line.status, line.version, line.quantity) == (LineStatus.VERIFIED, 2, Decimal("9"))
    assert ReturnLine.history.filter(id=line.pk).count() == 4
    history = page.locator(f"#line-{line.pk} details")
    history.locator("summary").click()
    assert "The fuel records cover only two months." in history.inner_text()

    # Due: 10 t x £120 + 1 event x £250 = £1,450; verified: 9 x £120 + £250 = £1,330.
    page.goto(live_server.url + "/contracts/dashboard/")
    row = page.locator('[data-table="contract"] tr', has_text="LC-C-E2E-1")
    assert "£1,450.00" in row.inner_text() and "£1,330.00" in row.inner_text()
    assert row.locator("[data-share]").inner_text() == "91.7%"
    assert axe_violations(page) == []
