"""Every write service checks the acting user's permission itself: called directly (as the
API, a command or another service would) by a role that may not act, it refuses with
``NotAllowed`` before touching anything. The public self-service actions take no user."""

from __future__ import annotations

import inspect
from decimal import Decimal

import pytest

from socialvalue.accounts import services as accounts
from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import services as contracts
from socialvalue.contracts.models import Contract, ContractVariation, Kpi
from socialvalue.core.errors import NotAllowed
from socialvalue.core.services import record_save
from socialvalue.flags import services as flags
from socialvalue.flags.models import Flag
from socialvalue.joining import services as joining
from socialvalue.joining.models import Signup
from socialvalue.notices import services as notices
from socialvalue.notifications import services as notifications
from socialvalue.policy.measures_io import measures_import_create
from socialvalue.policy.models import ContractingAuthority, Measure, Priority
from socialvalue.procurement import services as procurement
from socialvalue.procurement.models import Assessment, EngagementRecord, Project, Stage
from socialvalue.spend import services as spend
from socialvalue.spend.models import SpendImport
from socialvalue.suppliers import services as suppliers
from socialvalue.suppliers.models import Supplier, SupplierAlias
from socialvalue.tendering import evaluation_services as evaluation
from socialvalue.tendering import services as tendering
from socialvalue.tendering.models import (
    Bid,
    Clarification,
    Criterion,
    EvaluatorAssignment,
    OwnProposal,
    TargetMeasure,
    Tender,
)

pytestmark = pytest.mark.django_db

STAFF_READERS = (Role.VIEWER, Role.EVALUATOR)
NOT_OFFICERS = (*STAFF_READERS, Role.CONTRACT_MANAGER, Role.SUPPLIER)

