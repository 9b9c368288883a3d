"""Bids: made by supplier users before the deadline, all-or-nothing submission, commitments
valued with the frozen proxies, late changes refused and recorded, paper bids, files, and a
supplier seeing only its own bids."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from tests.conftest import about, assert_error
from tests.tendering.test_tenders_factory import complete_bid, published_tender

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.policy.models import Measure
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering import services
from socialvalue.tendering.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidResponse,
    BidStatus,
    OwnProposal,
    Tender,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tender(user_for) -> Tender:
    return published_tender(user_for(Role.PROCUREMENT_OFFICER))


@pytest.fixture
def supplier2(demo) -> User:
    return User.objects.get(username="supplier2")


def _bid_form(tender: Tender, price: str = "£1,234,567.89", text: str = "We will") -> dict:
    data = {"price": price}
    for criterion in tender.criteria.all():
        data[f"response_{criterion.pk}"] = f"{text} ({criterion.code})"
    return data


# Making a bid -------------------------------------------------------------------------------


def test_supplier_starts_saves_and_submits_a_bid(client_for, user_for, tender):
    client = client_for(Role.SUPPLIER)
    supplier1 = user_for(Role.SUPPLIER)
    page = client.get(reverse("tendering:opportunity_detail", args=[tender.pk])).content.decode()
    assert "Start your bid" in page and "Question Q1" in page
    response = client.post(reverse("tendering:bid_start", args=[tender.pk]))
    bid = Bid.objects.get(tender=tender, supplier=supplier1.supplier)
    assert response["Location"] == reverse("tendering:bid_detail", args=[bid.pk])
    assert bid.status == BidStatus.DRAFT

    response = client.post(reverse("tendering:bid_edit", args=[bid.pk]), _bid_form(tender))
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.price == Decimal("1234567.89")  # exact pence from "£1,234,567.89"
    assert bid.status == BidStatus.DRAFT
    assert BidResponse.objects.filter(bid=bid).count() == 4
    assert Event.objects.filter(verb="bid.changed", **about(bid)).exists()

    response = client.post(reverse("tendering:bid_submit", args=[bid.pk]))
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED
    assert bid.submitted_by == supplier1 and bid.submitted_at is not None
    assert not bid.is_paper
    page = client.get(reverse("tendering:bid_detail", args=[bid.pk])).content.decode()
    assert "£1,234,567.89" in page and "We will (Q1)" in page


def test_save_and_submit_in_one_step(client_for, tender):
    client = client_for(Role.SUPPLIER)
    client.post(reverse("tendering:bid_start", args=[tender.pk]))
    bid = Bid.objects.get(tender=tender)
    data = _bid_form(tender) | {"submit_bid": "Save and submit"}
    assert client.post(reverse("tendering:bid_edit", args=[bid.pk]), data).status_code == 302
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


def test_bid_changes_are_in_the_history(user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER), submit=False)
    before = bid.history.count()
    services.bid_save(
        actor=user_for(Role.SUPPLIER),
        bid=bid,
        price_text="99000",
        responses={},
        now=tender.deadline - timedelta(hours=1),
    )
    assert bid.history.count() == before + 1
    assert bid.history.first().price == Decimal("99000.00")
    response = BidResponse.objects.filter(bid=bid).first()
    assert response.history.count() >= 2  # created, then the text saved
    commitment = services.commitment_add(
        actor=user_for(Role.SUPPLIER),
        bid=bid,
        measure=Measure.objects.get(code="FCC1"),
        quantity=Decimal("3"),
        year=1,
        now=tender.deadline - timedelta(hours=1),
    )
    assert commitment.history.count() == 1


@pytest.mark.parametrize(
    ("price", "message"),
    [("twelve pounds", "is not an amount of money"), ("0", "must be more than £0")],
)
def test_a_wrong_price_is_named_and_nothing_is_saved(client_for, tender, price, message):
    client = client_for(Role.SUPPLIER)
    client.post(reverse("tendering:bid_start", args=[tender.pk]))
    bid = Bid.objects.get(tender=tender)
    response = client.post(
        reverse("tendering:bid_edit", args=[bid.pk]), _bid_form(tender, price=price)
    )
    assert_error(response, "price", message)
    assert not BidResponse.objects.filter(bid=bid).exclude(text="").exists()
    bid.refresh_from_db()
    assert bid.price is None


def test_submission_needs_a_price_and_every_answer(client_for, tender):
    client = client_for(Role.SUPPLIER)
    client.post(reverse("tendering:bid_start", args=[tender.pk]))
    bid = Bid.objects.get(tender=tender)
    q1 = tender.criteria.get(code="Q1")
    response = client.post(reverse("tendering:bid_submit", args=[bid.pk]))
    assert_error(response, "price", "Enter your total price")
    assert_error(response, f"response_{q1.pk}", "Answer Q1 Question Q1")
    assert "add your commitments" in response.content.decode()  # for the commitments question
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT and bid.submitted_at is None


def test_commitments_answer_the_commitments_question(user_for, tender):
    supplier = user_for(Role.SUPPLIER)
    now = tender.deadline - timedelta(hours=1)
    bid = services.bid_start(actor=supplier, tender=tender, now=now)
    sv2 = tender.criteria.get(code="SV2")
    services.bid_save(
        actor=supplier,
        bid=bid,
        price_text="5000",
        responses={c.pk: "Answer" for c in tender.criteria.exclude(pk=sv2.pk)},
        now=now,
    )
    with pytest.raises(services.BidIncomplete) as refused:
        services.bid_submit(actor=supplier, bid=bid, now=now)
    assert [p.field for p in refused.value.problems] == [f"responses.{sv2.pk}"]
    assert [p.code for p in refused.value.problems] == ["bid.answer_missing"]
    services.commitment_add(
        actor=supplier,
        bid=bid,
        measure=Measure.objects.get(code="TEI4"),
        quantity=1,
        year=1,
        now=now,
    )
    assert services.bid_submit(actor=supplier, bid=bid, now=now).status == BidStatus.SUBMITTED


def test_changing_a_submitted_bid_takes_it_back_to_draft(client_for, user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER))
    client = client_for(Role.SUPPLIER)
    client.post(reverse("tendering:bid_edit", args=[bid.pk]), _bid_form(tender, price="1000"))
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT
    page = client.get(reverse("tendering:bid_detail", args=[bid.pk])).content.decode()
    assert "Submit your bid" in page
    client.post(reverse("tendering:bid_submit", args=[bid.pk]))
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED and bid.price == Decimal("1000.00")


def test_withdraw_and_start_again(client_for, user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER))
    client = client_for(Role.SUPPLIER)
    client.post(reverse("tendering:bid_withdraw", args=[bid.pk]))
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN
    assert Event.objects.filter(verb="bid.withdrawn", **about(bid)).exists()
    client.post(reverse("tendering:bid_start", args=[tender.pk]))
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


# Commitments and own proposals --------------------------------------------------------------


def test_commitment_is_valued_with_the_frozen_proxy(client_for, user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER), submit=False)
    measure = Measure.objects.get(code="FCC1")
    frozen = tender.proxies.get(measure=measure).proxy_value
    measure.proxy_value = frozen * 2
    measure.save()
    client = client_for(Role.SUPPLIER)
    response = client.post(
        reverse("tendering:commitment_create", args=[bid.pk]),
        {"measure": measure.pk, "quantity": "2.5", "year": "2"},
    )
    assert response.status_code == 302
    commitment = BidCommitment.objects.get(bid=bid)
    assert (commitment.quantity, commitment.year) == (Decimal("2.50"), 2)
    page = client.get(reverse("tendering:bid_detail", args=[bid.pk])).content.decode()
    value = (Decimal("2.5") * frozen).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert f"£{value:,.2f}" in page  # 2.5 x the frozen value, not the library's new one


def test_a_measure_without_a_frozen_proxy_cannot_be_committed(user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER), submit=False)
    unvalued = Measure.objects.filter(proxy_value__isnull=True).first()
    with pytest.raises(DomainError, match="has no proxy value in this tender"):
        services.commitment_add(
            actor=user_for(Role.SUPPLIER),
            bid=bid,
            measure=unvalued,
            quantity=Decimal(1),
            year=1,
            now=tender.deadline - timedelta(hours=1),
        )


def test_commitment_form_offers_only_frozen_measures(client_for, user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER), submit=False)
    unvalued = Measure.objects.filter(proxy_value__isnull=True).first()
    response = client_for(Role.SUPPLIER).post(
        reverse("tendering:commitment_create", args=[bid.pk]),
        {"measure": unvalued.pk, "quantity": "1", "year": "1"},
    )
    assert_error(response, "measure", "Select a valid choice")


def test_own_proposal_and_removals(client_for, user_for, tender):
    bid = complete_bid(tender, user_for(Role.SUPPLIER), submit=False)
    client = client_for(Role.SUPPLIER)
    response = client.post(
        reverse("tendering:own_proposal_create", args=[bid.pk]),
        {"description": "Careers talks in schools", "unit": "talks", "quantity": "12", "year": "1"},
    )
    assert response.status_code == 302
    proposal = OwnProposal.objects.get(bid=bid)
    assert proposal.agreed_unit_value is None
    page = client.get(reverse("tendering:bid_detail", args=[bid.pk])).content.decode()
    assert "Not valued until the evaluators agree a value" in page
    client.post(reverse("tendering:own_proposal_remove", args=[bid.pk, proposal.pk]))
    assert not OwnProposal.objects.filter(bid=bid).exists()
    response = client.post(
        reverse("tendering:own_proposal_create", args=[bid.pk]),
        {"description": "x", "unit": "talks", "quantity": "0", "year": "1"},
    )
    assert_error(response, "quantity", "The quantity must be more than 0")


# After the deadline -------------------------------------------------------------------------


def test_late_changes_are_refused_and_the_refusal_recorded(client_for, user_for):
    """The demo custody tender's deadline has passed: supplier1 can no longer touch its bid."""
    bid = Bid.objects.get(
        tender__reference="LC-2026-014", supplier__companies_house_number="09000001"
    )
    price = bid.price
    client = client_for(Role.SUPPLIER)
    response = client.post(
        reverse("tendering:bid_edit", args=[bid.pk]), _bid_form(bid.tender, price="1")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "The deadline for bids was 30 October 2026 at 12:00" in page
    bid.refresh_from_db()
    assert bid.price == price and bid.status == BidStatus.SUBMITTED
    event = Event.objects.get(verb="bid.late_refused")
    assert event.actor == user_for(Role.SUPPLIER)
    assert event.target_id == str(bid.tender_id)
    assert event.data["action"] == "save"

    for name in ("bid_submit", "bid_withdraw"):
        response = client.post(reverse(f"tendering:{name}", args=[bid.pk]), follow=True)
        assert "your bid cannot be changed or submitted now" in response.content.decode()
    assert Event.objects.filter(verb="bid.late_refused").count() == 3
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED
    page = client.get(reverse("tendering:bid_detail", args=[bid.pk])).content.decode()
    assert "The deadline has passed" in page and "Withdraw your bid" not in page


def test_late_refusal_is_recorded_even_though_nothing_is_saved(user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = published_tender(officer, deadline=timezone.now() + timedelta(hours=1))
    supplier = user_for(Role.SUPPLIER)
    bid = complete_bid(tender, supplier, submit=False)
    after = tender.deadline + timedelta(seconds=1)
    for action in (
        lambda: services.bid_submit(actor=supplier, bid=bid, now=after),
        lambda: services.bid_start(actor=supplier, tender=tender, now=after),
        lambda: services.commitment_add(
            actor=supplier,
            bid=bid,
            measure=Measure.objects.get(code="TEI4"),
            quantity=Decimal(1),
            year=1,
            now=after,
        ),
    ):
        with pytest.raises(services.BidsClosed):
            action()
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT and not bid.commitments.exists()
    assert Event.objects.filter(verb="bid.late_refused", **about(tender)).count() == 3
    # A second before the deadline is still in time.
    in_time = services.bid_submit(
        actor=supplier, bid=bid, now=tender.deadline - timedelta(seconds=1)
    )
    assert in_time.status == BidStatus.SUBMITTED


def test_a_draft_tender_takes_no_bids(user_for):
    from tests.tendering.test_tenders_factory import draft_tender

    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    with pytest.raises(services.BidsClosed, match="not open for bids"):
        services.bid_start(actor=user_for(Role.SUPPLIER), tender=tender)
    assert not Event.objects.filter(verb="bid.late_refused").exists()


# Paper bids ---------------------------------------------------------------------------------


def _paper_data(tender: Tender, supplier: Supplier, received, **changes) -> dict:
    data = _bid_form(tender, price="250,000.00", text="On paper")
    data.update(
        supplier=supplier.pk,
        received_at=timezone.localtime(received).strftime("%Y-%m-%dT%H:%M"),
        commitments="TEI4, 20000, 1\nFCC1, 2.5, 2",
    )
    data.update(changes)
    return data


def test_officer_records_a_paper_bid_received_before_the_deadline(client_for, user_for, tender):
    supplier = Supplier.objects.get(companies_house_number="01000003")
    received = timezone.now() - timedelta(hours=2)
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        reverse("tendering:paper_bid_create", args=[tender.pk]),
        _paper_data(tender, supplier, received),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bid = Bid.objects.get(tender=tender, supplier=supplier)
    assert bid.is_paper and bid.status == BidStatus.SUBMITTED
    assert bid.submitted_by == user_for(Role.PROCUREMENT_OFFICER)
    assert bid.paper_received_at == bid.submitted_at
    assert abs(bid.paper_received_at - received) < timedelta(minutes=1)
    assert bid.price == Decimal("250000.00")
    assert sorted(bid.commitments.values_list("measure__code", "quantity", "year")) == [
        ("FCC1", Decimal("2.50"), 2),
        ("TEI4", Decimal("20000.00"), 1),
    ]
    assert Event.objects.filter(verb="bid.paper_entered", **about(bid)).exists()
    # The officer typed it in but, like any bid, it is sealed until the deadline.
    assert client.get(reverse("tendering:bid_detail", args=[bid.pk])).status_code == 403


def test_a_paper_bid_received_after_the_deadline_is_refused(user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = published_tender(officer, deadline=timezone.now() - timedelta(hours=3))
    supplier = Supplier.objects.get(companies_house_number="01000003")
    with pytest.raises(services.BidsClosed, match="received after the deadline") as refused:
        services.paper_bid_create(
            actor=officer,
            tender=tender,
            supplier=supplier,
            received_at=tender.deadline + timedelta(minutes=1),
            price_text="1000",
            responses={c.pk: "x" for c in tender.criteria.all()},
            commitments=[],
        )
    assert refused.value.field == "received_at"
    assert not Bid.objects.filter(tender=tender).exists()
    assert Event.objects.filter(verb="bid.late_refused", **about(tender)).exists()
    # Received in time, typed in after the deadline: accepted.
    bid = services.paper_bid_create(
        actor=officer,
        tender=tender,
        supplier=supplier,
        received_at=tender.deadline - timedelta(minutes=1),
        price_text="1000",
        responses={c.pk: "x" for c in tender.criteria.all()},
        commitments=[],
    )
    assert bid.is_paper


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"commitments": "TEI4 20000 1"}, "commitments", "Line 1: write the measure code"),
        ({"commitments": "WB2, 5, 1"}, "commitments", "WB2 is not a measure with a proxy"),
        ({"commitments": "TEI4, lots, 1"}, "commitments", "must be numbers"),
        ({"price": ""}, "price", "This field is required"),
    ],
)
def test_paper_bid_mistakes_are_named(client_for, tender, changes, field, message):
    supplier = Supplier.objects.get(companies_house_number="01000003")
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        reverse("tendering:paper_bid_create", args=[tender.pk]),
        _paper_data(tender, supplier, timezone.now() - timedelta(hours=1), **changes),
    )
    assert_error(response, field, message)
    assert not Bid.objects.filter(tender=tender).exists()


