"""The annual review of the social value policy for one financial year.

A draft review is computed from the live data each time it is read; the reviewer's
conclusions are saved with it. Publishing freezes it: the figures (as JSON) and the rendered
report (HTML) are stored and shown from then on, so later changes of the data do not change
a published report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_fsm import transition
from simple_history.models import HistoricalRecords

from socialvalue.core.fields import StatusField
from socialvalue.core.transitions import StatusModel, guard


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Section(models.TextChoices):
    """The sections of the report; the reviewer writes a conclusion for each."""

    AIMS = "aims", "Aims and objectives of the policy"
    SOCIAL_VALUE = "social_value", "Social value committed and delivered"
    SPEND = "spend", "Where we spend"
    CONTRACTS = "contracts", "Contracts and their delivery"
    WEIGHTING = "weighting", "Social value in tender evaluation"
    ENGAGEMENT = "engagement", "Engagement with communities and the market"
    OVERALL = "overall", "Overall conclusions and next steps"


@guard("Write the overall conclusions before publishing the review")
def has_overall_conclusions(review: AnnualReview) -> bool:
    return bool(review.conclusion(Section.OVERALL))


class AnnualReview(StatusModel, models.Model):
    start_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The calendar year the financial year starts in: 2025 for 2025-26."
    )
    start_month = models.PositiveSmallIntegerField(default=4)
    # Changed only by ``publish`` (protected: assigning it raises).
    status = StatusField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, protected=True
    )
    conclusions = models.JSONField(
        default=dict, blank=True, help_text="Section key -> the reviewer's conclusions."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_figures = models.JSONField(null=True, blank=True)
    published_html = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(published_at__isnull=False) & ~models.Q(published_html="")),
                name="published_review_is_frozen",
            )
        ]

    def __str__(self) -> str:
        return f"Annual review {self.label}"

    @property
    def year(self):
        from socialvalue.domain.fiscal import FinancialYear

        return FinancialYear(self.start_year, self.start_month)

    @property
    def label(self) -> str:
        return self.year.label

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    def conclusion(self, section: str) -> str:
        return (self.conclusions or {}).get(section, "")

    @transition(
        field=status,
        source=ReviewStatus.DRAFT,
        target=ReviewStatus.PUBLISHED,
        conditions=[has_overall_conclusions],
        custom={
            "refused": "This review is published: a published report is kept as it was published"
        },
    )
    def publish(self, *, by, at, figures: dict, html: str) -> None:
        """Freeze the review: its figures and report are kept as they are now."""
        self.published_at, self.published_by = at, by
        self.published_figures, self.published_html = figures, html
