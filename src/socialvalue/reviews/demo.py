"""Demo annual review: this financial year's review as a draft, some conclusions written."""

from __future__ import annotations

from socialvalue.reviews.models import AnnualReview, ReviewStatus
from socialvalue.transparency.selectors import current_year

CONCLUSIONS = {
    "aims": "Engagement started earlier than last year on every procurement above the "
    "threshold; the environmental aim still has little evidence behind it.",
    "engagement": "The custody healthcare meet-the-buyer event reached local SMEs and a VCSE; "
    "the victims' consultation heard from equality groups. Next year: an online event for "
    "organisations outside Preston.",
    "weighting": "Every tender weighted social value at or above the policy minimum.",
}


def load(stdout) -> None:
    year = current_year()
    review, created = AnnualReview.objects.get_or_create(
        start_year=year.start_year,
        defaults={"start_month": year.start_month, "conclusions": CONCLUSIONS},
    )
    if not created and review.status == ReviewStatus.DRAFT:
        review.conclusions = {**CONCLUSIONS, **(review.conclusions or {})}
        review.save()
    stdout.write(f"Reviews: annual review {review.label} ({review.get_status_display().lower()}).")