def test_paper_bid_for_a_supplier_who_already_bid_is_refused(client_for, user_for, tender):
    complete_bid(tender, user_for(Role.SUPPLIER))
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        reverse("tendering:paper_bid_create", args=[tender.pk]),
        _paper_data(tender, user_for(Role.SUPPLIER).supplier, timezone.now()),
    )
    assert_error(response, "supplier", "already has a bid for this tender")


# Files --------------------------------------------------------------------------------------


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_files_are_checked_stored_and_downloadable_only_by_their_readers(
    client_for, user_for, tender, supplier2
):
    bid = complete_bid(tender, user_for(Role.SUPPLIER))
    q1 = tender.criteria.get(code="Q1")
    client = client_for(Role.SUPPLIER)
    url = reverse("tendering:attachment_create", args=[bid.pk])
    response = client.post(
        url, {"criterion": q1.pk, "file": _file("plan.pdf", b"MZ\x90\x00 not a pdf")}
    )
    assert_error(response, "file", "plan.pdf is not a real PDF file")
    response = client.post(url, {"criterion": q1.pk, "file": _file("run.exe", b"MZ")})
    assert_error(response, "file", "run.exe must be a PDF")
    assert not BidAttachment.objects.filter(response__bid=bid).exists()

    response = client.post(url, {"criterion": q1.pk, "file": _file("plan.txt", b"Our plan\n")})
    assert response.status_code == 302
    attachment = BidAttachment.objects.get(response__bid=bid)
    assert attachment.content_type == "text/plain" and attachment.size == 9
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT  # a new file must be submitted again
    download = reverse("tendering:attachment", args=[attachment.pk])
    assert b"".join(client.get(download).streaming_content) == b"Our plan\n"

    client.force_login(supplier2)
    assert client.get(download).status_code == 404
    client.force_login(user_for(Role.PROCUREMENT_OFFICER))
    assert client.get(download).status_code == 403  # sealed until the deadline


