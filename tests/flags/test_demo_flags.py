"""The red flags over the demo data: each kind raised, both sides of the boundaries,
recomputation that keeps reviews, reviews audited, the seal kept, the pages.

The demo computes the flags as it loads (flags/demo.py), so a test starts from them and
computes again only after changing the data (or to test the computation itself)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts.models import Contract
from socialvalue.core.errors import NotAllowed
from socialvalue.domain.flags import FlagCode
from socialvalue.flags import cardinal
from socialvalue.flags.models import Flag, FlagRule, FlagStatus
from socialvalue.flags.services import flag_review, flag_rule_add, flags_compute
from socialvalue.tendering.models import Bid, Tender, TenderStatus
from tests.conftest import about

SUPPORTED = set(FlagCode)


def _codes() -> set[str]:
    return set(Flag.objects.filter(holds=True).values_list("code", flat=True))


def _keys(code: FlagCode) -> set[str]:
    return set(Flag.objects.filter(code=code.value, holds=True).values_list("key", flat=True))


def test_the_demo_raises_every_kind_the_data_supports(demo):
    run = flags_compute()
    assert _codes() == {c.value for c in SUPPORTED}
    late = next(row for row in run.coverage if row["code"] == "late_payment")
    assert late["supported"] is True and "have an invoice date" in late["note"]
    # The demo invents a few late payments (one line in 150): raised with their evidence.
    raised = Flag.objects.filter(code=FlagCode.LATE_PAYMENT.value)
    assert 1 <= raised.count() <= 50
    evidence = dict(raised.first().evidence)
    assert int(evidence["Days taken"]) > 30 and "row" in evidence["Payment line"]


def test_recomputing_changes_nothing_and_keeps_reviews(demo, user_for):
    flag = Flag.objects.filter(code=FlagCode.R018.value).get()
    flag_review(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        flag=flag,
        status=FlagStatus.DISMISSED,
        reason="A specialist survey: one firm in the county does it.",
    )
    before = list(Flag.objects.order_by("pk").values("pk", "code", "key", "summary", "status"))
    run = flags_compute()
    assert run.raised == 0 and run.cleared == 0
    after = list(Flag.objects.order_by("pk").values("pk", "code", "key", "summary", "status"))
    assert after == before
    event = Event.objects.filter(verb="flag.dismissed").get()
    assert event.reason.startswith("A specialist survey")


def test_a_reviewed_flag_that_no_longer_holds_is_kept_an_open_one_removed(demo, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    variation = Flag.objects.get(code=FlagCode.VARIATION.value)
    flag_review(actor=officer, flag=variation, status=FlagStatus.REVIEWED, reason="Checked.")
    Contract.objects.filter(reference="LC-C-2026-902").update(value=Decimal("24500.00"))
    variation.contract.variations.update(new_values={"value": "26950.00"})  # +10%: allowed
    flags_compute()
    variation.refresh_from_db()
    assert variation.holds is False and variation.status == FlagStatus.REVIEWED
    # R018's tender gets a second bid: the unreviewed flag goes.
    tender = Tender.objects.get(reference="LC-2025-112")
    other = Bid.objects.filter(tender__reference="LC-2025-111").first()
    Bid.objects.create(
        tender=tender,
        supplier=other.supplier,
        status="submitted",
        price=Decimal("9000"),
        submitted_at=tender.deadline - timedelta(days=1),
    )
    flags_compute()
    assert not Flag.objects.filter(code=FlagCode.R018.value).exists()


def test_short_bid_period_boundary(demo):
    tender = Tender.objects.get(reference="LC-2025-109")
    tender.published_at = tender.deadline - timedelta(days=15)
    tender.save()
    flags_compute()
    assert FlagCode.R003.value not in _codes()
    tender.published_at = tender.deadline - timedelta(days=14, hours=23)
    tender.save()
    flags_compute()
    assert FlagCode.R003.value in _codes()


def test_rule_versions_change_the_limit_and_switch_a_flag_off(demo, user_for):
    admin = user_for(Role.ADMINISTRATOR)
    flag_rule_add(
        actor=admin,
        code="R003",
        effective_from=date(2025, 6, 1),
        active=True,
        settings={"minimum_days": "9"},
    )
    flags_compute()
    assert FlagCode.R003.value not in _codes()
    flag_rule_add(
        actor=admin, code="R018", effective_from=date(2025, 6, 1), active=False, settings={}
    )
    flags_compute()
    assert FlagCode.R018.value not in _codes()
    with pytest.raises(NotAllowed):
        flag_rule_add(
            actor=user_for(Role.VIEWER),
            code="R018",
            effective_from=date(2025, 7, 1),
            active=True,
            settings={},
        )
    assert FlagRule.objects.filter(code="R018").count() == 2


def test_just_under_and_splitting_boundaries(demo):
    assert _keys(FlagCode.JUST_UNDER) >= {
        f"contract:{Contract.objects.get(reference='LC-C-2026-901').pk}"
    }
    assert [key for key in _keys(FlagCode.SPLITTING) if key.startswith("contracts:")]
    # £173,100 without VAT is £207,720 with it: at the threshold, not under it. Over it on
    # its own, the contract is no longer part of a split either.
    Contract.objects.filter(reference="LC-C-2026-901").update(value=Decimal("173100.00"))
    flags_compute()
    # The demo's payments raise flags of these kinds of their own ("payment:", "payments:");
    # none is about a contract any more ("contract:<pk>", "contracts:<supplier>:<threshold>").
    for code in (FlagCode.JUST_UNDER, FlagCode.SPLITTING):
        keys = _keys(code)
        assert not [key for key in keys if key.startswith(("contract:", "contracts:"))], code


def test_direct_awards_need_two_within_the_window(demo):
    assert FlagCode.DIRECT_AWARDS.value in _codes()
    first = Contract.objects.get(reference="LC-C-2026-901")
    Contract.objects.filter(pk=first.pk).update(awarded_at=first.awarded_at - timedelta(days=400))
    flags_compute()
    assert FlagCode.DIRECT_AWARDS.value not in _codes()


def test_bids_of_tenders_not_awarded_never_reach_the_indicators(demo):
    records, _ = cardinal.compiled_releases()
    with_bids = {r["id"].split("/")[-1] for r in records if r.get("bids")}
    awarded = set(
        Tender.objects.filter(status=TenderStatus.AWARDED).values_list("reference", flat=True)
    )
    assert with_bids and with_bids <= awarded
    # Un-award the tender whose late winner raised R030: its bids leave the data.
    Tender.objects.filter(reference="LC-2025-110").update(
        status=TenderStatus.PRICES_OPEN, awarded_at=None
    )
    flags_compute()
    assert FlagCode.R030.value not in _codes()
    assert not any("LC-2025-110" in key for key in Flag.objects.values_list("key", flat=True))


def test_viewer_reads_but_cannot_review(demo, client_for):
    flag = Flag.objects.order_by("pk").first()
    viewer = client_for(Role.VIEWER)
    page = viewer.get(reverse("flags:flag_detail", args=[flag.pk]))
    assert page.status_code == 200 and flag.summary in page.content.decode()
    refused = viewer.post(
        reverse("flags:flag_detail", args=[flag.pk]), {"status": "dismissed", "reason": "x"}
    )
    assert refused.status_code == 403
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_officer_dismisses_with_a_reason_and_the_list_filters_and_downloads(demo, client_for):
    flag = Flag.objects.filter(code=FlagCode.R028.value).get()
    officer = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("flags:flag_detail", args=[flag.pk])
    missing = officer.post(url, {"status": "dismissed", "reason": ""})
    assert missing.status_code == 200  # the form again, with its error
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    done = officer.post(url, {"status": "dismissed", "reason": "Prices fixed by a framework."})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED
    listed = officer.get(reverse("flags:flag_list"), {"code": "R028", "status": "dismissed"})
    assert flag.title in listed.content.decode()
    assert "Vehicle recovery" not in listed.content.decode()
    csv = officer.get(reverse("flags:flag_list"), {"code": "R028", "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert "Prices fixed by a framework." in text and text.count("\n") == 2


def test_annual_review_summarises_the_flags_of_the_year(demo, client_for):
    from socialvalue.domain.fiscal import FinancialYear
    from socialvalue.reviews.figures import review_figures

    rows = review_figures(FinancialYear(2025))["flags"]
    labels = {r["label"] for r in rows}
    assert FlagCode.R003.label in labels  # LC-2025-109 was awarded in 2025-26
    page = client_for(Role.VIEWER).get(reverse("reviews:review_detail", args=["2025-26"]))
    assert "Red flags by kind" in page.content.decode()


def test_administrator_changes_a_rule_on_its_page(demo, client_for):
    admin = client_for(Role.ADMINISTRATOR)
    url = reverse("flags:rule_create")
    form = {
        "code": "R003",
        "effective_from_0": "1",
        "effective_from_1": "6",
        "effective_from_2": "2025",
        "active": "on",
        "rationale": "The Procurement Act's minimum for an open procedure.",
    }
    wrong = admin.post(url, {**form, "settings": "minimum days = 25\nmaximum days = 3"})
    assert wrong.status_code == 200
    assert (
        "Line 2: &#x27;maximum_days&#x27; is not a setting of this flag" in wrong.content.decode()
    )
    saved = admin.post(url, {**form, "settings": "minimum days = 25"})
    assert saved.status_code == 302
    rule = FlagRule.objects.get(code="R003", effective_from=date(2025, 6, 1))
    assert rule.settings == {"minimum_days": "25"}
    assert Event.objects.filter(verb="flag_rule.added", **about(rule)).exists()
    assert client_for(Role.PROCUREMENT_OFFICER).post(url, form).status_code == 403


def test_officer_starts_a_computation_in_the_background(demo, client_for):
    from socialvalue.flags.models import FlagRun

    runs = FlagRun.objects.count()
    response = client_for(Role.PROCUREMENT_OFFICER).post(reverse("flags:compute"))
    assert response.status_code == 302
    assert FlagRun.objects.count() == runs + 1  # the test settings run tasks at once
    event = Event.objects.filter(verb="flags.computed").order_by("-pk").first()
    assert event.actor.username == "officer"
    assert client_for(Role.VIEWER).post(reverse("flags:compute")).status_code == 403


def test_the_command_computes_the_flags(demo):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("flags", "compute", stdout=out)
    # Every flag is supported by the demo data (its payments have invented invoice dates).
    assert "Flags computed" in out.getvalue() and "Not supported" not in out.getvalue()


def test_a_failed_computation_keeps_the_flags_and_says_so(demo, client_for, monkeypatch):
    from socialvalue.flags.models import FlagRun

    before = Flag.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("the OCDS data could not be read")

    monkeypatch.setattr(cardinal, "compute", broken)
    with pytest.raises(RuntimeError):
        flags_compute()
    assert Flag.objects.count() == before
    assert FlagRun.objects.first().succeeded is False
    page = client_for(Role.VIEWER).get(reverse("flags:flag_list"))
    assert "the OCDS data could not be read" in page.content.decode()
