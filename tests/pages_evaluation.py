"""Pages of issue 4, evaluation part. See tests/pages.py.

The demo has the custody tender part-way through evaluation (evaluator1 submitted) and the
cleaning tender evaluated to a recommendation (and awarded by the contracts demo).
"""

from __future__ import annotations

from collections.abc import Callable

from socialvalue.accounts.roles import Role
from tests.pagekit import STAFF, Page, _download, _url

MANAGE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})
EVALUATOR = frozenset({Role.EVALUATOR})
SUPPLIER = frozenset({Role.SUPPLIER})


def _tender(reference: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Tender

        return Tender.objects.get(reference=reference).pk

    return pk


def _bid(reference: str, supplier_number: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Bid

        return Bid.objects.get(
            tender__reference=reference, supplier__companies_house_number=supplier_number
        ).pk

    return pk


def _criterion(reference: str, code: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Criterion

        return Criterion.objects.get(tender__reference=reference, code=code).pk

    return pk


def _custody_assignment() -> int:
    """evaluator2 on the custody panel, who has scored one bid."""
    from socialvalue.tendering.models import EvaluatorAssignment

    return EvaluatorAssignment.objects.get(
        tender__reference="LC-2026-014", evaluator__username="evaluator2"
    ).pk


def _proposal(reference: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import OwnProposal

        return OwnProposal.objects.filter(bid__tender__reference=reference).order_by("pk")[0].pk

    return pk


_CUSTODY = _tender("LC-2026-014")
_CLEANING = _tender("LC-2026-009")
_CUSTODY_BID = _bid("LC-2026-014", "09000001")
# Pennine Youth Futures CIC (supplier2's organisation): supplier1 may not read its letter.
_CLEANING_OTHER_BID = _bid("LC-2026-009", "12000002")
_CLEANING_TOP_BID = _bid("LC-2026-009", "IP031205")

PAGES: list[Page] = [
    Page("your evaluations", _url("tendering:evaluation_list"), EVALUATOR),
    Page(
        "your evaluations CSV",
        _download("csv", "tendering:evaluation_list"),
        EVALUATOR,
        html=False,
    ),
    Page(
        "your evaluations XLSX",
        _download("xlsx", "tendering:evaluation_list"),
        EVALUATOR,
        html=False,
    ),
    Page("declaration", _url("tendering:declaration", _CUSTODY), EVALUATOR),
    Page("scoring", _url("tendering:scoring", _CUSTODY), EVALUATOR),
    Page("bid scores", _url("tendering:bid_scores", _CUSTODY, _CUSTODY_BID), EVALUATOR),
    Page("evaluation", _url("tendering:evaluation", _CUSTODY), MANAGE),
    Page("panel add", _url("tendering:panel_add", _CUSTODY), MANAGE),
    Page("moderation", _url("tendering:moderation", _CUSTODY), MANAGE),
    # One page per criterion (the old page of one bid and criterion redirects to it: an
    # address in tests/actions.py).
    Page(
        "moderation of a criterion",
        _url("tendering:moderation_criterion", _CUSTODY, _criterion("LC-2026-014", "Q1")),
        MANAGE,
    ),
    Page(
        "moderation of a criterion, done",
        _url("tendering:moderation_criterion", _CLEANING, _criterion("LC-2026-009", "Q2")),
        MANAGE,
    ),
    Page(
        "panel remove",
        _url("tendering:panel_remove", _CUSTODY, _custody_assignment),
        MANAGE,
    ),
    Page(
        "own proposal value",
        _url("tendering:proposal_value", _CUSTODY, _proposal("LC-2026-014")),
        MANAGE,
    ),
    Page("results", _url("tendering:results", _CLEANING), STAFF),
    Page("results before prices", _url("tendering:results", _CUSTODY), STAFF),
    Page(
        "flag answer",
        _url("tendering:flag_answer", _CLEANING, _CLEANING_TOP_BID, "abnormally_low"),
        MANAGE,
    ),
    Page("recommendation", _url("tendering:recommend", _CLEANING), MANAGE),
    Page("evaluation report", _url("tendering:report", _CLEANING), STAFF),
    Page(
        "evaluation report PDF",
        _url("tendering:report_download", _CLEANING, "pdf"),
        STAFF,
        html=False,
    ),
    Page(
        "evaluation report CSV",
        _url("tendering:report_download", _CLEANING, "csv"),
        STAFF,
        html=False,
    ),
    # Another bidder's summary: the officer only (a supplier sees its own bid's alone, once
    # released: tests/tendering/test_assessment_summaries.py).
    Page(
        "assessment summary",
        _url("tendering:summary", _CLEANING, _CLEANING_OTHER_BID),
        MANAGE,
    ),
    Page(
        "assessment summary PDF",
        _url("tendering:summary_pdf", _CLEANING, _CLEANING_OTHER_BID),
        MANAGE,
        html=False,
    ),
    Page("your assessment summaries", _url("tendering:my_summaries"), SUPPLIER),
]
