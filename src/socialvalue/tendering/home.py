"""Home page tasks: officers' tenders, suppliers' opportunities and bids."""

from django.urls import reverse
from django.utils import timezone

from socialvalue.core.home import HomeTask, register
from socialvalue.tendering import evaluation_selectors, selectors
from socialvalue.tendering.models import Bid, BidStatus, Tender, TenderStatus

TENDERS = "Tenders"
BIDDING = "Bidding"
EVALUATION = "Evaluation"


@register
def tendering_tasks(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    if user.has_perm("tendering.manage_tenders"):
        tasks += _officer_tasks()
    elif user.has_perm("tendering.view_tenders"):
        tasks.append(HomeTask(TENDERS, "See tenders", reverse("tendering:tender_list")))
    if user.has_perm("tendering.bid") and getattr(user, "supplier_id", None):
        tasks += _supplier_tasks(user)
    return tasks


def _officer_tasks() -> list[HomeTask]:
    tasks = [
        HomeTask(
            TENDERS,
            "See and set up tenders",
            reverse("tendering:tender_list"),
            detail="Create a tender from a project at the tender stage, then publish it.",
        )
    ]
    for tender in Tender.objects.filter(status=TenderStatus.DRAFT).order_by("deadline"):
        tasks.append(
            HomeTask(
                TENDERS,
                f"Finish and publish {tender.reference} {tender.title}",
                reverse("tendering:tender_detail", args=[tender.pk]),
            )
        )
    for tender, waiting in selectors.tenders_with_questions_waiting():
        tasks.append(
            HomeTask(
                TENDERS,
                f"Answer bidders' questions on {tender.reference} {tender.title}",
                reverse("tendering:tender_questions", args=[tender.pk]),
                detail="Answers are published to every bidder before the deadline.",
                count=waiting,
            )
        )
    return tasks


def _supplier_tasks(user) -> list[HomeTask]:
    open_count = selectors.tenders_open_for_bids().count()
    drafts = Bid.objects.filter(
        supplier_id=user.supplier_id,
        status=BidStatus.DRAFT,
        tender__status=TenderStatus.PUBLISHED,
        tender__deadline__gt=timezone.now(),
    ).count()
    return [
        HomeTask(
            BIDDING,
            "Opportunities to bid",
            reverse("tendering:opportunity_list"),
            detail=f"{open_count} tender{'s' if open_count != 1 else ''} open for bids now.",
        ),
        HomeTask(
            BIDDING,
            "Your bids",
            reverse("tendering:your_bids"),
            detail="Draft bids must be submitted before the deadline."
            if drafts
            else "Bids you have started or submitted.",
            count=drafts or None,
        ),
    ]


@register
def evaluation_tasks(user) -> list[HomeTask]:
    """Evaluators' declarations and scores, officers' evaluations under way, suppliers'
    assessment summaries."""
    tasks: list[HomeTask] = []
    if user.has_perm("tendering.evaluate"):
        tasks += _evaluator_tasks(user)
    if user.has_perm("tendering.manage_evaluation"):
        for tender in evaluation_selectors.tenders_in_evaluation():
            tasks.append(
                HomeTask(
                    EVALUATION,
                    f"Evaluate {tender.reference} {tender.title}",
                    reverse("tendering:evaluation", args=[tender.pk]),
                    detail=f"Stage: {tender.display_status.lower()}.",
                )
            )
    if user.has_perm("tendering.view_own_assessment_summaries"):
        tasks.append(
            HomeTask("Bidding", "Your assessment summaries", reverse("tendering:my_summaries"))
        )
    return tasks


def _evaluator_tasks(user) -> list[HomeTask]:
    tasks = [HomeTask(EVALUATION, "Your evaluations", reverse("tendering:evaluation_list"))]
    for row in evaluation_selectors.evaluations_of(user):
        a, tender = row["assignment"], row["tender"]
        if a.declared_at is None:
            tasks.append(
                HomeTask(
                    EVALUATION,
                    f"Declare your interests for {tender.reference} {tender.title}",
                    reverse("tendering:declaration", args=[tender.pk]),
                    detail="Before you see any bid.",
                )
            )
        elif a.may_score and not a.scores_submitted_at and tender.deadline_passed():
            tasks.append(
                HomeTask(
                    EVALUATION,
                    f"Score the bids for {tender.reference} {tender.title}",
                    reverse("tendering:scoring", args=[tender.pk]),
                    detail=f"{row['scored']} of {row['needed']} scored.",
                )
            )
    return tasks
