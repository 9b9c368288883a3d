"""What the platform keeps about Procurement Act notices: which ones an officer recorded as
published on Find a Tender (date and reference), a procurement's exemption, and the
performance ratings confirmed for a contract performance notice (UK9).

Which notices are due, and when, is not stored: ``notices.selectors`` works it out from the
procurement's records with the pure rules of ``socialvalue.domain.notices`` each time, so a
change of a date or a value moves the due date with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from socialvalue.contracts.models import Contract, ContractVariation, Kpi
from socialvalue.domain.notices import NoticeType, PerformanceRating
from socialvalue.domain.payment_times import Period
from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement.models import Project

NOTICE_TYPES = [(t.value, f"{t.value} {t.label}") for t in NoticeType]
RATINGS = [(r.value, r.label) for r in PerformanceRating]


class NoticePlan(models.Model):
    """A procurement's own answers the notice rules need: whether it is exempt."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="notice_plan")
    exempt_reason = models.TextField(
        "why the contract is exempt",
        blank=True,
        help_text="Only for an exempted contract under Schedule 2 of the Act, with the "
        "paragraph, for example 'Schedule 2 paragraph 2: vertical arrangement'. Leave blank "
        "otherwise.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Notice plan of {self.project}"


class Notice(models.Model):
    """A notice the officer published on Find a Tender, as they recorded it here.

    Two shapes, one of which holds (a database constraint): a procurement's notice (UK1 to
    UK11 but UK8: ``project`` set) or a contracting authority's payments compliance notice
    for a reporting period (UK8, s.69: ``contracting_authority`` and the period set, no
    procurement)."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    contracting_authority = models.ForeignKey(
        ContractingAuthority,
        on_delete=models.PROTECT,
        related_name="payments_notices",
        null=True,
        blank=True,
        help_text="A payments compliance notice's body (no procurement)",
    )
    period_start = models.DateField("reporting period from", null=True, blank=True)
    period_end = models.DateField("reporting period to", null=True, blank=True)
    notice_type = models.CharField(max_length=8, choices=NOTICE_TYPES)
    key = models.CharField(
        max_length=80, help_text="Which notice of the procurement (or of the body) it is"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    variation = models.ForeignKey(
        ContractVariation, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    published_on = models.DateField("published on")
    reference = models.CharField(
        "Find a Tender notice reference", max_length=40, help_text="For example 2026/S 000-012345"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "published_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="notice_once_per_key"),
            models.UniqueConstraint(
                fields=["contracting_authority", "key"],
                condition=models.Q(project__isnull=True),
                name="payments_notice_once_per_period",
            ),
            models.UniqueConstraint(fields=["reference"], name="notice_reference_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        project__isnull=False,
                        contracting_authority__isnull=True,
                        period_start__isnull=True,
                        period_end__isnull=True,
                    )
                    & ~models.Q(notice_type=NoticeType.UK8.value)
                )
                | models.Q(
                    project__isnull=True,
                    contracting_authority__isnull=False,
                    period_start__isnull=False,
                    period_end__gte=models.F("period_start"),
                    contract__isnull=True,
                    variation__isnull=True,
                    notice_type=NoticeType.UK8.value,
                ),
                name="notice_of_procurement_or_payments_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_type} {self.reference}"

    @property
    def period(self) -> Period | None:
        """A payments compliance notice's reporting period (None for a procurement's)."""
        if self.period_start is None or self.period_end is None:
            return None
        return Period(self.period_start, self.period_end)

    @property
    def type(self) -> NoticeType:
        return NoticeType(self.notice_type)


class KpiRating(models.Model):
    """A KPI's rating for one contract performance notice (UK9): proposed from the delivery
    records, confirmed (or changed, with a reason) by the officer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpi_ratings")
    key = models.CharField(max_length=80, help_text="The UK9 notice the rating belongs to")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="ratings")
    proposed = models.CharField(max_length=30, choices=RATINGS)
    rating = models.CharField(max_length=30, choices=RATINGS)
    note = models.TextField("why, when it differs from the proposal", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "key", "kpi__position", "kpi__pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "kpi"], name="one_rating_per_kpi_and_notice")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.get_rating_display()}"
