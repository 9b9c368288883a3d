"""Demo annual reviews, as drafts: this financial year's, some conclusions written, and the
latest complete year's, with conclusions for every section (ready for publishing). The
years are those of the day the demo is loaded (``core.demo_clock``)."""

from __future__ import annotations

from socialvalue.core.demo_clock import demo_calendar
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

LAST_YEAR_CONCLUSIONS = {
    "aims": "Every aim has evidence behind it this year; the environmental aim rests on one "
    "contract's commitments.",
    "social_value": "The domestic abuse support contract is delivering a little ahead of its "
    "commitments, with every return verified.",
    "spend": "Most influenceable spend stays with suppliers whose place we know; the share "
    "with small suppliers and VCSEs is the figure to grow.",
    "contracts": "Contract managers checked every return within a week of its submission.",
    "weighting": "The small procurements were run on price and quality alone: from next "
    "year social value is weighted in every procurement over £30,000.",
    "engagement": "Survivors and providers shaped the domestic abuse support service before "
    "it was tendered; the meet-the-buyer event reached local charities.",
    "overall": "A year in which social value moved from policy to contracts. Next year: "
    "weight social value in smaller procurements too, and report the environmental measures "
    "of every contract.",
}


def load(stdout) -> None:
    this = current_year(demo_calendar().today)
    review = _draft(this.start_year, this.start_month, CONCLUSIONS)
    last = _draft(this.start_year - 1, this.start_month, LAST_YEAR_CONCLUSIONS)
    stdout.write(
        f"Reviews: annual reviews {review.label} ({review.get_status_display().lower()}) and "
        f"{last.label} ({last.get_status_display().lower()})."
    )


def _draft(start_year: int, start_month: int, conclusions: dict[str, str]) -> AnnualReview:
    review, created = AnnualReview.objects.get_or_create(
        start_year=start_year,
        defaults={"start_month": start_month, "conclusions": conclusions},
    )
    if not created and review.status == ReviewStatus.DRAFT:
        review.conclusions = {**conclusions, **(review.conclusions or {})}
        review.save()
    return review
