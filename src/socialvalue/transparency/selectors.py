"""What the public may see: which procurements, tenders and awards are public, and the
year's headline figures. Every public page and the OCDS export read through here, so the
rules of what is never published live in one place (see docs/transparency-and-ocds.md).

Never published: draft or unpublished projects, draft tenders, anything of a bid before the
award (price, responses, commitments, who bid, how many bid before the deadline), losing
bids, scores, justifications, rationales, flag answers, the pre-tender and project
estimates (the public sees value bands), people's names and e-mail addresses.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from socialvalue.domain.fiscal import FinancialYear
from socialvalue.policy.selectors import organisation_get
from socialvalue.procurement.models import Project
from socialvalue.tendering.models import Bid, BidStatus, Tender, TenderStatus
from socialvalue.transparency import delivery


def public_procurements() -> QuerySet[Project]:
    """Projects the organisation has made public: on the pipeline, or with a published
    tender. Never a draft project nobody published."""
    return (
        Project.objects.filter(Q(published=True) | Q(tenders__published_at__isnull=False))
        .distinct()
        .order_by("pk")
    )


def public_tenders(project: Project) -> list[Tender]:
    """The project's published tenders (never drafts), oldest first."""
    return list(
        Tender.objects.filter(project=project, published_at__isnull=False)
        .prefetch_related("criteria")
        .order_by("published_at", "pk")
    )


def awarded_bid(tender: Tender) -> Bid | None:
    """The winning bid, once the tender is awarded (None before). Its supplier, price and
    commitments are public from then on; no other bid ever is."""
    if tender.status != TenderStatus.AWARDED or tender.awarded_at is None:
        return None
    bid = tender.recommended_bid
    if bid is None or bid.status != BidStatus.SUBMITTED:
        return None
    if _sealed(bid):
        return None
    return bid


def submitted_bid_count(tender: Tender, now=None) -> int | None:
    """How many bids came in, only once the deadline has passed (None before)."""
    if not tender.deadline_passed(now):
        return None
    return tender.bids.filter(status=BidStatus.SUBMITTED).count()


def _sealed(bid: Bid) -> bool:
    try:
        from socialvalue.tendering.sealing import bid_is_sealed
    except ImportError:  # before the sealing module exists, the deadline decides
        return not bid.tender.deadline_passed()
    return bid_is_sealed(bid)


# --- Awarded contracts ---------------------------------------------------------------------


def public_awards() -> list[delivery.PublicAward]:
    """Every contract (award notices are public), and every awarded tender of a public
    procurement not yet contracted, with the winner's commitments and what has been
    delivered against them (verified delivery only). Latest first."""
    from socialvalue.contracts.models import Contract

    awards: list[delivery.PublicAward] = []
    contracted: set[int] = set()
    for contract in Contract.objects.select_related("tender__project", "supplier"):
        tender = contract.tender
        if tender is not None:
            contracted.add(tender.pk)
            bid = awarded_bid(tender)
            if bid is None:  # a tender not (yet) awarded here says nothing public
                continue
            awards.append(delivery.public_award(tender, bid))
        else:
            awards.append(delivery.contract_award(contract))
    tenders = (
        Tender.objects.filter(
            status=TenderStatus.AWARDED,
            awarded_at__isnull=False,
            project__in=public_procurements(),
        )
        .exclude(pk__in=contracted)
        .select_related("project", "recommended_bid__supplier")
    )
    for tender in tenders:
        bid = awarded_bid(tender)
        if bid is not None:
            awards.append(delivery.public_award(tender, bid))
    return sorted(awards, key=lambda a: (a.awarded_at, a.title), reverse=True)


# --- Headline figures ---------------------------------------------------------------------


def current_year(today: date | None = None) -> FinancialYear:
    organisation = organisation_get()
    start_month = organisation.financial_year_start_month if organisation else 4
    return FinancialYear.of(today or timezone.localdate(), start_month)


def year_from_label(label: str) -> FinancialYear:
    organisation = organisation_get()
    start_month = organisation.financial_year_start_month if organisation else 4
    return FinancialYear.parse(label, start_month)
