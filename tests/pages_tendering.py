"""Pages of issue 4: tenders and bids (evaluation pages: tests/pages_evaluation.py).

Demo tenders used: LC-2026-014 (custody, deadline passed), LC-2026-021 (interpreting, open,
supplier1's draft bid with a file) and LC-2026-023 (a draft tender)."""

from __future__ import annotations

from collections.abc import Callable

from socialvalue.accounts.roles import Role
from tests.pagekit import ALL, STAFF, Page, _download, _url

MANAGE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})
READ_BIDS = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, Role.VIEWER})
SUPPLIER = frozenset({Role.SUPPLIER})


def _tender(reference: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Tender

        return Tender.objects.get(reference=reference).pk

    return pk


def _supplier1_bid(reference: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Bid

        return Bid.objects.get(
            tender__reference=reference, supplier__companies_house_number="09000001"
        ).pk

    return pk


def _first_criterion(reference: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.tendering.models import Criterion

        return Criterion.objects.filter(tender__reference=reference).order_by("pk").first().pk

    return pk


def _open_bid_file() -> int:
    from socialvalue.tendering.models import BidAttachment

    return BidAttachment.objects.get(response__bid__tender__reference="LC-2026-021").pk


def _open_document() -> int:
    from socialvalue.tendering.models import TenderDocument

    return TenderDocument.objects.get(tender__reference="LC-2026-021", title="Specification").pk


def _open_document_version() -> int:
    from socialvalue.tendering.models import TenderDocumentVersion

    return TenderDocumentVersion.objects.filter(document_id=_open_document()).first().pk


def _unanswered_question() -> int:
    """The demo's question is answered: one waiting for an answer is stored for the test."""
    from socialvalue.accounts.models import User
    from socialvalue.tendering.models import Clarification, Tender

    asker = User.objects.get(username="supplier2")
    return Clarification.objects.create(
        tender=Tender.objects.get(reference="LC-2026-021"),
        supplier_id=asker.supplier_id,
        asked_by=asker,
        question="Is there a minimum number of languages?",
    ).pk


_CUSTODY = _tender("LC-2026-014")
_OPEN = _tender("LC-2026-021")
_DRAFT = _tender("LC-2026-023")
_OPEN_BID = _supplier1_bid("LC-2026-021")

PAGES: list[Page] = [
    Page("tenders", _url("tendering:tender_list"), STAFF),
    Page("tenders CSV", _download("csv", "tendering:tender_list"), STAFF, html=False),
    Page("tenders XLSX", _download("xlsx", "tendering:tender_list"), STAFF, html=False),
    Page("tender add", _url("tendering:tender_create"), MANAGE),
    Page("tender", _url("tendering:tender_detail", _CUSTODY), STAFF),
    Page("tender draft", _url("tendering:tender_detail", _DRAFT), STAFF),
    Page("tender edit", _url("tendering:tender_edit", _DRAFT), MANAGE),
    Page("criterion add", _url("tendering:criterion_create", _DRAFT), MANAGE),
    Page(
        "criterion edit",
        _url("tendering:criterion_edit", _DRAFT, _first_criterion("LC-2026-023")),
        MANAGE,
    ),
    Page("target measure add", _url("tendering:target_measure_create", _DRAFT), MANAGE),
    Page("tender publish", _url("tendering:tender_publish", _DRAFT), MANAGE),
    Page("tender bids", _url("tendering:tender_bids", _CUSTODY), READ_BIDS),
    Page("tender bids CSV", _url("tendering:tender_bids_csv", _CUSTODY), READ_BIDS, html=False),
    Page(
        "tender bids XLSX",
        _download("xlsx", "tendering:tender_bids_csv", _CUSTODY),
        READ_BIDS,
        html=False,
    ),
    Page("paper bid add", _url("tendering:paper_bid_create", _OPEN), MANAGE),
    Page(
        "bid opened",
        _url("tendering:bid_detail", _supplier1_bid("LC-2026-014")),
        READ_BIDS | SUPPLIER,
    ),
    # Sealed: before the deadline only its own supplier reads it (staff get 403).
    Page("bid sealed", _url("tendering:bid_detail", _OPEN_BID), SUPPLIER),
    Page("bid file", _url("tendering:attachment", _open_bid_file), SUPPLIER, html=False),
    Page("opportunities to bid", _url("tendering:opportunity_list"), SUPPLIER),
    Page("opportunities CSV", _download("csv", "tendering:opportunity_list"), SUPPLIER, html=False),
    Page(
        "opportunities XLSX", _download("xlsx", "tendering:opportunity_list"), SUPPLIER, html=False
    ),
    Page("opportunity", _url("tendering:opportunity_detail", _OPEN), SUPPLIER),
    Page("your bids", _url("tendering:your_bids"), SUPPLIER),
    Page("your bids CSV", _download("csv", "tendering:your_bids"), SUPPLIER, html=False),
    Page("your bids XLSX", _download("xlsx", "tendering:your_bids"), SUPPLIER, html=False),
    Page("bid edit", _url("tendering:bid_edit", _OPEN_BID), SUPPLIER),
    Page("bid file add", _url("tendering:attachment_create", _OPEN_BID), SUPPLIER),
    Page("commitment add", _url("tendering:commitment_create", _OPEN_BID), SUPPLIER),
    Page("own proposal add", _url("tendering:own_proposal_create", _OPEN_BID), SUPPLIER),
    # Documents, questions and deadline extensions (issue 14 item 3).
    Page("tender document add", _url("tendering:document_add", _DRAFT), MANAGE),
    Page(
        "tender document version add",
        _url("tendering:document_version_add", _OPEN, _open_document),
        MANAGE,
    ),
    # The current version of a published tender's document: anyone, signed in or not.
    Page(
        "tender document file",
        _url("tendering:document_file", _open_document_version),
        ALL,
        public=True,
        html=False,
    ),
    Page("tender questions", _url("tendering:tender_questions", _OPEN), MANAGE),
    Page(
        "question answer",
        _url("tendering:question_answer", _OPEN, _unanswered_question),
        MANAGE,
    ),
    Page("question ask", _url("tendering:question_ask", _OPEN), SUPPLIER),
    Page("deadline extend", _url("tendering:deadline_extend", _OPEN), MANAGE),
]

# The evaluation pages, kept in their own table.
from tests.pages_evaluation import PAGES as EVALUATION_PAGES  # noqa: E402

PAGES += EVALUATION_PAGES
