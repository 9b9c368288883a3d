"""What the endpoints answer: the same figures and rules as the pages."""

from __future__ import annotations

from decimal import Decimal

from socialvalue.accounts.models import User
from socialvalue.contracts import selectors as contract_selectors
from socialvalue.contracts.models import Contract
from socialvalue.reviews.models import AnnualReview
from socialvalue.tendering import evaluation_selectors
from socialvalue.tendering.models import EvaluatorAssignment, Tender
from tests.api.conftest import token_client


def _client(username: str):
    return token_client(User.objects.get(username=username))


def test_evaluation_results_match_the_scoring_rules(demo):
    tender = Tender.objects.filter(prices_opened_at__isnull=False).first()
    answer = _client("officer").get(f"/api/evaluations/{tender.pk}/").json()
    evaluation = evaluation_selectors.tender_results(tender).evaluation
    assert [r["bidder"] for r in answer["results"]] == [r.bidder for r in evaluation.results]
    first, expected = answer["results"][0], evaluation.results[0]
    assert first["rank"] == expected.rank
    assert Decimal(first["total"]) == expected.total
    assert Decimal(first["price"]) == expected.price
    assert {c["code"] for c in first["criteria"]} == {c.code for c in expected.criteria}


def test_evaluations_only_for_tenders_whose_prices_are_open(demo):
    listed = {e["id"] for e in _client("viewer").get("/api/evaluations/").json()["results"]}
    opened = set(Tender.objects.filter(prices_opened_at__isnull=False).values_list("pk", flat=True))
    assert listed == opened
    closed = Tender.objects.filter(prices_opened_at__isnull=True).first()
    assert _client("viewer").get(f"/api/evaluations/{closed.pk}/").status_code == 404


def test_an_evaluator_sees_results_only_of_panels_they_sit_on(demo):
    tender = Tender.objects.filter(prices_opened_at__isnull=False).first()
    url = f"/api/evaluations/{tender.pk}/"
    assert _client("evaluator1").get(url).status_code == 200
    EvaluatorAssignment.objects.filter(tender=tender, evaluator__username="evaluator1").update(
        has_conflict=True
    )
    assert _client("evaluator1").get(url).status_code == 404
    assert _client("evaluator1").get("/api/evaluations/").json()["results"] == []


def test_contract_delivery_is_the_contract_pages_status(demo):
    contract = Contract.objects.filter(returns__isnull=False).distinct().first()
    answer = _client("manager").get(f"/api/contracts/{contract.pk}/").json()
    status = contract_selectors.contract_status_get(contract)
    assert answer["delivery"]["rag"] == status.rag.value
    assert Decimal(answer["delivery"]["delivered_value"]) == status.delivered_value
    assert Decimal(answer["delivery"]["committed_value"]) == status.committed_value
    assert [k["id"] for k in answer["kpis"]] == [k.kpi.pk for k in status.kpis]


def test_delivery_returns_show_each_lines_check(demo):
    answer = _client("supplier1").get("/api/delivery-returns/").json()["results"]
    lines = [line for r in answer for line in r["lines"]]
    assert lines and all(line["status"] in {"submitted", "verified", "rejected"} for line in lines)


def test_report_list_and_review_with_its_figures(demo):
    review = AnnualReview.objects.first()
    client = _client("viewer")
    listed = client.get("/api/reports/").json()["results"]
    assert listed[0]["year"] == review.label and "figures" not in listed[0]
    detail = client.get(f"/api/reports/{review.pk}/").json()
    assert detail["figures"]["year"] == review.label
    assert set(detail["figures"]) >= {"social_value", "spend", "contracts"}


def test_projects_and_opportunities(demo):
    projects = _client("officer").get("/api/projects/").json()
    assert projects["count"] >= 4
    assert all("estimated_value" in p for p in projects["results"])
    public = token_client(User.objects.get(username="supplier2")).get("/api/opportunities/")
    for opportunity in public.json()["results"]:
        assert "estimated_value" not in opportunity
        assert opportunity["value_band"]
