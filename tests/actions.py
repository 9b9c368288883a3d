"""Every action of the service (a POST-only address: remove, submit, open...) and the roles
that may take it. `tests/test_action_matrix.py` posts to each as every other role and checks it
is refused with nothing changed; `tests/test_route_coverage.py` checks that every address of
the service is either a page (tests/pages.py) or an action here.

An action's ``url`` may store what it needs (a proposal to remove, say): it runs inside the
test's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from socialvalue.accounts.roles import Role
from tests.pagekit import _url

MANAGE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})
SUPPLIER = frozenset({Role.SUPPLIER})
EVALUATOR = frozenset({Role.EVALUATOR})


@dataclass(frozen=True)
class Action:
    name: str
    url: Callable[[], str]
    roles: frozenset[Role]  # roles that may take it; every other role is refused
    # A supplier's action on its own bid: another supplier is refused too.
    own_bid: bool = False


def _tender(reference: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Tender

        return Tender.objects.get(reference=reference).pk

    return pk


def _open_bid() -> int:
    """supplier1's draft bid on the open interpreting tender."""
    from socialvalue.tendering.models import Bid

    return Bid.objects.get(
        tender__reference="LC-2026-021", supplier__companies_house_number="09000001"
    ).pk


def _open_bid_commitment() -> int:
    from socialvalue.tendering.models import BidCommitment

    return BidCommitment.objects.filter(bid_id=_open_bid()).order_by("pk").first().pk


def _open_bid_file() -> int:
    from socialvalue.tendering.models import BidAttachment

    return BidAttachment.objects.filter(response__bid_id=_open_bid()).order_by("pk").first().pk


def _open_bid_proposal() -> int:
    """The demo's open bid has no proposal of its own: one is stored for the test."""
    from socialvalue.tendering.models import OwnProposal

    return OwnProposal.objects.create(
        bid_id=_open_bid(), description="Two work placements a year", unit="placements", quantity=2
    ).pk


def _draft_criterion() -> int:
    from socialvalue.tendering.models import Criterion

    return Criterion.objects.filter(tender__reference="LC-2026-023").order_by("pk").first().pk


def _draft_target_measure() -> int:
    """A measure the draft BSL tender asks for (prefilled from the signed-off assessment)."""
    from socialvalue.tendering.models import TargetMeasure

    return TargetMeasure.objects.filter(tender__reference="LC-2026-023").order_by("pk").first().pk


def _custody_q1() -> int:
    from socialvalue.tendering.models import Criterion

    return Criterion.objects.get(tender__reference="LC-2026-014", code="Q1").pk


def _custody_bid() -> int:
    from socialvalue.tendering.models import Bid

    return Bid.objects.filter(tender__reference="LC-2026-014").order_by("pk").first().pk


def _assessment_measure() -> tuple[int, int]:
    from socialvalue.procurement.models import AssessmentMeasure

    return (
        AssessmentMeasure.objects.order_by("pk").values_list("pk", "assessment__project_id").first()
    )


def _supplier_alias() -> int:
    """An alias to remove: the demo register's first supplier gets one for the test."""
    from socialvalue.domain.supplier_names import normalise_name
    from socialvalue.suppliers.models import Supplier, SupplierAlias

    supplier = Supplier.objects.order_by("pk").first()
    name = "TEST LEDGER NAME LTD"
    alias = SupplierAlias.objects.create(supplier=supplier, name=name, key=normalise_name(name))
    return alias.pk


def _own_notification() -> int:
    """A notification of supplier1's. Every role may mark its own read, so the matrix only
    checks a visitor is sent to sign in; another user's is not found (tests/notifications)."""
    from socialvalue.accounts.models import User
    from socialvalue.notifications.models import Notification, NotificationKind

    return Notification.objects.create(
        user=User.objects.get(username="supplier1"),
        kind=NotificationKind.TENDER_PUBLISHED,
        title="A test notice",
        body="For the action test",
        link="http://testserver/",
    ).pk


_CUSTODY = _tender("LC-2026-014")
_OPEN = _tender("LC-2026-021")
_DRAFT = _tender("LC-2026-023")

ACTIONS: list[Action] = [
    Action(
        "assessment measure remove",
        lambda: _url(
            "procurement:assessment_measure_remove",
            _assessment_measure()[1],
            _assessment_measure()[0],
        )(),
        MANAGE,
    ),
    Action(
        "criterion remove", _url("tendering:criterion_remove", _DRAFT, _draft_criterion), MANAGE
    ),
    Action(
        "target measure remove",
        _url("tendering:target_measure_remove", _DRAFT, _draft_target_measure),
        MANAGE,
    ),
    Action("bid start", _url("tendering:bid_start", _OPEN), SUPPLIER),
    Action("bid submit", _url("tendering:bid_submit", _open_bid), SUPPLIER, own_bid=True),
    Action("bid withdraw", _url("tendering:bid_withdraw", _open_bid), SUPPLIER, own_bid=True),
    Action(
        "bid file remove",
        _url("tendering:attachment_remove", _open_bid, _open_bid_file),
        SUPPLIER,
        own_bid=True,
    ),
    Action(
        "bid commitment remove",
        _url("tendering:commitment_remove", _open_bid, _open_bid_commitment),
        SUPPLIER,
        own_bid=True,
    ),
    Action(
        "bid proposal remove",
        _url("tendering:own_proposal_remove", _open_bid, _open_bid_proposal),
        SUPPLIER,
        own_bid=True,
    ),
    Action(
        "agreed scores accept",
        _url("tendering:agreed_scores_accept", _CUSTODY, _custody_q1),
        MANAGE,
    ),
    # The old page of one bid and criterion: it only redirects (to the criterion's page).
    Action(
        "consensus (old address)",
        _url("tendering:consensus", _CUSTODY, _custody_bid, _custody_q1),
        MANAGE,
    ),
    Action("scores submit", _url("tendering:scores_submit", _CUSTODY), EVALUATOR),
    Action("moderation complete", _url("tendering:moderation_complete", _CUSTODY), MANAGE),
    Action("prices open", _url("tendering:prices_open", _CUSTODY), MANAGE),
    Action("red flags compute", _url("flags:compute"), MANAGE),
    Action(
        "supplier alias remove",
        _url("suppliers:alias_remove", _supplier_alias),
        MANAGE,
    ),
    Action("notification read", _url("notifications:read", _own_notification), frozenset(Role)),
    Action("notifications all read", _url("notifications:read_all"), frozenset(Role)),
]

# Addresses that are neither a page for a role nor a guarded action, and why.
NOT_GUARDED: dict[str, str] = {
    "accounts:logout": "signing out: open to anyone signed in (tests/accounts/test_sign_in.py)",
    "healthz": "for monitors, no page and no data (tests/core/test_operations.py)",
    "favicon": "a redirect to a static file (tests/core/test_operations.py)",
    # The feedback letters' old addresses redirect to the assessment summaries, which check
    # who may read them (tests/tendering/test_assessment_summaries.py).
    "tendering:my_feedback": "a redirect to the supplier's assessment summaries",
    "tendering:feedback": "a redirect to the assessment summary's own address",
    "tendering:feedback_pdf": "a redirect to the assessment summary PDF's own address",
}