# (service, its arguments besides the actor, roles that may not call it). The arguments are
# unsaved rows: the permission is checked before anything is read or written.
CASES = [
    (procurement.project_move, {"project": Project(), "to_stage": Stage.TENDER, "reason": "x"}),
    (
        procurement.assessment_save,
        {"project": Project(), "data": procurement.AssessmentInput(), "sign_off": False},
    ),
    (procurement.assessment_sign_off, {"assessment": Assessment()}),
    (procurement.assessment_measure_remove, {"assessment": Assessment(), "measure_id": 1}),
    (
        procurement.assessment_measure_add,
        {"project": Project(), "measure": Measure(), "target": Decimal(1)},
    ),
    (procurement.attachment_add, {"record": EngagementRecord(), "upload": None}),
    (procurement.attendance_record, {"event": EngagementRecord(), "attended_ids": set()}),
    (tendering.tender_create, {"data": None}),
    (tendering.tender_update, {"tender": Tender(), "data": None}),
    (tendering.criterion_save, {"tender": Tender(), "data": None}),
    (tendering.criterion_remove, {"tender": Tender(), "criterion": Criterion()}),
    (
        tendering.target_measure_save,
        {"tender": Tender(), "measure": Measure(), "target": Decimal(1)},
    ),
    (tendering.target_measure_remove, {"tender": Tender(), "target_measure": TargetMeasure()}),
    (tendering.tender_publish, {"tender": Tender()}),
    (
        tendering.paper_bid_create,
        {
            "tender": Tender(),
            "supplier": None,
            "received_at": None,
            "price_text": "1",
            "responses": {},
            "commitments": [],
        },
    ),
    # Tender documents, answers to bidders' questions, deadline extensions (issue 14).
    (tendering.tender_document_upload, {"tender": Tender(), "upload": None, "media_type": ""}),
    (
        tendering.question_answer,
        {"question": Clarification(), "published_question": "x", "answer": "x"},
    ),
    (tendering.tender_deadline_extend, {"tender": Tender(), "new_deadline": None, "reason": "x"}),
    (contracts.contract_award, {"tender": Tender(), "terms": None}),
    (contracts.award_decide, {"tender": Tender(), "decision": "x"}),
    (contracts.award_outcome_release, {"tender": Tender(), "exemption": "framework"}),
    (contracts.award_notice_published, {"project": Project(), "published_on": None}),
    (contracts.award_notice_date_corrected, {"project": Project(), "published_on": None}),
    (contracts.contract_record, {"supplier": None, "route": "direct", "terms": None}),
    (
        record_save,
        {
            "instance": Priority(),
            "values": {},
            "changed": [],
            "verb": "priority",
            "permission": "policy.manage_policy",
        },
    ),
    (measures_import_create, {"content": b"", "filename": "x.csv"}),
    # Payment files and the supplier register (issue 12).
    (spend.spend_import_create, {"filename": "x.csv", "content": b"", "lenient": False}),
    (spend.spend_import_delete, {"spend_import": SpendImport(), "reason": "x"}),
    (
        spend.spend_import_authority_set,
        {
            "spend_import": SpendImport(),
            "contracting_authority": ContractingAuthority(),
            "reason": "x",
        },
    ),
    (suppliers.suppliers_import_create, {"content": b"", "filename": "x.csv"}),
    (suppliers.suppliers_import, {"content": b"", "filename": "x.csv"}),
    (suppliers.supplier_create, {"details": None}),
    (suppliers.supplier_update, {"supplier": Supplier(), "details": None}),
    (suppliers.supplier_aliases_add, {"supplier": Supplier(), "names": ["X LTD"]}),
    (suppliers.supplier_alias_remove, {"alias": SupplierAlias()}),
    (suppliers.supplier_suggestions_accept, {"payees": ["X LTD"], "min_score": 90}),
    # Procurement Act notices (issue 15).
    (
        notices.notice_publication_record,
        {"project": Project(), "key": "UK4", "published_on": None, "reference": "R"},
    ),
    (
        notices.notice_publication_correct,
        {
            "project": Project(),
            "key": "UK4",
            "published_on": None,
            "reference": "R",
            "reason": "x",
        },
    ),
    (notices.kpi_ratings_confirm, {"project": Project(), "key": "UK9", "ratings": {}}),
    (notices.notice_plan_save, {"project": Project(), "exempt_reason": "x"}),
    # A contracting authority's payments compliance notice (UK8) for a reporting period.
    (
        notices.payments_notice_publication_record,
        {
            "authority": ContractingAuthority(),
            "period": None,
            "published_on": None,
            "reference": "R",
        },
    ),
    (
        notices.payments_notice_publication_correct,
        {
            "authority": ContractingAuthority(),
            "period": None,
            "published_on": None,
            "reference": "R",
            "reason": "x",
        },
    ),
    # Red flags (issue 16).
    (flags.flag_review, {"flag": Flag(), "status": "dismissed", "reason": "x"}),
    # The evaluation: the panel, moderation (one page per criterion, issue 14 item 5),
    # prices, flags and the recommendation.
    (evaluation.evaluator_assign, {"tender": Tender(), "evaluator": User()}),
    (evaluation.evaluator_remove, {"assignment": EvaluatorAssignment(), "reason": "x"}),
    (
        evaluation.consensus_save,
        {"bid": Bid(), "criterion": Criterion(), "score": Decimal(3), "rationale": "x"},
    ),
    (evaluation.criterion_consensus_save, {"criterion": Criterion(), "entries": []}),
    (evaluation.agreed_scores_accept, {"criterion": Criterion()}),
    (evaluation.moderation_complete, {"tender": Tender()}),
    (
        evaluation.proposal_value_agree,
        {"proposal": OwnProposal(), "unit_value": Decimal(1), "reason": "x"},
    ),
    (evaluation.prices_open, {"tender": Tender()}),
    (evaluation.award_recommend, {"tender": Tender(), "bid": Bid(), "reason": "x"}),
    # A supplier's claim on a register entry, confirmed by staff (issue 14).
    (joining.signup_claim_confirm, {"signup": Signup()}),
    (joining.signup_claim_refuse, {"signup": Signup(), "reason": "x"}),
]
# Officers' and administrators' actions, refused to every other role.
REFUSALS = [(service, kwargs, role) for service, kwargs in CASES for role in NOT_OFFICERS]
# Contract management, which contract managers share with officers and administrators.
MANAGING = [
    (contracts.kpi_add, {"contract": Contract(), "quantity": Decimal(1)}),
    (
        contracts.variation_request,
        {"contract": Contract(), "kind": "value", "new_values": {}, "reason": "x"},
    ),
    (contracts.variation_decide, {"variation": ContractVariation(), "approve": True}),
]
REFUSALS += [
    (service, kwargs, role)
    for service, kwargs in MANAGING
    for role in (*STAFF_READERS, Role.SUPPLIER)
]
# Actions of other roles.
REFUSALS += [
    (tendering.bid_start, {"tender": Tender()}, Role.PROCUREMENT_OFFICER),
    (tendering.bid_start, {"tender": Tender()}, Role.VIEWER),
    (tendering.bid_save, {"bid": Bid(), "price_text": "1", "responses": {}}, Role.EVALUATOR),
    (tendering.bid_submit, {"bid": Bid()}, Role.PROCUREMENT_OFFICER),
    (tendering.bid_withdraw, {"bid": Bid()}, Role.ADMINISTRATOR),
    *[
        (tendering.question_ask, {"tender": Tender(), "question": "x"}, role)
        for role in (Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, *STAFF_READERS)
    ],
    (
        contracts.return_submit,
        {"contract": Contract(), "period_number": 1, "lines": []},
        Role.CONTRACT_MANAGER,
    ),
    (
        contracts.recovery_plan_record,
        {"kpi": Kpi(), "actions": "x", "recover_by": None},
        Role.PROCUREMENT_OFFICER,
    ),
    (
        contracts.recovery_plan_record,
        {"kpi": Kpi(), "actions": "x", "recover_by": None},
        Role.SUPPLIER,
    ),
    (contracts.message_send, {"contract": Contract(), "body": "x"}, Role.VIEWER),
    (contracts.message_send, {"contract": Contract(), "body": "x"}, Role.EVALUATOR),
    *[
        (
            flags.flag_rule_add,
            {"code": "R018", "effective_from": None, "active": True, "settings": {}},
            role,
        )
        for role in (Role.PROCUREMENT_OFFICER, *NOT_OFFICERS)
    ],
    *[
        (accounts.user_set_role, {"user": User(), "role": Role.VIEWER}, role)
        for role in (Role.PROCUREMENT_OFFICER, *NOT_OFFICERS)
    ],
    # A supplier's users choose the tender categories their organisation hears about.
    *[
        (notifications.categories_choose, {"categories": []}, role)
        for role in Role
        if role != Role.SUPPLIER
    ],
    *[
        (joining.invitation_create, {"email": "x@example.org"}, role)
        for role in (Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, *NOT_OFFICERS)
        if role != Role.SUPPLIER
    ],
]


