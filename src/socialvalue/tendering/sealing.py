"""Who may read a bid's content, and when. Every page, export, report and API endpoint that
shows a bid's price, responses, attachments, commitments or own proposals asks here first.

The rules:

* a supplier's users read their own supplier's bids at any time, and no one else's;
* staff read a bid's content only once the tender's deadline has passed, and only bids that
  were submitted: procurement officers, administrators and viewers for every tender,
  evaluators only for the tenders whose panel they sit on without a conflict;
* contract managers and users without a role never read bid content here;
* prices are a further step for staff: visible once the tender's prices are opened, or from
  the deadline when the tender does not keep prices back until quality moderation is done.

Roles are read from the user's groups, never from ``has_perm``: a Django superuser gets every
permission, and the seal must hold for administrators too.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from socialvalue.accounts.predicates import (
    is_administrator,
    is_evaluator,
    is_procurement_officer,
    is_supplier_user,
    is_viewer,
)
from socialvalue.tendering.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidResponse,
    BidStatus,
    ConsensusScore,
    EvaluatorAssignment,
    OwnProposal,
    Score,
    Tender,
    TenderStatus,
)

#: The models that hold a bid's content, each with its path to the bid. Anything that shows
#: or filters on their rows (a page, the API, the Django admin) limits them to ``readable_bids``.
BID_CONTENT_MODELS: dict[type, str] = {
    Bid: "pk",
    BidResponse: "bid",
    BidAttachment: "response__bid",
    BidCommitment: "bid",
    OwnProposal: "bid",
    Score: "bid",
    ConsensusScore: "bid",
}


class BidSealed(PermissionDenied):
    """The bid exists and this user may read it, but not before the tender's deadline."""

    def __init__(self, bid: Bid | None = None) -> None:
        deadline = f" ({timezone.localtime(bid.tender.deadline):%d %B %Y %H:%M})" if bid else ""
        super().__init__(f"Bids are sealed until the deadline{deadline}")


def bid_is_sealed(bid: Bid, now=None) -> bool:
    """True while no member of staff may read the bid: before its tender's deadline."""
    return not bid.tender.deadline_passed(now)


def _reads_every_tender(user) -> bool:
    return bool(is_procurement_officer(user) or is_administrator(user) or is_viewer(user))


def _staff_may_ever_read(user, bid: Bid) -> bool:
    """Whether the user is a member of staff who reads this bid once the deadline passes."""
    if _reads_every_tender(user):
        return True
    if is_evaluator(user):
        return _evaluator_may_score(user, bid.tender_id)
    return False


def _evaluator_may_score(user, tender_id: int) -> bool:
    assignment = EvaluatorAssignment.objects.filter(tender_id=tender_id, evaluator=user).first()
    return assignment is not None and assignment.may_score


def readable_bids(user, tender: Tender | None = None, now=None) -> QuerySet[Bid]:
    """The bids whose content ``user`` may read now (optionally of one tender)."""
    bids = Bid.objects.select_related("tender", "supplier")
    if tender is not None:
        bids = bids.filter(tender=tender)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return bids.none()
    if is_supplier_user(user):
        return bids.filter(supplier_id=user.supplier_id)
    opened = bids.filter(
        status=BidStatus.SUBMITTED,
        tender__published_at__isnull=False,
        tender__deadline__lte=now or timezone.now(),
    )
    if _reads_every_tender(user):
        return opened
    if is_evaluator(user):
        panels = EvaluatorAssignment.objects.filter(
            evaluator=user, declared_at__isnull=False, has_conflict=False, removed_at__isnull=True
        ).values("tender_id")
        return opened.filter(tender_id__in=panels)
    return bids.none()


def readable_rows(user, queryset: QuerySet, now=None) -> QuerySet:
    """The rows of a bid-content model (see ``BID_CONTENT_MODELS``) that ``user`` may read now."""
    path = BID_CONTENT_MODELS[queryset.model]
    return queryset.filter(**{f"{path}__in": readable_bids(user, now=now).values("pk")})


def may_read_bid(user, bid: Bid, now=None) -> bool:
    """Whether ``user`` may read this bid's content now."""
    return readable_bids(user, now=now).filter(pk=bid.pk).exists()


def price_visible(user, bid: Bid, now=None) -> bool:
    """Whether ``user`` may see this bid's price now. Suppliers always see their own."""
    if is_supplier_user(user):
        return bid.supplier_id == user.supplier_id
    if not may_read_bid(user, bid, now=now):
        return False
    tender = bid.tender
    if tender.prices_opened_at is not None:
        return True
    return not tender.prices_open_after_moderation and tender.deadline_passed(now)


def read_bid(user, pk: int, now=None) -> Bid:
    """The bid, for a user who may read its content now.

    Raises ``Http404`` for a bid the user may never see (another supplier's, a draft for
    staff, any bid for an evaluator off the panel) and ``BidSealed`` while it is sealed.
    """
    bid = Bid.objects.select_related("tender", "supplier").filter(pk=pk).first()
    if bid is None:
        raise Http404("No such bid")
    if may_read_bid(user, bid, now=now):
        return bid
    if is_supplier_user(user) or not _staff_may_ever_read(user, bid):
        raise Http404("No such bid")
    if bid_is_sealed(bid, now) and bid.status != BidStatus.WITHDRAWN:
        raise BidSealed(bid)
    raise Http404("No such bid")


def bids_of_awarded_tenders(now=None) -> QuerySet[Bid]:
    """Submitted bids of awarded tenders, for analysis that no user starts (the red flags
    computed in the background, read by staff who may read opened bids). An award comes
    after the deadline and the opening of prices, so nothing here is sealed any more; a
    tender whose deadline is somehow still ahead is left out all the same."""
    return Bid.objects.select_related("tender", "supplier").filter(
        status=BidStatus.SUBMITTED,
        tender__status=TenderStatus.AWARDED,
        tender__awarded_at__isnull=False,
        tender__published_at__isnull=False,
        tender__deadline__lte=now or timezone.now(),
    )
