"""The OpenAPI schema and the documentation page built from it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rest_framework.test import APIClient

from socialvalue.accounts.roles import Role
from socialvalue.domain.place_coverage import percent


def test_schema_is_openapi_3_and_documents_refusals(demo):
    schema = APIClient().get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/projects/", "/api/bids/{id}/", "/api/spend/figures/"} <= set(schema["paths"])
    bids = schema["paths"]["/api/bids/"]["get"]
    assert {"200", "401", "403", "404"} <= set(bids["responses"])
    assert "tendering.view_bid" in bids["description"]
    opportunities = schema["paths"]["/api/opportunities/"]["get"]
    assert "403" not in opportunities["responses"]
    assert "without signing in" in opportunities["description"]
    # Only read operations: nothing can be changed through the API.
    methods = {m for item in schema["paths"].values() for m in item if m != "parameters"}
    assert methods == {"get"}
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_docs_page_lists_every_operation(demo, client_for):
    schema = APIClient().get("/api/schema/?format=json").json()
    page = client_for(Role.VIEWER).get("/api/docs/").content.decode()
    for path in schema["paths"]:
        assert f"<code>{path}</code>" in page, path
    assert "tendering.view_results" in page
    assert "Get your API token" in page


def test_unknown_api_address_is_a_json_404(demo):
    response = APIClient().get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such API address: see /api/docs/"}


def test_spend_figures_year_must_be_an_imported_year(user_for):
    client = APIClient()
    client.force_login(user_for(Role.VIEWER))
    answer = client.get("/api/spend/figures/?year=1999-00")
    assert answer.status_code == 400
    assert "No payments imported for '1999-00'" in answer.json()["year"][0]
    figures = client.get("/api/spend/figures/").json()
    assert figures["lines"] > 0
    year = figures["years"][0]["year"]
    one_year = client.get(f"/api/spend/figures/?year={year}").json()
    assert one_year["total"] == figures["years"][0]["total"]


def test_place_shares_too_uncertain_to_publish_are_null_with_their_range(user_for):
    # The demo has about a quarter of its influenceable spend at no known place, more than the
    # 20% limit: a force-area share is only known as a range, so no number is given for it.
    client = APIClient()
    client.force_login(user_for(Role.VIEWER))
    figures = client.get("/api/spend/figures/").json()
    assert figures["place_coverage"]["reliable"] is False
    assert figures["shares_by_place"]["force_area"] is None
    assert figures["shares_by_place"]["unknown"] is not None
    bounds = figures["share_ranges_by_place"]["force_area"]
    unknown = Decimal(figures["shares_by_place"]["unknown"])
    low, high = Decimal(bounds["low"]), Decimal(bounds["high"])
    placed = Decimal(figures["totals_by_place"]["force_area"])
    whole = Decimal(figures["influenceable_total"])
    assert low == (placed / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert abs(high - low - unknown) <= Decimal("0.0001")
    assert figures["place_share_texts"]["force_area"] == (
        f"Not known: between {percent(low)} and {percent(high)}"
    )
    year = figures["years"][0]
    assert year["place_shares_reliable"] is False and year["force_area_share"] is None
    assert Decimal(year["force_area_share_low"]) <= Decimal(year["force_area_share_high"])
