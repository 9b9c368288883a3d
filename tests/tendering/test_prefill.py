"""Assessment to tender (issue #14 item 1): a tender created from a project whose social
value assessment is signed off starts with its weighting, measures and targets; suppliers
and the public see the buyer's measures and targets; a measure without a proxy value is
committed in its own units and scored against the target (docs/tender-scoring.md)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import about, assert_error
from tests.tendering.test_evaluation_factory import bid_of, build_tender, to_prices_open
from tests.tendering.test_tenders_factory import CUSTODY, draft_tender

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.core.inputs import input_from
from socialvalue.policy.models import Measure
from socialvalue.procurement.models import Assessment, Project
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering import services
from socialvalue.tendering.models import (
    BidCommitment,
    CriterionKind,
    SocialValueMethod,
    TargetMeasure,
    Tender,
)

pytestmark = pytest.mark.django_db


def _tender_data(project: Project, **changes) -> dict:
    deadline = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "project": project.pk,
        "lot": "",
        "reference": "LC-2027-101",
        "title": "Custody healthcare",
        "description": "Healthcare in custody",
        "deadline": deadline,
        "quality_weight": "60",
        "price_weight": "40",
        "price_method": "relative_to_lowest",
        "social_value_relevant": "True",
        "prices_open_after_moderation": "True",
        "abnormally_low_share": "0.80",
        "commitments_share": "0.50",
        "past_delivery_threshold": "0.80",
    }
    return data | changes


# Prefill ------------------------------------------------------------------------------------


def test_a_tender_from_a_signed_off_assessment_starts_with_its_social_value(client_for):
    # The demo custody assessment: 10% of the quality element; TEI2 12 jobs, WB2 400 hours.
    client = client_for(Role.PROCUREMENT_OFFICER)
    project = Project.objects.get(title=CUSTODY)
    form_page = client.get(reverse("tendering:tender_create") + f"?project={project.pk}")
    intro = form_page.content.decode()
    assert "social value weighting 10% of the quality element" in intro
    assert "(SV1 method statement 5% and SV2 commitments 5%), 2 measures with targets" in intro

    response = client.post(reverse("tendering:tender_create"), _tender_data(project), follow=True)
    tender = Tender.objects.get(reference="LC-2027-101")
    assert tender.prefilled_from == project.assessment
    criteria = {c.code: c for c in tender.criteria.all()}
    assert {code: (c.kind, c.weight) for code, c in criteria.items()} == {
        "SV1": (CriterionKind.SV_QUALITATIVE, Decimal("5.00")),
        "SV2": (CriterionKind.SV_QUANTITATIVE, Decimal("5.00")),
    }
    assert criteria["SV2"].sv_method == SocialValueMethod.RELATIVE_TO_BEST
    assert "TEI2" in criteria["SV2"].question and "target 12" in criteria["SV2"].question
    assert {t.measure.code: t.target for t in tender.target_measures.all()} == {
        "TEI2": Decimal("12.00"),
        "WB2": Decimal("400.00"),
    }
    page = response.content.decode()
    assert "with its social value prefilled from the signed-off assessment" in page
    assert 'id="prefilled"' in page and "SV1 (5%) and SV2 (5%)" in page
    assert 'id="buyer-measures"' in page and "400 hours" in page
    # One audit event for the action, saying what was copied from where.
    event = Event.objects.get(verb="tender.created", **about(tender))
    assert event.data["prefilled_from_assessment"] == project.assessment.pk
    assert event.data["criteria"] == ["SV1", "SV2"]
    assert event.data["target_measures"] == {"TEI2": "12.00", "WB2": "400.00"}
    # The model now shows social value at the assessed share, not 0%.
    assert response.context["sv_share_quality"] == Decimal("10.00")


def test_nothing_is_prefilled_before_sign_off(user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    project = Project.objects.get(title=CUSTODY)
    Assessment.objects.filter(project=project).update(signed_off_at=None, signed_off_by=None)
    data = input_from(
        services.TenderInput,
        {
            "project": project,
            "reference": "LC-2027-102",
            "title": "T",
            "description": "D",
            "deadline": timezone.now() + timedelta(days=9),
            "quality_weight": Decimal(60),
            "price_weight": Decimal(40),
            "price_method": "relative_to_lowest",
            "abnormally_low_share": Decimal("0.80"),
            "commitments_share": Decimal("0.50"),
            "past_delivery_threshold": Decimal("0.80"),
        },
    )
    tender = services.tender_create(actor=officer, data=data)
    assert tender.prefilled_from is None
    assert not tender.criteria.exists() and not tender.target_measures.exists()
    event = Event.objects.get(verb="tender.created", **about(tender))
    assert "prefilled_from_assessment" not in event.data


@pytest.mark.parametrize(
    ("weighting", "expected"),
    [
        ("10", [("SV1", "5"), ("SV2", "5")]),
        ("2.5", [("SV1", "1.25"), ("SV2", "1.25")]),
        ("2.55", [("SV1", "1.28"), ("SV2", "1.27")]),  # halves to the 0.01, nothing lost
        ("0.02", [("SV1", "0.01"), ("SV2", "0.01")]),
        ("0.01", [("SV1", "0.01")]),  # too small to halve: the commitments alone
    ],
)
def test_the_assessed_weighting_is_split_without_losing_any(weighting, expected):
    criteria = services.prefill_criteria(Decimal(weighting))
    assert [(code, weight) for code, _, weight in criteria] == [
        (code, Decimal(w)) for code, w in expected
    ]
    assert sum(weight for _, _, weight in criteria) == Decimal(weighting)
    assert criteria[-1][1] == CriterionKind.SV_QUANTITATIVE


# The officer changes the target measures of a draft -------------------------------------------


def test_officer_adds_changes_and_removes_target_measures(client_for, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = draft_tender(officer)
    measure = Measure.objects.get(code="WB3")
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("tendering:target_measure_create", args=[tender.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"measure": measure.pk, "target": "200"})
    client.post(url, {"measure": measure.pk, "target": "250"})  # the same measure: new target
    row = TargetMeasure.objects.get(tender=tender)
    assert (row.measure, row.target) == (measure, Decimal("250.00"))
    events = Event.objects.filter(verb="tender.target_measure_set", **about(tender))
    assert [e.data["before"] for e in events.order_by("pk")] == [None, "200.00"]
    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    assert "250 people" in page and "against the target (no proxy value)" in page
    response = client.post(reverse("tendering:target_measure_remove", args=[tender.pk, row.pk]))
    assert response.status_code == 302
    assert not TargetMeasure.objects.filter(tender=tender).exists()
    assert Event.objects.filter(verb="tender.target_measure_removed", **about(tender)).exists()


def test_a_target_must_be_more_than_nothing(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        reverse("tendering:target_measure_create", args=[tender.pk]),
        {"measure": Measure.objects.get(code="WB3").pk, "target": "0"},
    )
    assert_error(response, "target", "greater than or equal to 0.01")
    with pytest.raises(DomainError) as refused:
        services.target_measure_save(
            actor=user_for(Role.PROCUREMENT_OFFICER),
            tender=tender,
            measure=Measure.objects.get(code="WB3"),
            target=Decimal(0),
        )
    assert refused.value.problems[0].code == "tender.target_not_positive"
    assert not TargetMeasure.objects.filter(tender=tender).exists()


def test_a_published_tenders_target_measures_are_fixed(user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = Tender.objects.get(reference="LC-2026-021")
    row = tender.target_measures.first()
    with pytest.raises(DomainError) as refused:
        services.target_measure_save(
            actor=officer, tender=tender, measure=row.measure, target=Decimal(1)
        )
    assert refused.value.problems[0].code == "tender.not_draft"
    with pytest.raises(DomainError):
        services.target_measure_remove(actor=officer, tender=tender, target_measure=row)
    row.refresh_from_db()
    assert row.target == Decimal("52.00")


# What suppliers and the public see ------------------------------------------------------------


def test_suppliers_and_the_public_see_the_buyers_measures_and_targets(client, client_for):
    tender = Tender.objects.get(reference="LC-2026-021")  # open; supplier1 has a draft bid
    public = client.get(reverse("tendering:public_detail", args=[tender.pk])).content.decode()
    other = (
        client_for(Role.SUPPLIER)
        .get(reverse("tendering:opportunity_detail", args=[tender.pk]))
        .content.decode()
    )
    for page in (public, other):
        assert 'id="buyer-measures"' in page
        assert "52 weeks" in page and "3 people" in page and "200 people" in page
        assert "In weeks, against the target (no proxy value)" in page
        # Nothing of any bid: supplier1's commitments (TEI4 45,000, TEI1 26 weeks) stay sealed.
        assert 'id="commitments"' not in page and "45,000" not in page and "26 weeks" not in page


def test_the_supplier_sees_the_targets_on_its_own_bid(client_for):
    bid = Tender.objects.get(reference="LC-2026-021").bids.get(
        supplier__companies_house_number="09000001"
    )
    page = (
        client_for(Role.SUPPLIER)
        .get(reverse("tendering:bid_detail", args=[bid.pk]))
        .content.decode()
    )
    assert 'id="buyer-measures"' in page
    # Its own TEI1 commitment is shown in weeks against the target, not in money.
    assert "In weeks, against the target of 52 weeks" in page


# Commitments in units ---------------------------------------------------------------------


def _supplier_user() -> User:
    return User.objects.get(username="supplier1")


def test_a_measure_without_a_proxy_can_be_committed_when_the_buyer_asks_for_it(client_for):
    tender = Tender.objects.get(reference="LC-2026-021")
    bid = tender.bids.get(supplier__companies_house_number="09000001")
    client = client_for(Role.SUPPLIER)
    url = reverse("tendering:commitment_create", args=[bid.pk])
    form = client.get(url).context["form"]
    choices = {m.code for m in form.fields["measure"].queryset}
    assert {"TEI1", "TEI5", "WB3", "TEI4"} <= choices and "EO1" not in choices
    response = client.post(
        url, {"measure": Measure.objects.get(code="WB3").pk, "quantity": "150", "year": "2"}
    )
    assert response.status_code == 302
    assert BidCommitment.objects.filter(bid=bid, measure__code="WB3", quantity=150).exists()
    # A measure with no proxy value that the buyer does not ask for is still refused.
    with pytest.raises(DomainError) as refused:
        services.commitment_add(
            actor=_supplier_user(),
            bid=bid,
            measure=Measure.objects.get(code="EO1"),
            quantity=Decimal(1),
            year=1,
        )
    assert refused.value.problems[0].code == "bid.measure_without_proxy"


def test_unit_commitments_are_scored_against_the_target_at_the_boundaries(user_for, client_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = build_tender(officer, reference="EV-UNITS")
    apprenticeships = Measure.objects.get(code="TEI1")  # no proxy value
    assert apprenticeships.proxy_value is None
    TargetMeasure.objects.create(tender=tender, measure=apprenticeships, target=Decimal(10))
    for number, quantity in (("09000001", "10"), ("12000002", "25")):  # exactly; above
        BidCommitment.objects.create(
            bid=bid_of(tender, number), measure=apprenticeships, quantity=Decimal(quantity)
        )
    tender = to_prices_open(tender, officer)
    evaluation = sel.tender_results(tender).evaluation
    assert evaluation is not None
    sv2 = {
        r.bidder: next(c.marks for c in r.criteria if c.code == "SV2") for r in evaluation.results
    }
    names = {n: bid_of(tender, n).supplier.name for n in ("09000001", "12000002", "01000003")}
    # SV2 = 5% of a 40% quality element = 2 marks, half pounds (relative to the best social
    # value per £1: 0.03, 0.05, 0.012) and half TEI1 (10 of 10; 25 of 10 capped; none).
    assert sv2[names["09000001"]] == Decimal("1.6000")  # (0.6 + 1) / 2 x 2
    assert sv2[names["12000002"]] == Decimal("2.0000")  # (1 + 1) / 2 x 2: no more than met
    assert sv2[names["01000003"]] == Decimal("0.2400")  # (0.24 + 0) / 2 x 2
    page = (
        client_for(Role.PROCUREMENT_OFFICER)
        .get(reverse("tendering:results", args=[tender.pk]))
        .content.decode()
    )
    assert "TEI1: 25 of 10 targeted" in page and 'id="units-note"' in page