def test_another_suppliers_bid_is_not_found(client_for, supplier2):
    bid = Bid.objects.get(
        tender__reference="LC-2026-021", supplier__companies_house_number="09000001"
    )
    client = client_for(Role.SUPPLIER)
    client.force_login(supplier2)
    pages = [
        "bid_detail",
        "bid_edit",
        "attachment_create",
        "commitment_create",
        "own_proposal_create",
    ]
    for name in pages:
        assert client.get(reverse(f"tendering:{name}", args=[bid.pk])).status_code == 404, name
    for name in ("bid_submit", "bid_withdraw"):
        assert client.post(reverse(f"tendering:{name}", args=[bid.pk])).status_code == 404, name
    commitment = bid.commitments.first()
    remove = reverse("tendering:commitment_remove", args=[bid.pk, commitment.pk])
    assert client.post(remove).status_code == 404
    assert BidCommitment.objects.filter(pk=commitment.pk).exists()
    attachment = BidAttachment.objects.get(response__bid=bid)
    assert client.get(reverse("tendering:attachment", args=[attachment.pk])).status_code == 404
    your_bids = client.get(reverse("tendering:your_bids")).content.decode()
    assert "Interpreting and translation services" not in your_bids
    opportunities = client.get(reverse("tendering:opportunity_list")).content.decode()
    assert "Interpreting and translation services" in opportunities
    assert "Not started" in opportunities


def test_supplier_services_refuse_another_suppliers_bid(user_for, supplier2):
    bid = Bid.objects.get(
        tender__reference="LC-2026-021", supplier__companies_house_number="09000001"
    )
    with pytest.raises(DomainError, match="not your organisation's bid"):
        services.bid_save(actor=supplier2, bid=bid, price_text="1", responses={})
    with pytest.raises(DomainError, match="not your organisation's bid"):
        services.bid_submit(actor=supplier2, bid=bid)
