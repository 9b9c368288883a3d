from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.reviews.models import AnnualReview, ReviewStatus
from socialvalue.transparency.selectors import current_year


@register
def review_tasks(user) -> list[HomeTask]:
    if not user.has_perm("reviews.view_review"):
        return []
    year = current_year()
    review = AnnualReview.objects.filter(start_year=year.start_year).first()
    published = review is not None and review.status == ReviewStatus.PUBLISHED
    if user.has_perm("reviews.edit_review") and not published:
        return [
            HomeTask(
                "Annual review",
                f"Write the conclusions of the annual review {year.label}",
                reverse("reviews:conclusions", args=[year.label]),
                detail="The review of the social value policy against this year's evidence.",
            )
        ]
    return [
        HomeTask(
            "Annual review",
            f"Read the annual review {year.label}",
            reverse("reviews:review_detail", args=[year.label]),
        )
    ]
