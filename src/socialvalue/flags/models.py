"""Red flags, the rules that raise them and each computation.

A ``Flag`` is stored by a background computation (``flags.services.flags_compute``), never
by a request; it is identified by its code and ``key`` (what it is about), so a
recomputation finds the same row again and keeps its review. A flag that no longer holds is
removed unless someone reviewed it: then it stays, marked as no longer holding.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_fsm import transition
from simple_history.models import HistoricalRecords

from socialvalue.contracts.models import Contract
from socialvalue.core.fields import StatusField
from socialvalue.core.transitions import StatusModel
from socialvalue.domain.flags import FlagCode
from socialvalue.procurement.models import Project
from socialvalue.suppliers.models import Supplier

CODE_CHOICES = [(code.value, code.label) for code in FlagCode]


class FlagRule(models.Model):
    """A flag's settings (its thresholds), in force from a date. Changes add a new row."""

    code = models.CharField(max_length=20, choices=CODE_CHOICES)
    effective_from = models.DateField()
    active = models.BooleanField(default=True, help_text="Clear to stop raising this flag.")
    settings = models.JSONField(
        default=dict,
        blank=True,
        help_text='Numbers as text, for example {"minimum_days": "15"}. Blank keys take the '
        "defaults in docs/red-flags.md.",
    )
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="flag_rule_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{FlagCode(self.code).label} from {self.effective_from:%d %B %Y}"


class FlagStatus(models.TextChoices):
    OPEN = "open", "To review"
    REVIEWED = "reviewed", "Reviewed: action taken or needed"
    DISMISSED = "dismissed", "Dismissed"


class Flag(StatusModel, models.Model):
    """One red flag with the evidence that raised it and what a reviewer decided."""

    code = models.CharField(max_length=20, choices=CODE_CHOICES, db_index=True)
    key = models.CharField(max_length=200, help_text="What the flag is about, stable.")
    title = models.CharField(max_length=255)
    summary = models.TextField()
    # [[label, value], ...] in words: what raised the flag.
    evidence = models.JSONField(default=list)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    supplier_name = models.CharField(max_length=255, blank=True)  # a payee not on the register
    happened_on = models.DateField(help_text="When what raised the flag happened.")
    holds = models.BooleanField(default=True, help_text="False once the data no longer raises it.")
    raised_at = models.DateTimeField()
    computed_at = models.DateTimeField()
    status = StatusField(
        max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN, protected=True
    )
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["computed_at"])

    class Meta:
        ordering = ["-happened_on", "code", "key"]
        constraints = [models.UniqueConstraint(fields=["code", "key"], name="one_flag_per_key")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.title}"

    # A reviewer's decisions, called by ``flags.services.flag_review``, which saves the row.
    # A decision can be changed (reviewed to dismissed, say) or taken back to "to review",
    # always with a reason; the computation never moves the status.
    @transition(
        field=status,
        source=[FlagStatus.OPEN, FlagStatus.REVIEWED, FlagStatus.DISMISSED],
        target=FlagStatus.REVIEWED,
    )
    def review(self, *, by, at, reason: str) -> None:
        self._decided(by, at, reason)

    @transition(
        field=status,
        source=[FlagStatus.OPEN, FlagStatus.REVIEWED, FlagStatus.DISMISSED],
        target=FlagStatus.DISMISSED,
    )
    def dismiss(self, *, by, at, reason: str) -> None:
        self._decided(by, at, reason)

    @transition(
        field=status,
        source=[FlagStatus.REVIEWED, FlagStatus.DISMISSED],
        target=FlagStatus.OPEN,
        custom={"refused": "This flag is already waiting for review"},
    )
    def reopen(self, *, by, at, reason: str) -> None:
        self._decided(by, at, reason)

    def _decided(self, by, at, reason: str) -> None:
        self.review_reason, self.reviewed_by, self.reviewed_at = reason, by, at

    @property
    def source(self) -> str:
        return FlagCode(self.code).source.value

    @property
    def payee(self) -> str:
        return self.supplier.name if self.supplier is not None else self.supplier_name


class FlagRun(models.Model):
    """One computation of every flag: when, what it found and what the data could support."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    raised = models.PositiveIntegerField(default=0)
    cleared = models.PositiveIntegerField(default=0)
    # [{"code": ..., "supported": bool, "note": "..."}, ...]
    coverage = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Flags computed {self.started_at:%d %B %Y %H:%M}"
