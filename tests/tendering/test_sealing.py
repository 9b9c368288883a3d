"""Sealed bids: nobody but the bidder reads a bid before the deadline, whatever the way in
(the sealing rules, the tender and bid pages, the CSV export, the audit log, the Django
admin), and staff read prices only once they are opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from tests.tendering.test_tenders_factory import complete_bid, published_tender

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.tendering import sealing, services
from socialvalue.tendering.models import Bid, BidStatus, EvaluatorAssignment, Tender

pytestmark = pytest.mark.django_db

MARKER = "SECRET-ANSWER-4471"
PRICE = "777777.77"
PRICE_SHOWN = ("777777.77", "777,777.77")


@pytest.fixture
def open_tender(user_for) -> Tender:
    """A tender open for bids with supplier1's submitted bid and supplier2's draft."""
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    complete_bid(tender, user_for(Role.SUPPLIER), price=PRICE, text=MARKER)
    complete_bid(tender, User.objects.get(username="supplier2"), submit=False)
    return tender


@pytest.fixture
def closed_tender(user_for) -> Tender:
    """A tender whose deadline passed an hour ago, with the same bids."""
    tender = published_tender(
        user_for(Role.PROCUREMENT_OFFICER), deadline=timezone.now() - timedelta(hours=1)
    )
    complete_bid(tender, user_for(Role.SUPPLIER), price=PRICE, text=MARKER)
    complete_bid(tender, User.objects.get(username="supplier2"), submit=False)
    return tender


def _bid_of(tender: Tender, username: str) -> Bid:
    return Bid.objects.get(tender=tender, supplier__users__username=username)


def _panel(tender: Tender, evaluator: User, *, conflict: bool | None) -> EvaluatorAssignment:
    return EvaluatorAssignment.objects.create(
        tender=tender,
        evaluator=evaluator,
        assigned_by=User.objects.get(username="officer"),
        declared_at=None if conflict is None else timezone.now(),
        has_conflict=conflict,
    )


def _assert_no_content(page: str) -> None:
    assert MARKER not in page
    for shown in PRICE_SHOWN:
        assert shown not in page


# The rules ----------------------------------------------------------------------------------


def test_before_the_deadline_only_the_bidder_reads_its_bid(user_for, open_tender):
    bid = _bid_of(open_tender, "supplier1")
    _panel(open_tender, user_for(Role.EVALUATOR), conflict=False)
    assert sealing.bid_is_sealed(bid)
    assert list(sealing.readable_bids(user_for(Role.SUPPLIER), open_tender)) == [bid]
    assert sealing.may_read_bid(user_for(Role.SUPPLIER), bid)
    assert sealing.price_visible(user_for(Role.SUPPLIER), bid)
    for role in (
        Role.ADMINISTRATOR,
        Role.PROCUREMENT_OFFICER,
        Role.VIEWER,
        Role.EVALUATOR,
        Role.CONTRACT_MANAGER,
    ):
        user = user_for(role)
        assert not sealing.readable_bids(user, open_tender).exists(), role
        assert not sealing.may_read_bid(user, bid), role
        assert not sealing.price_visible(user, bid), role
    for role in (Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, Role.VIEWER, Role.EVALUATOR):
        with pytest.raises(sealing.BidSealed):
            sealing.read_bid(user_for(role), bid.pk)
    with pytest.raises(Http404):
        sealing.read_bid(user_for(Role.CONTRACT_MANAGER), bid.pk)
    with pytest.raises(Http404):
        sealing.read_bid(User.objects.get(username="supplier2"), bid.pk)


def test_a_superuser_without_a_role_reads_nothing(demo, open_tender, closed_tender):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    # Superuser status is no role: neither the service's permissions nor the seal follow it.
    assert not root.has_perm("tendering.view_bid")
    assert not sealing.readable_bids(root).exists()
    with pytest.raises(Http404):
        sealing.read_bid(root, _bid_of(open_tender, "supplier1").pk)


def test_after_the_deadline_staff_read_submitted_bids(user_for, closed_tender):
    submitted = _bid_of(closed_tender, "supplier1")
    draft = _bid_of(closed_tender, "supplier2")
    assert not sealing.bid_is_sealed(submitted)
    for role in (Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, Role.VIEWER):
        assert list(sealing.readable_bids(user_for(role), closed_tender)) == [submitted], role
        assert sealing.read_bid(user_for(role), submitted.pk) == submitted
        # A bid never submitted is not a bid: nobody but its supplier reads it.
        with pytest.raises(Http404):
            sealing.read_bid(user_for(role), draft.pk)
    assert not sealing.readable_bids(user_for(Role.CONTRACT_MANAGER), closed_tender).exists()
    # Its own supplier still reads its draft.
    assert sealing.read_bid(User.objects.get(username="supplier2"), draft.pk) == draft


def test_withdrawn_bids_are_never_opened(user_for, closed_tender):
    bid = _bid_of(closed_tender, "supplier1")
    Bid.objects.filter(pk=bid.pk).update(status=BidStatus.WITHDRAWN)
    with pytest.raises(Http404):
        sealing.read_bid(user_for(Role.PROCUREMENT_OFFICER), bid.pk)


@pytest.mark.parametrize(
    ("conflict", "reads"), [(False, True), (True, False), (None, False)], ids=str
)
def test_evaluators_read_only_tenders_they_score_without_conflict(
    user_for, closed_tender, conflict, reads
):
    evaluator = user_for(Role.EVALUATOR)
    bid = _bid_of(closed_tender, "supplier1")
    _panel(closed_tender, evaluator, conflict=conflict)
    assert sealing.may_read_bid(evaluator, bid) is reads
    if not reads:
        with pytest.raises(Http404):
            sealing.read_bid(evaluator, bid.pk)
    # Not on another tender's panel: nothing of it.
    other = published_tender(
        user_for(Role.PROCUREMENT_OFFICER), deadline=timezone.now() - timedelta(hours=1)
    )
    other_bid = complete_bid(other, user_for(Role.SUPPLIER))
    with pytest.raises(Http404):
        sealing.read_bid(evaluator, other_bid.pk)


def test_prices_are_visible_to_staff_only_once_opened(user_for, closed_tender):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    bid = _bid_of(closed_tender, "supplier1")
    assert closed_tender.prices_open_after_moderation
    assert sealing.may_read_bid(officer, bid) and not sealing.price_visible(officer, bid)
    closed_tender.prices_opened_at = timezone.now()
    closed_tender.save()
    bid.refresh_from_db()
    assert sealing.price_visible(officer, bid)
    closed_tender.prices_opened_at = None
    closed_tender.prices_open_after_moderation = False
    closed_tender.save()
    bid.refresh_from_db()
    assert sealing.price_visible(officer, bid)
    # ...and still never before the deadline.
    assert not sealing.price_visible(officer, bid, now=closed_tender.deadline - timedelta(1))


# The pages and the export -------------------------------------------------------------------


def test_tender_page_before_the_deadline_shows_only_a_count(client_for, open_tender):
    for role in (Role.PROCUREMENT_OFFICER, Role.ADMINISTRATOR, Role.VIEWER):
        page = (
            client_for(role)
            .get(reverse("tendering:tender_detail", args=[open_tender.pk]))
            .content.decode()
        )
        assert "1 bid submitted so far" in page
        _assert_no_content(page)
        assert "Red Rose Facilities" not in page and "Pennine Youth" not in page
        assert reverse("tendering:tender_bids", args=[open_tender.pk]) not in page


def test_moderation_pages_show_no_bid_nor_bidder_before_the_deadline(client_for, open_tender):
    """The moderation overview, a criterion's page and the old page of one bid and criterion
    (which only redirects): nothing of the bids, not even who bid."""
    bid = _bid_of(open_tender, "supplier1")
    criterion = open_tender.criteria.filter(kind="quality").order_by("pk").first()
    for role in (Role.PROCUREMENT_OFFICER, Role.ADMINISTRATOR):
        client = client_for(role)
        for url in (
            reverse("tendering:moderation", args=[open_tender.pk]),
            reverse("tendering:moderation_criterion", args=[open_tender.pk, criterion.pk]),
            reverse("tendering:consensus", args=[open_tender.pk, bid.pk, criterion.pk]),
        ):
            response = client.get(url, follow=True)
            page = response.content.decode()
            assert response.status_code == 200, (role, url)
            assert "bids are sealed until the deadline" in page
            _assert_no_content(page)
            assert "Red Rose Facilities" not in page and "Pennine Youth" not in page


def test_bid_list_export_and_bid_page_are_refused_before_the_deadline(client_for, open_tender):
    bid = _bid_of(open_tender, "supplier1")
    for role in (Role.PROCUREMENT_OFFICER, Role.ADMINISTRATOR, Role.VIEWER):
        client = client_for(role)
        for url in (
            reverse("tendering:tender_bids", args=[open_tender.pk]),
            reverse("tendering:tender_bids_csv", args=[open_tender.pk]),
            reverse("tendering:bid_detail", args=[bid.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 403, (role, url)
            _assert_no_content(response.content.decode())


def test_after_the_deadline_bids_are_listed_and_exported_without_prices(client_for, closed_tender):
    client = client_for(Role.PROCUREMENT_OFFICER)
    page = client.get(reverse("tendering:tender_bids", args=[closed_tender.pk])).content.decode()
    assert "Red Rose Facilities Ltd" in page and "Online" in page
    assert "Pennine Youth" not in page  # a draft is not a bid
    export = client.get(reverse("tendering:tender_bids_csv", args=[closed_tender.pk]))
    # Every CSV download starts with a byte order mark so that Excel reads it as UTF-8.
    assert export.content.startswith("\ufeff".encode())
    text = export.content.decode("utf-8-sig")
    assert export["Content-Disposition"].startswith("attachment")
    header, row = text.splitlines()[:2]
    assert header == "bid,supplier,submitted_at,how,price,Q1,Q2,SV1,SV2"
    assert "Red Rose Facilities Ltd" in row and f"{MARKER} to Q1" in row
    assert PRICE not in text  # prices are opened after quality moderation
    bid_page = client.get(
        reverse("tendering:bid_detail", args=[_bid_of(closed_tender, "supplier1").pk])
    ).content.decode()
    assert f"{MARKER} to Q1" in bid_page
    assert "Not shown until prices are opened" in bid_page and "777,777.77" not in bid_page

    closed_tender.prices_opened_at = timezone.now()
    closed_tender.save()
    text = client.get(reverse("tendering:tender_bids_csv", args=[closed_tender.pk])).content
    assert PRICE in text.decode()


def test_export_keeps_spreadsheets_from_running_a_bidders_formula(client_for, user_for):
    tender = published_tender(
        user_for(Role.PROCUREMENT_OFFICER), deadline=timezone.now() - timedelta(hours=1)
    )
    complete_bid(tender, user_for(Role.SUPPLIER), text="=HYPERLINK(1)")
    text = (
        client_for(Role.VIEWER)
        .get(reverse("tendering:tender_bids_csv", args=[tender.pk]))
        .content.decode()
    )
    assert "'=HYPERLINK(1) to Q1" in text


def test_audit_log_carries_no_bid_content(client_for, user_for, closed_tender):
    for role in (Role.ADMINISTRATOR, Role.VIEWER):
        page = client_for(role).get(reverse("audit:event_list")).content.decode()
        assert str(_bid_of(closed_tender, "supplier1")) in page  # the bid events are there...
        _assert_no_content(page)  # ...without what the bid says


def test_audit_log_does_not_say_who_has_bid_before_the_deadline(client_for, user_for, open_tender):
    """Each bid event names the bidder: before the deadline the log, its download and the
    Django admin's copy leave them out, for the administrator and the auditor alike."""
    bid = _bid_of(open_tender, "supplier1")
    now = open_tender.deadline - timedelta(hours=1)
    from socialvalue.policy.models import Measure

    services.commitment_add(
        actor=user_for(Role.SUPPLIER),
        bid=bid,
        measure=Measure.objects.get(code="TEI4"),
        quantity=PRICE,
        year=1,
        now=now,
    )
    bidders = [str(bid), str(_bid_of(open_tender, "supplier2"))]
    for role in (Role.ADMINISTRATOR, Role.VIEWER):
        client = client_for(role)
        for url in (reverse("audit:event_list"), reverse("audit:event_list") + "?format=csv"):
            page = client.get(url).content.decode("utf-8-sig")
            for label in bidders:
                assert label not in page, (role, url)
            _assert_no_content(page)
    admin = user_for(Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = client_for(Role.ADMINISTRATOR).get("/django-admin/audit/event/").content.decode()
    for label in bidders:
        assert label not in page


# The Django admin ---------------------------------------------------------------------------


def test_django_admin_shows_no_bid_content_even_to_a_superuser(client_for, user_for, open_tender):
    admin = user_for(Role.ADMINISTRATOR)
    admin.is_superuser = True
    admin.save()
    client = client_for(Role.ADMINISTRATOR)
    bid = _bid_of(open_tender, "supplier1")
    pages = [
        "/django-admin/",
        "/django-admin/tendering/",
        "/django-admin/tendering/bid/",
        "/django-admin/tendering/tender/",
        f"/django-admin/tendering/tender/{open_tender.pk}/change/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_content(response.content.decode())
    for url in (  # a sealed bid is not found: the admin goes back to its home page
        f"/django-admin/tendering/bid/{bid.pk}/change/",
        f"/django-admin/tendering/bid/{bid.pk}/history/",
    ):
        assert client.get(url)["Location"] == "/django-admin/", url
    listing = client.get("/django-admin/tendering/bid/").content.decode()
    # Not even who has bid, before the deadline (bids of closed demo tenders are listed).
    assert f"/tendering/bid/{bid.pk}/change/" not in listing
    assert open_tender.reference not in listing
    for model in ("bidresponse", "bidattachment", "bidcommitment", "ownproposal", "score"):
        assert client.get(f"/django-admin/tendering/{model}/").status_code == 404, model
    assert client.get("/django-admin/tendering/bid/add/").status_code == 403
    assert client.post(f"/django-admin/tendering/bid/{bid.pk}/delete/").status_code == 403
    response = client.post(
        f"/django-admin/tendering/bid/{bid.pk}/change/", {"price": "1", "status": "withdrawn"}
    )
    assert response.status_code == 403
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


# The public pages (no sign-in) ----------------------------------------------------------


@pytest.mark.parametrize("when", ["open", "closed"])
def test_public_tender_pages_show_nothing_of_the_bids(client, request, when):
    """Signed out or as any role, before or after the deadline: no bid content, price,
    bidder name or count on the public list, the public summary or the pipeline."""
    tender = request.getfixturevalue(f"{when}_tender")
    urls = [
        reverse("tendering:public_list"),
        reverse("tendering:public_detail", args=[tender.pk]),
        reverse("procurement:pipeline"),
        reverse("core:home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        _assert_no_content(page)
        assert "Red Rose Facilities" not in page and "Pennine Youth" not in page, url
        assert "bid submitted" not in page and "bids submitted" not in page, url
    summary = client.get(reverse("tendering:public_detail", args=[tender.pk])).content.decode()
    assert tender.title in summary
    assert ("(closed)" in summary) == (when == "closed")


def test_assessment_summaries_show_nothing_of_a_sealed_bid(client_for, open_tender):
    """The summary of a bid on a tender still open for bids (or not yet awarded) shows no
    score, price or answer to anyone; the bidder itself is refused until its release."""
    bid = _bid_of(open_tender, "supplier1")
    for name in ("tendering:summary", "tendering:summary_pdf"):
        url = reverse(name, args=[open_tender.pk, bid.pk])
        for role in Role:
            response = client_for(role).get(url)
            text = response.content.decode(errors="ignore")
            assert MARKER not in text and not any(p in text for p in PRICE_SHOWN), (role, url)
            if role != Role.PROCUREMENT_OFFICER and role != Role.ADMINISTRATOR:
                assert response.status_code == 403, (role, url)


def test_extending_the_deadline_keeps_bids_sealed_until_the_new_deadline(open_tender, user_for):
    """Sealing reads the tender's current deadline: after an extension, the old deadline
    opens nothing; the new one opens the bids."""
    officer = user_for(Role.PROCUREMENT_OFFICER)
    old = open_tender.deadline
    new = old + timedelta(days=7)
    services.tender_deadline_extend(
        actor=officer, tender=open_tender, new_deadline=new, reason="A clarification changed"
    )
    open_tender.refresh_from_db()
    bid = _bid_of(open_tender, "supplier1")
    after_old = old + timedelta(minutes=1)
    assert sealing.bid_is_sealed(bid, now=after_old)
    assert not sealing.readable_bids(officer, open_tender, now=after_old).exists()
    with pytest.raises(sealing.BidSealed):
        sealing.read_bid(officer, bid.pk, now=after_old)
    assert not sealing.price_visible(officer, bid, now=after_old)
    # The supplier may still change its bid between the two deadlines.
    assert open_tender.accepts_bids(after_old)
    assert sealing.readable_bids(officer, open_tender, now=new).filter(pk=bid.pk).exists()