@pytest.mark.parametrize(
    ("service", "kwargs", "role"),
    REFUSALS,
    ids=[f"{service.__name__}-{role.name.lower()}" for service, _kwargs, role in REFUSALS],
)
def test_a_role_that_may_not_act_is_refused_by_the_service(user_for, service, kwargs, role):
    events = Event.objects.count()
    with pytest.raises(NotAllowed) as refused:
        service(actor=user_for(role), **kwargs)
    assert refused.value.code.startswith("not_allowed")
    assert Event.objects.count() == events


@pytest.mark.parametrize("service", [procurement.project_move, tendering.tender_publish])
def test_no_user_at_all_is_refused(service):
    with pytest.raises(NotAllowed):
        service(actor=None, **dict(next(k for s, k in CASES if s is service)))


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        (notifications.notifications_read_all, {}),
        (notifications.preferences_save, {"choices": {}}),
        (notifications.categories_choose, {"categories": []}),
    ],
)
def test_no_user_is_refused_ones_own_notifications(service, kwargs):
    """Every role reads its own notifications and chooses how it gets them; without a
    signed-in user there is no one's to read."""
    with pytest.raises(NotAllowed):
        service(actor=None, **kwargs)


def test_public_self_service_actions_take_no_user():
    """Anyone may register for an event or interest in an opportunity, signed in or not."""
    for service in (procurement.registration_create, procurement.interest_create):
        assert "actor" not in inspect.signature(service).parameters
