"""Moderation on one page per criterion (issue #14 item 5): every bid's scores side by side,
agreed scores accepted together, a reason for a consensus outside the evaluators' range, and
an audited reason for taking an evaluator who has scored off the panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from tests.conftest import about, assert_error
from tests.tendering.test_evaluation_factory import (
    agree_everything,
    bid_of,
    build_tender,
    panel_of_two,
    score_everything,
)

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering import evaluation_services as services
from socialvalue.tendering.models import ConsensusScore, EvaluatorAssignment, Score

RED_ROSE, PENNINE, THIRD = "09000001", "12000002", "01000003"

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_for) -> User:
    return user_for(Role.PROCUREMENT_OFFICER)


@pytest.fixture
def tender(officer):
    return build_tender(officer)


@pytest.fixture
def submitted(tender, officer):
    """Both evaluators submitted: 3 everywhere, except evaluator2 gave Pennine 1 on Q1
    (two points apart) and the third bidder 4 on Q1."""
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a1)
    score_everything(a2, {(PENNINE, "Q1"): 1, (THIRD, "Q1"): 4})
    for a in (a1, a2):
        services.scores_submit(actor=a.evaluator, assignment=a)
    return a1, a2


def _q1(tender):
    return tender.criteria.get(code="Q1")


def _ids(consensus) -> list[str]:
    return [str(pk) for pk in consensus.values_list("pk", flat=True)]


def _url(tender, criterion):
    return reverse("tendering:moderation_criterion", args=[tender.pk, criterion.pk])


# The page of a criterion --------------------------------------------------------------------


def test_the_page_shows_every_bid_with_the_scores_side_by_side(client_for, tender, submitted):
    page = client_for(Role.PROCUREMENT_OFFICER).get(_url(tender, _q1(tender))).content.decode()
    for number in (RED_ROSE, PENNINE, THIRD):
        bid = bid_of(tender, number)
        assert f'id="bid-{bid.pk}"' in page and bid.supplier.name in page
        assert f'name="score_{bid.pk}"' in page and f'name="rationale_{bid.pk}"' in page
    assert "Evan Evaluator" in page and "Erin Evaluator" in page
    assert "Because Q1 reads so." in page  # the justifications
    assert "1 to 3 (spread 2)" in page  # Pennine's range
    assert page.count("Discuss</strong>") == 1
    # Red Rose (3 and 3) is offered for the bulk accept; Pennine and the third are not.
    accept = page[page.index('id="accept-agreed"') :].split("</form>")[0]
    assert "Red Rose" in accept and "Pennine" not in accept
    assert 'class="sv-table-scroll"' in page  # the table scrolls in its box at 390 px


def test_a_consensus_in_the_range_is_saved_and_audited(client_for, tender, submitted):
    q1, pennine = _q1(tender), bid_of(tender, PENNINE)
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        _url(tender, q1),
        {f"score_{pennine.pk}": "2", f"rationale_{pennine.pk}": "Agreed after discussion"},
    )
    assert response.status_code == 302
    consensus = ConsensusScore.objects.get(bid=pennine, criterion=q1)
    assert consensus.score == Decimal(2) and consensus.outside_range_reason == ""
    event = Event.objects.get(verb="evaluation.consensus_agreed", **about(consensus))
    assert event.reason == "Agreed after discussion" and "outside_range" not in event.data
    # The other bids, left blank, wait for later.
    assert ConsensusScore.objects.filter(bid__tender=tender).count() == 1


def test_a_consensus_outside_the_range_is_refused_without_a_reason(client_for, tender, submitted):
    q1, pennine = _q1(tender), bid_of(tender, PENNINE)
    client = client_for(Role.PROCUREMENT_OFFICER)
    events = Event.objects.count()
    response = client.post(
        _url(tender, q1),
        {
            f"score_{pennine.pk}": "5",
            f"rationale_{pennine.pk}": "Strong",
            # A valid consensus on another row: all or nothing, so it is not kept either.
            f"score_{bid_of(tender, RED_ROSE).pk}": "3",
            f"rationale_{bid_of(tender, RED_ROSE).pk}": "Agreed",
        },
    )
    assert_error(
        response, f"outside_range_reason_{pennine.pk}", "is outside the evaluators&#x27; scores"
    )
    assert "govuk-warning-text" in response.content.decode()
    assert not ConsensusScore.objects.filter(bid__tender=tender).exists()
    assert Event.objects.count() == events

    with pytest.raises(DomainError) as refused:
        services.consensus_save(
            actor=User.objects.get(username="officer"),
            bid=pennine,
            criterion=q1,
            score=Decimal(5),
            rationale="Strong",
        )
    assert refused.value.code == "moderation.outside_range_reason_missing"
    assert refused.value.field == "outside_range_reason"


def test_a_consensus_outside_the_range_with_a_reason_is_kept_and_audited(
    client_for, tender, submitted
):
    q1, pennine = _q1(tender), bid_of(tender, PENNINE)
    client = client_for(Role.PROCUREMENT_OFFICER)
    reason = "Both evaluators missed the safeguarding annex"
    response = client.post(
        _url(tender, q1),
        {
            f"score_{pennine.pk}": "4",
            f"rationale_{pennine.pk}": "Strong once the annex is read",
            f"outside_range_reason_{pennine.pk}": reason,
        },
    )
    assert response.status_code == 302
    consensus = ConsensusScore.objects.get(bid=pennine, criterion=q1)
    assert consensus.score == Decimal(4) and consensus.outside_range_reason == reason
    event = Event.objects.get(verb="evaluation.consensus_agreed", **about(consensus))
    assert event.data["outside_range"] == reason and event.data["evaluators_scored"] == "1 to 3"
    page = client.get(_url(tender, q1)).content.decode()
    assert "The consensus, 4, is outside the evaluators' scores (1 to 3)" in page


def test_agreed_scores_are_accepted_together_only_where_every_evaluator_agrees(
    client_for, officer, tender, submitted
):
    q1 = _q1(tender)
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        reverse("tendering:agreed_scores_accept", args=[tender.pk, q1.pk]), follow=True
    )
    assert "the score every evaluator gave is now the consensus for 1 bid" in (
        response.content.decode()
    )
    agreed = ConsensusScore.objects.filter(bid__tender=tender, criterion=q1)
    assert [(c.bid.supplier.companies_house_number, c.score) for c in agreed] == [
        (RED_ROSE, Decimal(3))
    ]
    assert (
        agreed.get().agreed_by == officer and "Every evaluator scored 3" in agreed.get().rationale
    )
    mine = ConsensusScore.objects.filter(bid__tender=tender)
    events = Event.objects.filter(verb="evaluation.agreed_score_accepted")
    assert [e.target_id for e in events.filter(target_id__in=_ids(mine))] == [str(agreed.get().pk)]
    # Nothing left to accept on Q1: refused, nothing recorded.
    with pytest.raises(DomainError) as refused:
        services.agreed_scores_accept(actor=officer, criterion=q1)
    assert refused.value.code == "moderation.nothing_agreed"
    # Q2: every bid agreed (3 and 3), in one call, one event per consensus.
    q2 = tender.criteria.get(code="Q2")
    assert len(services.agreed_scores_accept(actor=officer, criterion=q2)) == 3
    assert events.filter(target_id__in=_ids(mine)).count() == 4


def test_accepting_agreed_scores_keeps_a_consensus_already_agreed(officer, tender, submitted):
    q2 = tender.criteria.get(code="Q2")
    red_rose = bid_of(tender, RED_ROSE)
    services.consensus_save(
        actor=officer, bid=red_rose, criterion=q2, score=Decimal(3), rationale="Discussed."
    )
    accepted = services.agreed_scores_accept(actor=officer, criterion=q2)
    assert red_rose.pk not in {c.bid_id for c in accepted} and len(accepted) == 2
    assert ConsensusScore.objects.get(bid=red_rose, criterion=q2).rationale == "Discussed."


def test_agreed_scores_wait_for_every_evaluator(officer, tender):
    a1, _a2 = panel_of_two(tender, officer)
    score_everything(a1)
    services.scores_submit(actor=a1.evaluator, assignment=a1)
    with pytest.raises(DomainError) as refused:
        services.agreed_scores_accept(actor=officer, criterion=_q1(tender))
    assert refused.value.code == "moderation.panel_not_submitted"


def test_only_officers_moderate(user_for, tender):
    for role in (Role.VIEWER, Role.EVALUATOR, Role.CONTRACT_MANAGER, Role.SUPPLIER):
        with pytest.raises(NotAllowed):
            services.agreed_scores_accept(actor=user_for(role), criterion=_q1(tender))
        with pytest.raises(NotAllowed):
            services.criterion_consensus_save(
                actor=user_for(role), criterion=_q1(tender), entries=[]
            )


def test_the_old_page_of_one_bid_redirects_to_the_criterion(client_for, tender, submitted):
    q1, pennine = _q1(tender), bid_of(tender, PENNINE)
    old = reverse("tendering:consensus", args=[tender.pk, pennine.pk, q1.pk])
    response = client_for(Role.PROCUREMENT_OFFICER).get(old)
    assert response.status_code == 302
    assert response["Location"] == f"{_url(tender, q1)}#bid-{pennine.pk}"
    assert client_for(Role.VIEWER).get(old).status_code == 403


def test_the_overview_lists_the_criteria_with_their_progress(
    client_for, officer, tender, submitted
):
    services.agreed_scores_accept(actor=officer, criterion=_q1(tender))
    page = (
        client_for(Role.PROCUREMENT_OFFICER)
        .get(reverse("tendering:moderation", args=[tender.pk]))
        .content.decode()
    )
    q1_line = page[page.index("Q1 Service delivery") :].split("</tr>")[0]
    assert "1 of 3" in q1_line and "1 to discuss" in q1_line
    assert _url(tender, _q1(tender)) in page


# Taking an evaluator off the panel ---------------------------------------------------------


def test_an_evaluator_who_has_not_scored_leaves_without_a_reason(officer, tender):
    _a1, a2 = panel_of_two(tender, officer)
    services.evaluator_remove(actor=officer, assignment=a2)
    assert not EvaluatorAssignment.objects.filter(pk=a2.pk).exists()


def test_an_evaluator_who_has_scored_leaves_only_with_a_reason(client_for, officer, tender):
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a1)
    score_everything(a2)
    services.scores_submit(actor=a1.evaluator, assignment=a1)
    url = reverse("tendering:panel_remove", args=[tender.pk, a2.pk])
    client = client_for(Role.PROCUREMENT_OFFICER)
    assert "They have recorded 9 scores" in client.get(url).content.decode()
    assert_error(client.post(url, {"reason": " "}), "reason", "say why they are leaving")
    assert EvaluatorAssignment.objects.get(pk=a2.pk).removed_at is None

    reason = "Long-term sick leave; the panel goes on with one evaluator"
    assert client.post(url, {"reason": reason}).status_code == 302
    a2.refresh_from_db()
    assert a2.removed_at and a2.removed_by == officer and a2.removal_reason == reason
    assert Score.objects.filter(assignment=a2).count() == 9  # kept in the record
    event = Event.objects.get(verb="evaluation.evaluator_removed", **about(tender))
    assert event.reason == reason and event.data["scores_kept"] == 9
    # Their scores no longer count, they no longer see the tender, and they cannot rejoin.
    assert sel.all_submitted(tender)
    assert all(len(r.scores) == 1 for r in sel.moderation_sheet(tender))
    assert not a2.evaluator.has_perm("tendering.score_bids", tender)
    with pytest.raises(DomainError) as refused:
        services.evaluator_assign(actor=officer, tender=tender, evaluator=a2.evaluator)
    assert refused.value.code == "panel.removed_after_scoring"
    page = client.get(reverse("tendering:evaluation", args=[tender.pk])).content.decode()
    assert reason in page


def test_the_panel_is_fixed_once_moderation_is_complete(officer, tender, submitted):
    a1, _a2 = submitted
    agree_everything(tender, officer)
    services.moderation_complete(actor=officer, tender=tender)
    with pytest.raises(DomainError) as refused:
        services.evaluator_remove(actor=officer, assignment=a1, reason="Left the force")
    assert refused.value.code == "panel.moderation_complete"
    assert EvaluatorAssignment.objects.get(pk=a1.pk).removed_at is None
