"""One way to change a business status: every model's moves (django-fsm-2 transitions) are
the ones listed here, nothing else moves a status, and a refused move says why in words."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from socialvalue.accounts.models import UserChange
from socialvalue.accounts.roles import Role
from socialvalue.contracts.models import ContractVariation, LineStatus, ReturnLine
from socialvalue.core.errors import DomainError
from socialvalue.core.transitions import MoveRefused, move, refusal
from socialvalue.domain.delivery import Rag
from socialvalue.flags.models import Flag
from socialvalue.procurement.models import Project
from socialvalue.reviews.models import AnnualReview
from socialvalue.tendering.models import Bid, BidStatus, Tender, TenderStatus

# model -> its status field and every move: (transition, from, to)
MOVES = {
    Tender: (
        "status",
        {
            ("publish", "draft", "published"),
            ("complete_moderation", "published", "moderated"),
            ("complete_moderation", "prices_open", "prices_open"),
            ("open_prices", "published", "prices_open"),
            ("open_prices", "moderated", "prices_open"),
            ("recommend", "prices_open", "recommended"),
            ("recommend", "recommended", "recommended"),
            ("withdraw_recommendation", "recommended", "prices_open"),
            ("decide_award", "recommended", "award_decided"),
            ("start_standstill", "award_decided", "standstill"),
            ("award", "standstill", "awarded"),
        },
    ),
    Bid: (
        "status",
        {
            ("submit", "draft", "submitted"),
            ("withdraw", "draft", "withdrawn"),
            ("withdraw", "submitted", "withdrawn"),
            ("reopen", "submitted", "draft"),
            ("reopen", "withdrawn", "draft"),
        },
    ),
    ReturnLine: (
        "status",
        {
            ("verify", "submitted", "verified"),
            ("reject", "submitted", "rejected"),
            ("correct", "rejected", "submitted"),
        },
    ),
    ContractVariation: (
        "status",
        {("approve", "requested", "approved"), ("refuse", "requested", "refused")},
    ),
    AnnualReview: ("status", {("publish", "draft", "published")}),
    Flag: (
        "status",
        {("review", state, "reviewed") for state in ("open", "reviewed", "dismissed")}
        | {("dismiss", state, "dismissed") for state in ("open", "reviewed", "dismissed")}
        | {("reopen", "reviewed", "open"), ("reopen", "dismissed", "open")},
    ),
    UserChange: (
        "status",
        {("approve", "pending", "approved"), ("refuse", "pending", "refused")},
    ),
    Project: (
        "stage",
        {
            ("to_pre_procurement", "pipeline", "pre_procurement"),
            ("to_tender", "pre_procurement", "tender"),
            ("to_evaluation", "tender", "evaluation"),
            ("to_awarded", "evaluation", "awarded"),
            ("to_contract_live", "awarded", "contract_live"),
            ("to_closed", "contract_live", "closed"),
        }
        | {
            ("to_cancelled", stage, "cancelled")
            for stage in (
                "pipeline",
                "pre_procurement",
                "tender",
                "evaluation",
                "awarded",
                "contract_live",
            )
        },
    ),
}


def _declared(model) -> set[tuple[str, str, str]]:
    field_name, _ = MOVES[model]
    field = model._meta.get_field(field_name)
    return {(t.name, str(t.source), str(t.target)) for t in field.get_all_transitions(model)}


def _forbidden():
    """Every (model, move, status) where the move does not start from that status."""
    for model, (field_name, moves) in MOVES.items():
        states = [value for value, _ in model._meta.get_field(field_name).choices]
        for name in sorted({m[0] for m in moves}):
            sources = {m[1] for m in moves if m[0] == name}
            for state in states:
                if state not in sources:
                    yield model, field_name, name, state


@pytest.mark.parametrize("model", list(MOVES), ids=lambda m: m.__name__)
def test_each_model_has_exactly_the_listed_moves(model):
    assert _declared(model) == MOVES[model][1]


@pytest.mark.parametrize("model", list(MOVES), ids=lambda m: m.__name__)
def test_the_status_is_protected_and_the_stored_values_unchanged(model):
    field_name, _ = MOVES[model]
    field = model._meta.get_field(field_name)
    assert field.protected
    row = model()
    with pytest.raises(AttributeError, match="modification is not allowed"):
        setattr(row, field_name, field.default)


@pytest.mark.parametrize(
    ("model", "field_name", "name", "state"),
    list(_forbidden()),
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_a_move_from_a_status_it_does_not_start_from_is_refused(model, field_name, name, state):
    row = model(**{field_name: state})
    with pytest.raises(TransitionNotAllowed):
        getattr(row, name)()
    assert getattr(row, field_name) == state


@pytest.mark.parametrize(
    ("row", "name", "words"),
    [
        (
            Bid(status=BidStatus.WITHDRAWN),
            "withdraw",
            "This bid cannot be withdrawn now: its status is withdrawn",
        ),
        (ReturnLine(status=LineStatus.VERIFIED), "verify", "This line is verified, not waiting"),
        (ReturnLine(status=LineStatus.SUBMITTED), "correct", "Only a rejected line can be"),
        (ContractVariation(status="refused"), "approve", "already been decided"),
        (
            AnnualReview(status="published", conclusions={"overall": "Done"}),
            "publish",
            "a published report is kept",
        ),
        (Tender(status=TenderStatus.AWARDED), "award", "with an award recommendation"),
        (UserChange(status="approved"), "refuse", "This change has already been decided"),
    ],
    ids=["bid", "line", "correct", "variation", "review", "tender", "user change"],
)
def test_a_refused_move_is_a_domain_problem_in_words(row, name, words):
    if isinstance(row, Bid):
        row.tender = Tender(status=TenderStatus.PUBLISHED)
    with pytest.raises(MoveRefused, match=words) as refused:
        move(getattr(row, name))
    assert isinstance(refused.value, DomainError)
    assert isinstance(refused.value.__cause__, TransitionNotAllowed)


def test_a_guard_names_what_is_missing_before_the_status():
    published = Tender(
        status=TenderStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(days=9),
        deadline=timezone.now() + timedelta(days=1),
    )
    assert refusal(published.open_prices) == "Prices open after the deadline for bids"
    published.deadline = timezone.now() - timedelta(days=1)
    published.prices_open_after_moderation = True
    assert refusal(published.open_prices) == "Prices open once quality moderation is complete"
    published.prices_open_after_moderation = False
    assert refusal(published.open_prices) is None
    move(published.open_prices, at=timezone.now())
    assert published.status == TenderStatus.PRICES_OPEN
    assert refusal(published.open_prices) == "Prices are already open"


def test_a_bid_moves_only_while_its_tender_takes_bids():
    bid = Bid(tender=Tender(status=TenderStatus.MODERATED), status=BidStatus.DRAFT)
    with pytest.raises(MoveRefused, match="not open for bids"):
        move(bid.submit, by=None, at=timezone.now())
    assert bid.status == BidStatus.DRAFT and bid.submitted_at is None


def test_a_moved_row_reads_again_from_the_database(demo):
    """``refresh_from_db`` works on protected fields (``FSMModelMixin``), and a move saved by
    a service is what the database holds."""
    tender = Tender.objects.filter(status=TenderStatus.PUBLISHED).first()
    assert tender is not None
    tender.refresh_from_db()
    bid = Bid.objects.filter(status=BidStatus.SUBMITTED).first()
    assert bid is not None
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


def test_a_published_tender_past_its_deadline_shows_closed_for_bids():
    now = timezone.now()
    tender = Tender(status=TenderStatus.PUBLISHED, published_at=now - timedelta(days=30))
    tender.deadline = now + timedelta(days=1)
    assert tender.display_status == "Published"
    tender.deadline = now - timedelta(minutes=1)
    assert tender.display_status == "Closed for bids"
    assert Tender(status=TenderStatus.AWARDED).display_status == "Awarded"


def test_status_words_say_where_the_award_is():
    assert Tender(status=TenderStatus.PRICES_OPEN).display_status == "In evaluation (prices open)"
    assert Tender(status=TenderStatus.RECOMMENDED).display_status.startswith("In evaluation")
    decided = Tender(status=TenderStatus.AWARD_DECIDED)
    assert decided.display_status == "Award decided (award notice to publish)"
    today = timezone.localdate()
    running = Tender(status=TenderStatus.STANDSTILL, standstill_ends_on=today)
    assert running.display_status == f"Standstill (until {today.day} {today:%B %Y})"
    over = Tender(status=TenderStatus.STANDSTILL, standstill_ends_on=today - timedelta(days=1))
    assert over.display_status.startswith("Standstill ended")
    exempt = Tender(status=TenderStatus.STANDSTILL, standstill_exemption="framework")
    assert exempt.display_status == "No standstill: call-off under a framework"


def test_red_amber_green_has_one_wording():
    assert [r.label for r in Rag] == [
        "Green: on track",
        "Amber: slightly behind",
        "Red: behind",
        "Nothing due yet",
    ]


def test_every_delivery_status_on_pages_and_downloads_reads_the_same(demo, client_for):
    """Staff contract list (page and CSV), the public contracts page and the annual review
    use ``Rag.label``; the old second wording ("On track" alone, a bare "Amber") is gone."""
    labels = {r.label for r in Rag}
    staff = client_for(Role.PROCUREMENT_OFFICER)
    download = staff.get("/contracts/?format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(download)))
    assert rows and {row["Social value"] for row in rows} <= labels
    page = staff.get("/contracts/").content.decode()
    assert any(f">{label}</strong>" in page for label in labels)
    public = Client().get("/transparency/contracts/").content.decode()
    shown = {label for label in labels if f">{label}</" in public}
    assert shown, "the public page shows a delivery status"
    for old in (">On track<", ">Slightly behind<", ">Behind<", ">Green<", ">Amber<", ">Red<"):
        assert old not in page and old not in public
