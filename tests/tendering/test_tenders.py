"""Setting up a tender: details, criteria and scales, the evaluation model page, publishing
(policy rule copied, proxy values frozen) and the model being read-only afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import DEMO_TODAY, about, assert_error
from tests.tendering.test_tenders_factory import CUSTODY, draft_tender, published_tender

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.core.inputs import input_from
from socialvalue.domain.evaluation import DEFAULT_SCALE
from socialvalue.policy.models import EvaluationRule, Measure
from socialvalue.procurement.models import Lot, Project, Stage
from socialvalue.tendering import selectors, services
from socialvalue.tendering.forms import CriterionForm
from socialvalue.tendering.models import (
    Criterion,
    FrozenProxy,
    RuleBasis,
    Tender,
    TenderStatus,
)

pytestmark = pytest.mark.django_db


def _tender_data(project: Project, **changes) -> dict:
    deadline = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "project": project.pk,
        "lot": "",
        "reference": "LC-2027-001",
        "title": "Custody healthcare",
        "description": "Healthcare in custody",
        "deadline": deadline,
        "estimated_value": "4800000",
        "quality_weight": "60",
        "price_weight": "40",
        "price_method": "relative_to_lowest",
        "social_value_relevant": "True",
        "prices_open_after_moderation": "True",
        "abnormally_low_share": "0.80",
        "commitments_share": "0.50",
        "past_delivery_threshold": "0.80",
    }
    data.update(changes)
    return data


def _criterion_data(**changes) -> dict:
    data = {
        "code": "Q9",
        "title": "Mobilisation",
        "question": "How will you start?",
        "kind": "quality",
        "weight": "10",
        "scale": "0-5",
        "scale_minimum": "0",
        "scale_maximum": "5",
        "scale_step": "1",
        "descriptors_text": "",
        "pass_mark": "",
        "sv_method": "",
        "sv_target": "",
    }
    data.update(changes)
    return data


# Creating and changing a draft --------------------------------------------------------------


def test_officer_creates_a_draft_tender_for_a_project_at_tender_stage(client_for, user_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    project = Project.objects.get(title=CUSTODY)
    page = client.get(reverse("tendering:tender_create") + f"?project={project.pk}")
    # The social value assessment says added social value is relevant: the form says so too.
    assert page.context["form"].initial["social_value_relevant"] == "True"
    response = client.post(reverse("tendering:tender_create"), _tender_data(project))
    tender = Tender.objects.get(reference="LC-2027-001")
    assert response.status_code == 302
    assert response["Location"] == reverse("tendering:tender_detail", args=[tender.pk])
    assert tender.status == TenderStatus.DRAFT
    assert tender.created_by == user_for(Role.PROCUREMENT_OFFICER)
    assert tender.published_at is None
    assert Event.objects.filter(verb="tender.created", **about(tender)).exists()


def test_social_value_relevant_defaults_from_the_assessment(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    project = Project.objects.get(title=CUSTODY)
    project.assessment.relevant = False
    project.assessment.save()
    form = client.get(reverse("tendering:tender_create") + f"?project={project.pk}").context["form"]
    assert form.initial["social_value_relevant"] == "False"
    assert form.initial["project"] == project.pk


def test_a_project_not_at_tender_stage_is_refused(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    fleet = Project.objects.get(title="Fleet vehicle maintenance and tyres")
    assert fleet.stage == Stage.PRE_PROCUREMENT
    response = client.post(reverse("tendering:tender_create"), _tender_data(fleet))
    assert_error(response, "project", "Select a valid choice")
    assert not Tender.objects.filter(reference="LC-2027-001").exists()


def test_the_service_refuses_a_project_not_at_tender_stage_and_a_foreign_lot(user_for):
    from socialvalue.tendering.forms import TenderForm

    officer = user_for(Role.PROCUREMENT_OFFICER)
    custody = Project.objects.get(title=CUSTODY)
    other_lot = Lot.objects.get(title="British Sign Language")
    form = TenderForm(data=_tender_data(custody, lot=other_lot.pk))
    assert form.is_valid(), form.errors
    data = input_from(services.TenderInput, form.cleaned_data)
    with pytest.raises(DomainError, match="is not a lot of") as refused:
        services.tender_create(actor=officer, data=data)
    assert refused.value.field == "lot"
    assert refused.value.code == "tender.lot_of_another_project"
    # A project that has moved on to evaluation can no longer take a new tender.
    form = TenderForm(data=_tender_data(custody))
    assert form.is_valid(), form.errors
    type(custody).objects.filter(pk=custody.pk).update(stage=Stage.EVALUATION)  # set-up only
    with pytest.raises(DomainError, match="tender stage") as refused:
        services.tender_create(
            actor=officer, data=input_from(services.TenderInput, form.cleaned_data)
        )
    assert refused.value.problems[0].field == "project"
    assert not Tender.objects.filter(reference="LC-2027-001").exists()


def test_a_deadline_in_the_past_is_refused(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    project = Project.objects.get(title=CUSTODY)
    response = client.post(
        reverse("tendering:tender_create"), _tender_data(project, deadline="2020-01-01T12:00")
    )
    assert_error(response, "deadline", "The deadline must be in the future")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"price_weight": "30"}, "price_weight", "must add up to 100: they add up to 90"),
        ({"price_method": "set_price_band"}, "price_band_lowest", "Enter the price band"),
        ({"price_weight": "-40", "quality_weight": "140"}, "price_weight", "greater than or"),
    ],
)
def test_tender_form_mistakes_are_named(client_for, changes, field, message):
    client = client_for(Role.PROCUREMENT_OFFICER)
    project = Project.objects.get(title=CUSTODY)
    response = client.post(reverse("tendering:tender_create"), _tender_data(project, **changes))
    assert_error(response, field, message)


def test_tender_edit_changes_a_draft(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    client = client_for(Role.PROCUREMENT_OFFICER)
    data = _tender_data(
        tender.project, reference=tender.reference, quality_weight="70", price_weight="30"
    )
    response = client.post(reverse("tendering:tender_edit", args=[tender.pk]), data)
    assert response.status_code == 302
    tender.refresh_from_db()
    assert (tender.quality_weight, tender.price_weight) == (Decimal("70"), Decimal("30"))
    assert Event.objects.filter(verb="tender.changed", **about(tender)).exists()


# Criteria and scales ------------------------------------------------------------------------


def test_criterion_with_the_default_scale_gets_the_standard_descriptors(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        reverse("tendering:criterion_create", args=[tender.pk]), _criterion_data(pass_mark="2")
    )
    assert response.status_code == 302
    criterion = tender.criteria.get(code="Q9")
    assert (criterion.scale_minimum, criterion.scale_maximum) == (0, 5)
    assert criterion.descriptors == [[str(s), t] for s, t in DEFAULT_SCALE.descriptors]
    assert criterion.pass_mark == Decimal("2")
    assert criterion.position == 5  # after the four criteria already there
    assert Event.objects.filter(verb="tender.criterion_added").exists()


def test_criterion_with_a_0_to_100_scale(user_for, demo):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    form = CriterionForm(data=_criterion_data(scale="0-100"), instance=Criterion(tender=tender))
    assert form.is_valid(), form.errors
    criterion = services.criterion_save(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        tender=tender,
        data=input_from(services.CriterionInput, form.cleaned_data),
    )
    assert criterion.scale_maximum == Decimal("100")
    assert selectors.criterion_scale(criterion).allows(Decimal("73"))


def test_criterion_with_a_custom_scale_and_descriptors(user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    data = _criterion_data(
        scale="custom",
        scale_minimum="0",
        scale_maximum="10",
        scale_step="2",
        descriptors_text="0: Nothing\n\n10: Everything\n4: Some",
    )
    form = CriterionForm(data=data, instance=Criterion(tender=tender))
    assert form.is_valid(), form.errors
    criterion = services.criterion_save(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        tender=tender,
        data=input_from(services.CriterionInput, form.cleaned_data),
    )
    assert criterion.descriptors == [["0", "Nothing"], ["10", "Everything"], ["4", "Some"]]
    assert criterion.scale_step == Decimal("2")
    # Editing shows the custom scale and its descriptors again.
    again = CriterionForm(instance=criterion)
    assert again.initial["scale"] == "custom"
    assert "10: Everything" in again.initial["descriptors_text"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"descriptors_text": "3 Good"}, "descriptors_text", "Line 1: write the score"),
        ({"descriptors_text": "0: ok\n7: Too high"}, "descriptors_text", "Line 2: 7 is not"),
        ({"scale_maximum": "0"}, "scale_maximum", "must be above the lowest"),
        ({"scale_step": "0"}, "scale_step", "The step must be more than 0"),
    ],
)
def test_custom_scale_mistakes_are_named(user_for, changes, field, message):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    data = _criterion_data(scale="custom")
    data.update(changes)
    form = CriterionForm(data=data, instance=Criterion(tender=tender))
    assert not form.is_valid()
    assert any(message in e for e in form.errors[field]), form.errors


def test_commitments_criterion_needs_a_method_and_no_pass_mark(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("tendering:criterion_create", args=[tender.pk])
    response = client.post(url, _criterion_data(kind="sv_quantitative"))
    assert_error(response, "sv_method", "Choose how commitments are scored")
    response = client.post(url, _criterion_data(kind="quality", sv_method="relative_to_best"))
    assert_error(response, "sv_method", "Only a commitments criterion")
    assert not tender.criteria.filter(code="Q9").exists()


def test_duplicate_criterion_code_is_refused(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        reverse("tendering:criterion_create", args=[tender.pk]), _criterion_data(code="Q1")
    )
    assert_error(response, "code", "Another criterion is already coded Q1")


def test_criterion_remove(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    criterion = tender.criteria.get(code="Q2")
    client = client_for(Role.PROCUREMENT_OFFICER)
    client.post(reverse("tendering:criterion_remove", args=[tender.pk, criterion.pk]))
    assert not tender.criteria.filter(code="Q2").exists()
    assert Event.objects.filter(verb="tender.criterion_removed").exists()


# The model page -----------------------------------------------------------------------------


def test_model_page_shows_weights_marks_shares_rule_formulas_and_problems(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    client = client_for(Role.VIEWER)
    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    # SV1 + SV2 = 20% of quality = 12% of the total (quality weighs 60).
    assert "20% of the quality element, 12% of the total score" in page
    assert "At least 2.5% of the quality element goes to social value" in page
    assert "price score = lowest price / bid price x 40" in page
    assert "Q1 marks = consensus score / 5 x 30" in page  # 50% of 60 marks
    assert "SV2 marks = (bid&#x27;s social value per £1 of price" in page
    assert "The evaluation model is complete." in page
    # The viewer reads, and is offered no change.
    assert "Add a criterion" not in page and "Publish the tender" not in page

    tender.criteria.filter(code="Q2").update(weight=Decimal("20"))
    tender.price_weight = Decimal("50")
    tender.save()
    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    assert "the criterion weights add up to 90.00, not 100" in page
    assert "price 50.00 + quality 60.00 = 110.00, not 100" in page


def test_model_page_checks_the_policy_rule_when_social_value_is_relevant(client_for, user_for):
    tender = draft_tender(
        user_for(Role.PROCUREMENT_OFFICER),
        criteria=[("Q1", "quality", "99"), ("SV1", "sv_qualitative", "1")],
    )
    client = client_for(Role.PROCUREMENT_OFFICER)
    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    assert "social value is 1% of the quality element; the policy asks for at least 2.5%" in page
    tender.social_value_relevant = False
    tender.save()
    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    assert "policy asks for" not in page
    assert "no minimum applies" in page


# Publishing ---------------------------------------------------------------------------------


def test_publish_freezes_proxies_copies_the_rule_and_opens_the_tender(client_for, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    EvaluationRule.objects.create(
        minimum_weighting_percent=Decimal("5.00"),
        basis="total",
        effective_from=timezone.localdate() - timedelta(days=1),
    )
    tender = draft_tender(
        officer,
        criteria=[
            ("Q1", "quality", "80"),
            ("SV1", "sv_qualitative", "10"),
            ("SV2", "sv_quantitative", "10"),
        ],
    )
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(reverse("tendering:tender_publish", args=[tender.pk]))
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PUBLISHED
    assert tender.published_by == officer and tender.published_at is not None
    assert (tender.rule_minimum_percent, tender.rule_basis) == (Decimal("5.00"), RuleBasis.TOTAL)
    with_proxy = Measure.objects.filter(active=True, proxy_value__isnull=False)
    assert set(tender.proxies.values_list("code", "proxy_value")) == set(
        with_proxy.values_list("code", "proxy_value")
    )
    assert with_proxy.count() >= 3
    event = Event.objects.get(verb="tender.published", **about(tender))
    assert event.data["proxies_frozen"] == with_proxy.count()
    # Publishing moves nothing else: the project stays at the tender stage.
    assert Project.objects.get(title=CUSTODY).stage == Stage.TENDER


def test_a_proxy_changed_after_publishing_does_not_change_the_tender(user_for):
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    measure = Measure.objects.get(code="FCC1")
    frozen = selectors.tender_proxies(tender)["FCC1"]
    measure.proxy_value = frozen + Decimal("100.00")
    measure.save()
    assert selectors.tender_proxies(tender)["FCC1"] == frozen
    assert FrozenProxy.objects.get(tender=tender, measure=measure).proxy_value == frozen
    # A tender published now takes the new value.
    later = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    assert selectors.tender_proxies(later)["FCC1"] == frozen + Decimal("100.00")


def test_a_rule_changed_after_publishing_does_not_change_the_tender(user_for):
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    EvaluationRule.objects.create(
        minimum_weighting_percent=Decimal("30.00"), basis="quality", effective_from=date(2020, 1, 2)
    )
    EvaluationRule.objects.filter(effective_from__gt=date(2020, 1, 2)).delete()
    tender.refresh_from_db()
    assert selectors.tender_model_for_page(tender).rule.minimum == Decimal("2.50")


def test_publish_is_refused_with_every_problem_listed(client_for, user_for):
    tender = draft_tender(user_for(Role.PROCUREMENT_OFFICER))
    tender.price_weight = Decimal("45")
    tender.deadline = timezone.now() - timedelta(hours=1)
    tender.save()
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(reverse("tendering:tender_publish", args=[tender.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "price 45.00 + quality 60.00 = 105.00, not 100" in page
    assert "the deadline for bids must be in the future" in page
    tender.refresh_from_db()
    assert tender.status == TenderStatus.DRAFT and not tender.proxies.exists()


def test_published_model_is_read_only(client_for, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    tender = published_tender(officer)
    criterion = tender.criteria.first()
    form = CriterionForm(data=_criterion_data(), instance=Criterion(tender=tender))
    assert form.is_valid()
    data = input_from(services.CriterionInput, form.cleaned_data)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.criterion_save(actor=officer, tender=tender, data=data)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.criterion_remove(actor=officer, tender=tender, criterion=criterion)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.tender_publish(actor=officer, tender=tender)
    client = client_for(Role.PROCUREMENT_OFFICER)
    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    assert "Add a criterion" not in page and "Change the tender details" not in page
    assert reverse("tendering:criterion_edit", args=[tender.pk, criterion.pk]) not in page
    for url in (
        reverse("tendering:tender_edit", args=[tender.pk]),
        reverse("tendering:criterion_edit", args=[tender.pk, criterion.pk]),
        reverse("tendering:tender_publish", args=[tender.pk]),
    ):
        assert client.get(url)["Location"] == reverse("tendering:tender_detail", args=[tender.pk])
    client.post(reverse("tendering:criterion_remove", args=[tender.pk, criterion.pk]))
    client.post(reverse("tendering:tender_edit", args=[tender.pk]), _tender_data(tender.project))
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    tender.refresh_from_db()
    assert tender.reference.startswith("TEST-")


# Home and navigation ------------------------------------------------------------------------


def test_home_tasks_and_navigation(client_for):
    officer_home = client_for(Role.PROCUREMENT_OFFICER).get("/").content.decode()
    assert "See and set up tenders" in officer_home
    assert "Finish and publish LC-2026-023" in officer_home
    assert 'href="/tenders/"' in officer_home
    supplier_home = client_for(Role.SUPPLIER).get("/").content.decode()
    assert "Opportunities to bid" in supplier_home and "Your bids" in supplier_home
    assert "1 to do" in supplier_home  # the draft bid for the open interpreting tender
    assert 'href="/tenders/"' not in supplier_home


# Demo data ----------------------------------------------------------------------------------


def test_demo_tenders_load_twice_without_copies_and_keep_frozen_values(demo):
    import io

    from django.core.management import call_command

    from socialvalue.tendering.models import Bid, BidCommitment, BidResponse, OwnProposal

    def counts():
        return [
            m.objects.count()
            for m in (Tender, Criterion, FrozenProxy, Bid, BidResponse, BidCommitment, OwnProposal)
        ]

    custody = Tender.objects.get(reference="LC-2026-014")
    assert custody.deadline_passed()
    assert custody.bids.filter(status="submitted").count() == 3
    assert custody.bids.filter(is_paper=True).count() == 1
    assert OwnProposal.objects.filter(bid__tender=custody).count() == 1
    assert Tender.objects.get(reference="LC-2026-009").bids.filter(status="submitted").count() == 3
    interpreting = Tender.objects.get(reference="LC-2026-021")
    assert interpreting.accepts_bids()
    assert interpreting.bids.get().status == "draft"
    draft = Tender.objects.get(reference="LC-2026-023")
    assert draft.status == TenderStatus.DRAFT and not draft.proxies.exists()
    for tender in (custody, interpreting):
        assert services.publish_problems(tender, now=tender.published_at) in (
            [],
            ["deadline: the deadline for bids must be in the future"],
        )
    before = counts()
    fcc1 = Measure.objects.get(code="FCC1")
    frozen = FrozenProxy.objects.get(tender=custody, measure=fcc1).proxy_value
    fcc1.proxy_value = frozen + 1
    fcc1.save()
    call_command("demo", force=True, today=DEMO_TODAY, stdout=io.StringIO())
    assert counts() == before
    assert FrozenProxy.objects.get(tender=custody, measure=fcc1).proxy_value == frozen
