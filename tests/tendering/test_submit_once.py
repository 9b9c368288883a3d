"""A bid submitted six times at once is recorded once (issue #11, item 8: six simultaneous
submits recorded six ``bid.submitted`` events). bid_submit locks the bid row and a second
submit of a bid already submitted, and not changed since, records nothing.

The threaded test is about row locks: run it on PostgreSQL with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_imports``. SQLite has no row locks and
its in-memory test database refuses a second writer outright ("table is locked"), so on
SQLite the six threads take turns (as SQLite's one writer at a time does), each still
holding the copy of the bid it read as a draft before any of them submitted.
"""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from tests.conftest import about
from tests.tendering.test_tenders_factory import complete_bid, published_tender

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.tendering import services
from socialvalue.tendering.models import Bid, BidStatus


def _submitted_events(bid: Bid) -> int:
    return Event.objects.filter(verb="bid.submitted", **about(bid)).count()


def test_a_second_submit_of_an_unchanged_bid_records_nothing(user_for):
    supplier = user_for(Role.SUPPLIER)
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    bid = complete_bid(tender, supplier)
    first_time = bid.submitted_at
    again = services.bid_submit(actor=supplier, bid=bid)
    assert again.status == BidStatus.SUBMITTED
    assert again.submitted_at == first_time  # the first submission stands
    assert _submitted_events(bid) == 1


def test_double_click_on_submit_shows_success_and_records_once(client_for, user_for):
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    bid = complete_bid(tender, user_for(Role.SUPPLIER), submit=False)
    client = client_for(Role.SUPPLIER)
    for _ in range(2):
        response = client.post(reverse("tendering:bid_submit", args=[bid.pk]), follow=True)
        assert "Your bid is submitted" in response.content.decode()
    assert _submitted_events(bid) == 1


def test_a_changed_bid_is_submitted_again(user_for):
    supplier = user_for(Role.SUPPLIER)
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    bid = complete_bid(tender, supplier)
    complete_bid(tender, supplier, price="90000.00")  # saving takes it back to draft
    assert _submitted_events(bid) == 2


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_submits_record_one_event(user_for):
    supplier = user_for(Role.SUPPLIER)
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    bid = complete_bid(tender, supplier, submit=False)
    start = threading.Barrier(6)
    errors: list[BaseException] = []
    one_writer = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def submit() -> None:
        try:
            stale = Bid.objects.get(pk=bid.pk)  # every thread reads the draft first
            assert stale.status == BidStatus.DRAFT
            start.wait(timeout=30)
            with one_writer:
                services.bid_submit(actor=supplier, bid=stale)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert _submitted_events(bid) == 1
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.SUBMITTED


# The other submit-like actions: the same agreement or recommendation sent twice ---------


def test_the_same_consensus_sent_twice_is_recorded_once_and_keeps_the_recommendation(user_for):
    from decimal import Decimal

    from tests.tendering.test_evaluation_factory import build_tender, to_prices_open

    from socialvalue.tendering import evaluation_selectors as sel
    from socialvalue.tendering import evaluation_services as evaluation
    from socialvalue.tendering.models import TenderStatus

    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = to_prices_open(build_tender(officer), officer)
    for row in sel.tender_results(tender).unanswered:
        evaluation.flag_answer(
            actor=officer, tender=tender, bid=row.bid, kind=row.flag.kind, answer="Checked."
        )
    top = sel.tender_results(tender).top
    for _ in range(2):
        evaluation.award_recommend(actor=officer, tender=tender, bid=top, reason="")
    recommended = Event.objects.filter(verb="evaluation.award_recommended", **about(tender))
    assert recommended.count() == 1

    consensus = top.consensus_scores.first()
    changed = Event.objects.filter(verb="evaluation.consensus_changed")
    evaluation.consensus_save(
        actor=officer,
        bid=top,
        criterion=consensus.criterion,
        score=Decimal(consensus.score),
        rationale=consensus.rationale,
    )
    assert not changed.exists()
    tender.refresh_from_db()
    assert tender.status == TenderStatus.RECOMMENDED  # not withdrawn by a repeat
