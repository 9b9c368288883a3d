"""Writing the conclusions of an annual review and publishing it (which freezes it)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.core.transitions import ensure, move
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.reviews.models import AnnualReview, Section
from socialvalue.reviews.report import report_body
from socialvalue.reviews.selectors import current_figures

PUBLISHED_MESSAGE = "This review is published: a published report is kept as it was published"


def _review_for_update(year: FinancialYear) -> AnnualReview:
    review, _ = AnnualReview.objects.select_for_update().get_or_create(
        start_year=year.start_year, defaults={"start_month": year.start_month}
    )
    return review


@transaction.atomic
def review_conclusions_save(*, actor, year: FinancialYear, conclusions: dict[str, str]):
    """Save the reviewer's conclusions, section by section (drafts only)."""
    if not actor.has_perm("reviews.edit_review"):
        raise NotAllowed("Only procurement officers and administrators write the review")
    review = _review_for_update(year)
    if review.is_published:
        raise DomainError(PUBLISHED_MESSAGE, code="review.published")
    known = {s.value for s in Section}
    unknown = set(conclusions) - known
    if unknown:
        raise DomainError(
            f"Unknown sections: {', '.join(sorted(unknown))}",
            code="review.unknown_section",
            field="conclusions",
        )
    review.conclusions = {k: v.strip() for k, v in conclusions.items() if v and v.strip()}
    review.save()
    event_record(
        actor=actor,
        verb=AuditEvent.REVIEW_CONCLUSIONS_SAVED,
        target=review,
        data={"sections": sorted(review.conclusions)},
    )
    return review


@transaction.atomic
def review_publish(*, actor, year: FinancialYear) -> AnnualReview:
    """Publish the review: its figures and report are frozen from now on."""
    if not actor.has_perm("reviews.publish_review"):
        raise NotAllowed("Only procurement officers and administrators publish the review")
    review = _review_for_update(year)
    if review.is_published:
        raise DomainError(PUBLISHED_MESSAGE, code="review.published")
    ensure(review.publish, field="conclusions")  # the overall conclusions are written
    figures = current_figures(review.year)
    html = report_body(review, figures)
    move(review.publish, by=actor, at=timezone.now(), figures=figures, html=html)
    review.save()
    event_record(actor=actor, verb=AuditEvent.REVIEW_PUBLISHED, target=review)
    return review
