"""Moderation, prices, results, flags, the recommendation, the report and feedback letters,
and the lock after award."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import about, assert_error
from tests.tendering.test_evaluation_factory import (
    BIDS,
    add_own_proposal,
    agree_everything,
    bid_of,
    build_tender,
    panel_of_two,
    score_everything,
    to_prices_open,
)

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts.services import award_decide, award_outcome_release
from socialvalue.core.errors import DomainError
from socialvalue.domain import evaluation as ev
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering import evaluation_services as services
from socialvalue.tendering.models import ConsensusScore, FlagAnswer, TenderStatus
from socialvalue.tendering.selectors import tender_model, tender_proxies

RED_ROSE, PENNINE, THIRD = "09000001", "12000002", "01000003"


@pytest.fixture
def officer(user_for) -> User:
    return user_for(Role.PROCUREMENT_OFFICER)


@pytest.fixture
def tender(officer):
    return build_tender(officer)


def _submitted_panel(tender, officer, e2_scores=None):
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a1)
    score_everything(a2, e2_scores)
    for a in (a1, a2):
        services.scores_submit(actor=a.evaluator, assignment=a)
    return a1, a2


def _answer_all(tender, officer):
    for row in sel.tender_results(tender).unanswered:
        services.flag_answer(
            actor=officer, tender=tender, bid=row.bid, kind=row.flag.kind, answer="Checked."
        )


# Moderation -----------------------------------------------------------------------------


def test_moderation_flags_scores_two_points_apart_and_offers_the_median(
    client_for, officer, tender
):
    _submitted_panel(tender, officer, {(PENNINE, "Q1"): 1, (PENNINE, "Q2"): 2})
    rows = {
        (r.bid.supplier.companies_house_number, r.criterion.code): r
        for r in sel.moderation_sheet(tender)
    }
    assert rows[(PENNINE, "Q1")].flag is not None  # 3 and 1: two points apart
    assert rows[(PENNINE, "Q2")].flag is None  # 3 and 2: one point
    assert rows[(PENNINE, "Q1")].median == Decimal(1)  # the lower median of 1 and 3
    client = client_for(Role.PROCUREMENT_OFFICER)
    page = client.get(reverse("tendering:moderation", args=[tender.pk])).content.decode()
    assert page.count("Discuss") == 1  # Q1 has one bid to discuss
    q1 = tender.criteria.get(code="Q1")
    pk = bid_of(tender, PENNINE).pk
    url = reverse("tendering:moderation_criterion", args=[tender.pk, q1.pk])
    form = client.get(url).content.decode()
    assert "1 to 3 (spread 2)" in form
    assert "Evan Evaluator scored 3" in form or "Erin Evaluator scored 1" in form
    response = client.post(url, {f"score_{pk}": "2", f"rationale_{pk}": " "})
    assert_error(response, f"rationale_{pk}", "Give the panel")
    response = client.post(url, {f"score_{pk}": "2", f"rationale_{pk}": "Agreed after discussion"})
    assert response.status_code == 302
    consensus = ConsensusScore.objects.get(bid=bid_of(tender, PENNINE), criterion=q1)
    assert consensus.score == Decimal(2) and consensus.agreed_by == officer
    assert Event.objects.filter(verb="evaluation.consensus_agreed", **about(consensus)).exists()


def test_no_consensus_until_every_evaluator_has_submitted(officer, tender):
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a1)
    services.scores_submit(actor=a1.evaluator, assignment=a1)
    with pytest.raises(DomainError, match="submit their scores before moderation"):
        agree_everything(tender, officer)
    # A conflicted evaluator does not hold moderation up.
    services.interests_declare(
        actor=a2.evaluator, assignment=a2, has_conflict=True, details="Former employer"
    )
    agree_everything(tender, officer)
    assert ConsensusScore.objects.filter(bid__tender=tender).count() == 9


def test_moderation_completes_only_with_every_consensus(officer, tender):
    _submitted_panel(tender, officer)
    with pytest.raises(DomainError, match="9 consensus scores to agree"):
        services.moderation_complete(actor=officer, tender=tender)
    agree_everything(tender, officer)
    services.moderation_complete(actor=officer, tender=tender)
    tender.refresh_from_db()
    assert tender.status == TenderStatus.MODERATED and tender.moderation_completed_at


# Prices ---------------------------------------------------------------------------------


def test_prices_open_only_after_moderation(client_for, officer, tender):
    _submitted_panel(tender, officer)
    client = client_for(Role.PROCUREMENT_OFFICER)
    client.post(reverse("tendering:prices_open", args=[tender.pk]))
    tender.refresh_from_db()
    assert tender.prices_opened_at is None
    agree_everything(tender, officer)
    services.moderation_complete(actor=officer, tender=tender)
    response = client.post(reverse("tendering:prices_open", args=[tender.pk]), follow=True)
    assert "Prices are open" in response.content.decode()
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PRICES_OPEN and tender.prices_opened_at
    assert Event.objects.filter(verb="evaluation.prices_opened", **about(tender))


def test_prices_open_from_the_deadline_when_the_model_says_so(client_for, officer):
    tender = build_tender(officer, reference="EV-OPEN", prices_after_moderation=False)
    panel_of_two(tender, officer)
    page = client_for(Role.EVALUATOR).get(
        reverse("tendering:bid_scores", args=[tender.pk, bid_of(tender, PENNINE).pk])
    )
    assert "£180,000.00" in page.content.decode()
    services.prices_open(actor=officer, tender=tender)
    tender.refresh_from_db()
    assert tender.prices_opened_at is not None


# Results --------------------------------------------------------------------------------


def _expected(tender, consensus):
    """The domain's evaluation from the factory's figures, built here independently."""
    bids = []
    for number, (price, quantity) in BIDS.items():
        scores = {c: Decimal(consensus.get((number, c), 3)) for c in ("Q1", "Q2", "SV1")}
        bids.append(
            ev.Bid(
                bidder=bid_of(tender, number).supplier.name,
                price=price,
                scores=scores,
                commitments=(ev.Commitment(next(iter(tender_proxies(tender))), quantity),),
            )
        )
    return ev.evaluate(
        tender_model(tender),
        bids,
        tender_proxies(tender),
        settings=sel.flag_settings(tender),
    )


def test_results_page_shows_the_domain_result_with_exclusion(client_for, officer, tender):
    consensus = {(THIRD, "Q1"): 1, (RED_ROSE, "Q1"): 5, (RED_ROSE, "SV1"): 4}
    to_prices_open(tender, officer, consensus)
    expected = _expected(tender, consensus)
    page = client_for(Role.VIEWER).get(reverse("tendering:results", args=[tender.pk]))
    html = page.content.decode()
    table = html[html.index('id="results-table"') : html.index('id="tie-break"')]
    positions = [table.index(f'data-bidder="{r.bidder}"') for r in expected.ranked]
    assert positions == sorted(positions)  # the page lists bids in the domain's order
    for r in expected.ranked:
        assert f"{r.total.quantize(Decimal('0.01'))}" in table
    excluded = expected.excluded[0]
    assert excluded.bidder == bid_of(tender, THIRD).supplier.name
    assert f"{excluded.bidder}: {excluded.excluded_reason}" in html
    assert "below the pass mark of 2" in html
    assert "higher quality score, then higher social value score" in html
    assert "price score = lowest price / bid price x 60" in html


def test_flags_must_be_answered_before_the_recommendation(client_for, officer, tender):
    add_own_proposal(tender, PENNINE)
    to_prices_open(tender, officer)
    results = sel.tender_results(tender)
    kinds = {(f.bid.supplier.companies_house_number, f.flag.kind) for f in results.flags}
    assert (PENNINE, ev.FlagKind.UNVALUED_PROPOSAL) in kinds
    top = results.top
    with pytest.raises(DomainError, match="Answer the flag"):
        services.award_recommend(actor=officer, tender=tender, bid=top, reason="")
    client = client_for(Role.PROCUREMENT_OFFICER)
    page = client.get(reverse("tendering:recommend", args=[tender.pk])).content.decode()
    assert "The award cannot be recommended yet" in page
    row = next(f for f in results.flags if f.flag.kind == ev.FlagKind.UNVALUED_PROPOSAL)
    url = reverse("tendering:flag_answer", args=[tender.pk, row.bid.pk, row.slug])
    assert_error(client.post(url, {"answer": ""}), "answer", "Say what you found and what")
    assert client.post(url, {"answer": "No fair value could be agreed"}).status_code == 302
    _answer_all(tender, officer)
    # Another bid than the top-ranked one needs a reason.
    other = next(
        results.bid_of(r) for r in results.evaluation.ranked if results.bid_of(r).pk != top.pk
    )
    response = client.post(reverse("tendering:recommend", args=[tender.pk]), {"bid": other.pk})
    assert_error(response, "reason", "Say why you recommend a bid that is not ranked first")
    response = client.post(reverse("tendering:recommend", args=[tender.pk]), {"bid": top.pk})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == TenderStatus.RECOMMENDED and tender.recommended_bid == top
    assert tender.recommendation_reason == "The highest-ranked bid"
    assert Event.objects.filter(verb="evaluation.award_recommended", **about(tender))


def test_an_answer_no_longer_counts_when_the_flag_changes(officer, tender):
    proposal = add_own_proposal(tender, PENNINE)
    to_prices_open(tender, officer)
    _answer_all(tender, officer)
    assert sel.tender_results(tender).unanswered == []
    FlagAnswer.objects.filter(tender=tender).update(message="an older wording")
    results = sel.tender_results(tender)
    assert proposal.bid in [f.bid for f in results.unanswered]
    assert len(results.unanswered) == len(results.flags)


def test_an_agreed_own_proposal_counts_in_pounds(client_for, officer, tender):
    proposal = add_own_proposal(tender, PENNINE)
    to_prices_open(tender, officer)
    before = _result_of(tender, PENNINE)
    assert before.social_value_pounds == Decimal("9000.00")
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("tendering:proposal_value", args=[tender.pk, proposal.pk])
    assert_error(
        client.post(url, {"unit_value": "150", "reason": ""}), "reason", "Say why the panel agreed"
    )
    assert client.post(url, {"unit_value": "£150.00", "reason": "As DCMS"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.agreed_unit_value == Decimal("150.00") and proposal.agreed_by == officer
    assert _result_of(tender, PENNINE).social_value_pounds == Decimal("9750.00")
    assert Event.objects.filter(verb="evaluation.proposal_value_agreed", **about(proposal)).exists()


def _result_of(tender, number):
    name = bid_of(tender, number).supplier.name
    return next(r for r in sel.tender_results(tender).evaluation.results if r.bidder == name)


def test_changing_a_consensus_after_the_recommendation_withdraws_it(officer, tender):
    to_prices_open(tender, officer)
    _answer_all(tender, officer)
    top = sel.tender_results(tender).top
    services.award_recommend(actor=officer, tender=tender, bid=top, reason="")
    services.consensus_save(
        actor=officer,
        bid=bid_of(tender, RED_ROSE),
        criterion=tender.criteria.get(code="Q2"),
        score=Decimal(4),
        rationale="Re-read",
        outside_range_reason="Both evaluators missed the staffing annex.",
    )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PRICES_OPEN and tender.recommended_bid is None


# Report and letters ---------------------------------------------------------------------


def _recommended(tender, officer):
    to_prices_open(tender, officer, {(RED_ROSE, "Q1"): 5})
    _answer_all(tender, officer)
    top = sel.tender_results(tender).top
    services.award_recommend(actor=officer, tender=tender, bid=top, reason="")
    tender.refresh_from_db()
    return tender


def test_report_in_html_pdf_and_csv(client_for, officer, tender):
    tender = _recommended(tender, officer)
    client = client_for(Role.VIEWER)
    html = client.get(reverse("tendering:report", args=[tender.pk])).content.decode()
    assert "Because Q1 reads so." in html  # every justification
    assert "The panel agreed." in html  # every consensus rationale
    assert "price score = lowest price / bid price x 60" in html
    assert f"Recommended: <strong>{tender.recommended_bid.supplier.name}" in html
    pdf = client.get(reverse("tendering:report_download", args=[tender.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    response = client.get(reverse("tendering:report_download", args=[tender.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    scores = [r for r in rows if r["record"] == "evaluator score"]
    assert len(scores) == 3 * 3 * 2  # bids x scale criteria x evaluators
    assert all(r["justification or rationale"] for r in scores)
    assert len([r for r in rows if r["record"] == "consensus"]) == 9
    totals = {r["bidder"]: r for r in rows if r["record"] == "total"}
    top = _result_of(tender, RED_ROSE)
    assert totals[top.bidder]["total"] == f"{top.total:f}" and totals[top.bidder]["rank"] == "1"


def test_report_waits_for_prices(client_for, officer, tender):
    client = client_for(Role.PROCUREMENT_OFFICER)
    page = client.get(reverse("tendering:report", args=[tender.pk])).content.decode()
    assert "available once prices are open" in page
    url = reverse("tendering:report_download", args=[tender.pk, "csv"])
    assert client.get(url).status_code == 404


def test_assessment_summary_shows_own_and_winning_scores_and_reasons(
    client, officer, tender, user_for
):
    tender = _recommended(tender, officer)
    loser = bid_of(tender, PENNINE)
    third = bid_of(tender, THIRD)
    ConsensusScore.objects.filter(bid=loser).update(rationale="Pennine: method thin on staffing")
    winner_bid = tender.recommended_bid
    ConsensusScore.objects.filter(bid=winner_bid).update(rationale="Red Rose: a clear plan")
    client.force_login(officer)
    url = reverse("tendering:summary", args=[tender.pk, loser.pk])
    html = client.get(url).content.decode()
    assert loser.supplier.name in html
    assert "Pennine: method thin on staffing" in html and "Red Rose: a clear plan" in html
    assert third.supplier.name not in html
    assert "Not released yet" in html
    own, winner = _result_of(tender, PENNINE), _result_of(tender, RED_ROSE)
    assert f"{own.quality_score.quantize(Decimal('0.01'))}" in html
    assert f"{winner.quality_score.quantize(Decimal('0.01'))}" in html
    pdf = client.get(reverse("tendering:summary_pdf", args=[tender.pk, loser.pk]))
    assert pdf.content.startswith(b"%PDF")
    # The old feedback letter's address leads here.
    old = client.get(f"/tenders/{tender.pk}/feedback/{loser.pk}/")
    assert old.status_code == 301 and old["Location"] == url

    # The supplier (Pennine is supplier2's organisation) sees its summary only once released
    # with the award notice, and never another bidder's.
    client.force_login(User.objects.get(username="supplier2"))
    assert client.get(url).status_code == 403
    assert tender.reference not in client.get(reverse("tendering:my_summaries")).content.decode()
    award_decide(actor=officer, tender=tender, decision="Highest score")
    assert client.get(url).status_code == 403  # decided, the notice not yet published
    award_outcome_release(actor=officer, tender=tender, notice_published_on=timezone.localdate())
    assert client.get(url).status_code == 200
    assert tender.reference in client.get(reverse("tendering:my_summaries")).content.decode()
    for other in (third, winner_bid):
        assert (
            client.get(reverse("tendering:summary", args=[tender.pk, other.pk])).status_code == 403
        )
        pdf_url = reverse("tendering:summary_pdf", args=[tender.pk, other.pk])
        assert client.get(pdf_url).status_code == 403
    event = Event.objects.get(verb="award.outcome_released", **about(tender))
    assert event.actor == officer
    assert sorted(event.data["summaries_released_to"]) == sorted(
        b.supplier.name for b in sel.submitted_bids(tender)
    )


def test_scores_are_locked_from_the_award_decision(officer, tender):
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a1)
    tender.award_decided_at = timezone.now()
    tender.save()
    with pytest.raises(DomainError, match="scores are locked"):
        score_everything(a2)
    with pytest.raises(DomainError, match="scores are locked"):
        services.consensus_save(
            actor=officer,
            bid=bid_of(tender, RED_ROSE),
            criterion=tender.criteria.get(code="Q1"),
            score=Decimal(3),
            rationale="x",
        )
    with pytest.raises(DomainError, match="scores are locked"):
        services.proposal_value_agree(
            actor=officer,
            proposal=add_own_proposal(tender, PENNINE),
            unit_value=Decimal(1),
            reason="x",
        )


def test_after_award_the_flags_are_those_answered_before_it(officer, tender):
    add_own_proposal(tender, PENNINE)
    to_prices_open(tender, officer)
    assert sel.tender_results(tender).unanswered  # the unvalued own proposal at least
    tender.awarded_at = timezone.now()
    tender.save()
    # A flag nobody answered before award (e.g. delivery records that changed since) is not
    # an award flag: nothing is left to answer.
    assert sel.tender_results(tender).flags == []


def test_recommendation_waits_for_moderation_even_with_prices_open_early(officer):
    tender = build_tender(officer, reference="EV-EARLY", prices_after_moderation=False)
    services.prices_open(actor=officer, tender=tender)
    _submitted_panel(tender, officer)
    agree_everything(tender, officer)
    tender.refresh_from_db()
    results = sel.tender_results(tender)
    assert results.evaluation is not None
    assert "Quality moderation is not complete" in sel.recommendation_blockers(tender, results)
    services.moderation_complete(actor=officer, tender=tender)
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PRICES_OPEN  # moderation does not move it back
    _answer_all(tender, officer)
    services.award_recommend(actor=officer, tender=tender, bid=results.top, reason="")
    tender.refresh_from_db()
    assert tender.status == TenderStatus.RECOMMENDED
