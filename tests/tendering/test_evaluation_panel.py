"""The panel, conflict declarations and scoring: who sees what, and when."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from tests.conftest import about, assert_error
from tests.tendering.test_evaluation_factory import (
    SECRET_PRICE,
    bid_of,
    build_tender,
    panel_of_two,
    score_everything,
)

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.tendering import evaluation_services as services
from socialvalue.tendering.models import EvaluatorAssignment, Score


@pytest.fixture
def officer(user_for) -> User:
    return user_for(Role.PROCUREMENT_OFFICER)


@pytest.fixture
def tender(officer):
    return build_tender(officer)


def _evaluator1() -> User:
    return User.objects.get(username="evaluator1")


def test_officer_adds_an_evaluator_through_the_page_and_it_is_audited(client_for, tender):
    client = client_for(Role.PROCUREMENT_OFFICER)
    e1 = _evaluator1()
    response = client.post(reverse("tendering:panel_add", args=[tender.pk]), {"evaluator": e1.pk})
    assert response.status_code == 302
    assert EvaluatorAssignment.objects.filter(tender=tender, evaluator=e1).exists()
    assert Event.objects.filter(
        verb="evaluation.evaluator_assigned", **about(tender), data__evaluator="evaluator1"
    ).exists()
    page = client.get(reverse("tendering:evaluation", args=[tender.pk])).content.decode()
    assert "Evan Evaluator" in page and "Not declared" in page


def test_only_evaluators_can_be_put_on_a_panel(officer, tender):
    with pytest.raises(DomainError, match="Evaluator role"):
        services.evaluator_assign(
            actor=officer, tender=tender, evaluator=User.objects.get(username="manager")
        )


def test_an_assigned_evaluator_sees_no_bid_before_declaring(client_for, officer, tender):
    services.evaluator_assign(actor=officer, tender=tender, evaluator=_evaluator1())
    client = client_for(Role.EVALUATOR)
    bid = bid_of(tender, "12000002")
    assert client.get(reverse("tendering:bid_scores", args=[tender.pk, bid.pk])).status_code == 403
    assert client.get(reverse("tendering:scoring", args=[tender.pk])).status_code == 403
    # The declaration page names the bidders (not their bids) so a conflict can be declared.
    page = client.get(reverse("tendering:declaration", args=[tender.pk])).content.decode()
    assert bid.supplier.name in page
    assert "answers Q1" not in page


def test_declaring_a_conflict_removes_access_to_bids_and_scores(client_for, officer, tender):
    a = services.evaluator_assign(actor=officer, tender=tender, evaluator=_evaluator1())
    client = client_for(Role.EVALUATOR)
    url = reverse("tendering:declaration", args=[tender.pk])
    response = client.post(url, {"has_conflict": "True", "conflict_details": ""})
    assert_error(response, "conflict_details", "Say what the conflict of interest is")
    response = client.post(
        url, {"has_conflict": "True", "conflict_details": "My brother works for Beacon"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.has_conflict is True and not a.may_score
    bid = bid_of(tender, "12000002")
    for name, args in [
        ("tendering:scoring", [tender.pk]),
        ("tendering:bid_scores", [tender.pk, bid.pk]),
        ("tendering:results", [tender.pk]),
        ("tendering:report", [tender.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    event = Event.objects.get(verb="evaluation.conflict_declared")
    assert event.reason == "My brother works for Beacon"
    # A conflict cannot be taken back by the evaluator.
    with pytest.raises(DomainError, match="off this panel"):
        services.interests_declare(actor=a.evaluator, assignment=a, has_conflict=False)


def test_no_conflict_opens_the_bids_but_never_the_price(client_for, officer, tender):
    panel_of_two(tender, officer)
    client = client_for(Role.EVALUATOR)
    bid = bid_of(tender, "12000002")
    page = client.get(reverse("tendering:bid_scores", args=[tender.pk, bid.pk])).content.decode()
    assert "answers Q1" in page  # the response
    assert "£9,000.00" in page  # 30 units x £300 frozen proxy
    assert SECRET_PRICE not in page and "180,000" not in page and "180000" not in page
    assert "The price stays closed" in page


def test_a_score_needs_a_justification_and_a_point_of_the_scale(client_for, officer, tender):
    panel_of_two(tender, officer)
    client = client_for(Role.EVALUATOR)
    bid = bid_of(tender, "12000002")
    q1 = tender.criteria.get(code="Q1")
    url = reverse("tendering:bid_scores", args=[tender.pk, bid.pk])
    response = client.post(url, {f"score_{q1.pk}": "4", f"justification_{q1.pk}": "   "})
    assert_error(response, f"justification_{q1.pk}", "Write a justification for your score of Q1")
    assert not Score.objects.filter(bid__tender=tender).exists()
    response = client.post(url, {f"score_{q1.pk}": "7", f"justification_{q1.pk}": "Great"})
    assert "7 is not a point on the 0-5 scale" in response.content.decode()
    response = client.post(url, {f"score_{q1.pk}": "4", f"justification_{q1.pk}": "Clear plan"})
    assert response.status_code == 302
    score = Score.objects.get(bid__tender=tender)
    assert score.score == Decimal(4) and score.justification == "Clear plan"


def test_all_or_nothing_when_one_score_of_a_bid_is_refused(officer, tender):
    a1, _ = panel_of_two(tender, officer)
    q1, q2 = tender.criteria.get(code="Q1"), tender.criteria.get(code="Q2")
    with pytest.raises(DomainError):
        services.bid_scores_save(
            actor=a1.evaluator,
            assignment=a1,
            bid=bid_of(tender, "09000001"),
            entries=[
                services.ScoreEntry(q1, Decimal(3), "fine"),
                services.ScoreEntry(q2, Decimal(3), ""),
            ],
        )
    assert not Score.objects.filter(bid__tender=tender).exists()


def test_evaluators_see_no_one_elses_scores_until_they_submit(client_for, officer, tender):
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a2, default=1)
    for s in a2.scores.all():
        s.justification = "Evaluator two's secret reasoning"
        s.save()
    services.scores_submit(actor=a2.evaluator, assignment=a2)
    client = client_for(Role.EVALUATOR)  # evaluator1
    bid = bid_of(tender, "12000002")
    url = reverse("tendering:bid_scores", args=[tender.pk, bid.pk])
    assert "secret reasoning" not in client.get(url).content.decode()
    # Submitting with scores missing is refused.
    with pytest.raises(DomainError, match="You have scored 0 of 9"):
        services.scores_submit(actor=a1.evaluator, assignment=a1)
    score_everything(a1)
    response = client.post(reverse("tendering:scores_submit", args=[tender.pk]))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "secret reasoning" in page
    # After submitting, scores change only through moderation.
    with pytest.raises(DomainError, match="only through moderation"):
        score_everything(a1, default=4)


def test_every_score_change_is_in_history_and_the_audit_log(officer, tender):
    a1, _ = panel_of_two(tender, officer)
    score_everything(a1, default=3)
    score_everything(a1, {("12000002", "Q1"): 5})
    score = Score.objects.get(assignment=a1, bid=bid_of(tender, "12000002"), criterion__code="Q1")
    assert [h.score for h in score.history.order_by("history_date")] == [Decimal(3), Decimal(5)]
    changed = Event.objects.filter(verb="evaluation.score_changed", **about(score))
    assert changed.count() == 1
    assert changed.get().data["from"] == "3.00" and changed.get().data["to"] == "5"
    recorded = Event.objects.filter(
        verb="evaluation.score_recorded",
        target_id__in=[
            str(pk) for pk in Score.objects.filter(bid__tender=tender).values_list("pk", flat=True)
        ],
    )
    assert recorded.count() == 9


def test_no_scoring_before_the_deadline(officer, tender):
    a1, _ = panel_of_two(tender, officer)
    tender.deadline = tender.deadline.replace(year=tender.deadline.year + 1)
    tender.save()
    a1.refresh_from_db()
    with pytest.raises(DomainError, match="after the deadline"):
        score_everything(a1)


def test_an_evaluator_with_scores_is_removed_only_with_a_reason(officer, tender):
    a1, a2 = panel_of_two(tender, officer)
    score_everything(a1)
    with pytest.raises(DomainError, match="say why they are leaving"):
        services.evaluator_remove(actor=officer, assignment=a1)
    services.evaluator_remove(actor=officer, assignment=a1, reason="Moved to another force")
    a1.refresh_from_db()
    assert a1.removed_at is not None and a1.scores.count() == 9  # kept, no longer counted
    services.evaluator_remove(actor=officer, assignment=a2)
    assert not EvaluatorAssignment.objects.filter(pk=a2.pk).exists()
    assert Event.objects.filter(verb="evaluation.evaluator_removed", **about(tender)).exists()


def test_your_evaluations_lists_what_to_do(client_for, officer, tender):
    services.evaluator_assign(actor=officer, tender=tender, evaluator=_evaluator1())
    page = client_for(Role.EVALUATOR).get(reverse("tendering:evaluation_list")).content.decode()
    assert tender.reference in page and "Declare your interests" in page


def test_home_lists_what_evaluators_and_officers_have_to_do(client, demo):
    client.force_login(User.objects.get(username="evaluator2"))
    home = client.get("/").content.decode()
    assert "Score the bids for LC-2026-014" in home  # part-way in the demo
    assert 'href="/tenders/evaluations/"' in home  # the navigation section
    client.force_login(User.objects.get(username="officer"))
    home = client.get("/").content.decode()
    assert "Evaluate LC-2026-014" in home
    assert "Evaluate LC-2026-009" not in home  # awarded by the contracts demo


def test_a_bid_of_another_tender_is_not_found_here(client_for, officer, tender):
    panel_of_two(tender, officer)
    other = build_tender(officer, reference="EV-OTHER")
    url = reverse("tendering:bid_scores", args=[tender.pk, bid_of(other, "12000002").pk])
    assert client_for(Role.EVALUATOR).get(url).status_code == 404
