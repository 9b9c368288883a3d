"""Contracts, their social value KPIs, suppliers' delivery returns and their verification.

What the rows here guarantee:

* a contract's KPIs are what the winning bid committed (or what was agreed for a contract
  that did not come through a tender here), valued at the unit value frozen when the KPI was
  made, so a later change of the measures library does not change a live contract;
* a delivery line is never deleted or overwritten silently: every change is in its
  ``history`` and in the audit log, and a rejected line is corrected by a new version;
* a contract's value, dates and KPIs change only through an approved ``ContractVariation``.

The periods, targets and red/amber/green rules are in ``socialvalue.domain.delivery``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django_fsm import transition
from simple_history.models import HistoricalRecords

from socialvalue.core.fields import Digits, StatusField
from socialvalue.core.transitions import StatusModel
from socialvalue.domain import delivery as rules
from socialvalue.domain.money import format_gbp, format_quantity, to_pounds
from socialvalue.policy.models import Measure
from socialvalue.procurement.models import Project
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import Bid, Tender

MONEY: Digits = {"max_digits": 14, "decimal_places": 2}
QUANTITY: Digits = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Route(models.TextChoices):
    TENDERED = "tendered", "Tendered on this platform"
    DIRECT_AWARD = "direct_award", "Direct award"
    PRE_PLATFORM = "pre_platform", "Signed before the platform"


class Frequency(models.IntegerChoices):
    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly"
    HALF_YEARLY = 6, "Every six months"
    YEARLY = 12, "Yearly"


class Contract(models.Model):
    """A contract with a supplier and the social value it committed to deliver."""

    reference = models.CharField(max_length=40, unique=True, help_text="For example LC-C-2026-007")
    title = models.CharField(max_length=200)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="contracts", null=True, blank=True
    )
    tender = models.OneToOneField(
        Tender, on_delete=models.PROTECT, related_name="contract", null=True, blank=True
    )
    awarded_bid = models.OneToOneField(
        Bid, on_delete=models.PROTECT, related_name="contract", null=True, blank=True
    )
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.TENDERED)
    value = models.DecimalField("contract value (£)", validators=NOT_NEGATIVE, **MONEY)
    starts_on = models.DateField("contract starts")
    ends_on = models.DateField("contract ends")
    extension_options = models.TextField(
        "options to extend", blank=True, help_text="For example: two extensions of 12 months."
    )
    extension_months = models.PositiveSmallIntegerField(
        "extension available (months in all)", null=True, blank=True
    )
    award_decision = models.TextField("award decision", blank=True)
    standstill_starts_on = models.DateField("standstill starts", null=True, blank=True)
    standstill_ends_on = models.DateField("standstill ends", null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    awarded_at = models.DateTimeField()
    reporting_months = models.PositiveSmallIntegerField(
        "reporting frequency", choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="managed_contracts",
        null=True,
        blank=True,
        help_text="The contract manager who checks the supplier's returns.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="contract_value_ok"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def periods(self) -> list[rules.Period]:
        return rules.reporting_periods(self.starts_on, self.ends_on, self.reporting_months)


class KpiSource(models.TextChoices):
    COMMITMENT = "commitment", "Bid commitment"
    OWN_PROPOSAL = "own_proposal", "Bidder's own proposal"
    AGREED = "agreed", "Agreed with the supplier"


class Basis(models.TextChoices):
    PER_YEAR = rules.Basis.PER_YEAR.value, "Per contract year"
    PER_PERIOD = rules.Basis.PER_PERIOD.value, "Per reporting period"


class Kpi(models.Model):
    """A social value commitment the supplier reports against. ``measure`` is blank for a
    bidder's own proposal: its title and unit then say what is counted."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="kpis", null=True, blank=True
    )
    title = models.CharField(max_length=255)
    unit = models.CharField(max_length=60)
    quantity = models.DecimalField("target quantity", validators=NOT_NEGATIVE, **QUANTITY)
    basis = models.CharField(max_length=20, choices=Basis.choices, default=Basis.PER_YEAR)
    contract_year = models.PositiveSmallIntegerField(
        "applies in contract year",
        null=True,
        blank=True,
        help_text="Leave blank when the target applies in every year of the contract.",
    )
    unit_value = models.DecimalField(
        "value per unit (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="Frozen when the KPI is made. Blank: the KPI counts in units only.",
    )
    source = models.CharField(max_length=20, choices=KpiSource.choices, default=KpiSource.AGREED)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "position", "pk"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        year = f" (year {self.contract_year})" if self.contract_year else ""
        return f"{self.title}{year}"

    @property
    def target(self) -> rules.Target:
        return rules.Target(
            quantity=self.quantity, basis=rules.Basis(self.basis), year=self.contract_year
        )

    @property
    def code(self) -> str:
        return self.measure.code if self.measure_id else "Own"

    def value_of(self, quantity: Decimal) -> Decimal:
        """Pounds (to the penny) of ``quantity`` units at the KPI's frozen unit value; a KPI
        without one (an unvalued own proposal) counts in units only, so 0."""
        return to_pounds(quantity * (self.unit_value or Decimal(0)))


class DeliveryReturn(models.Model):
    """A supplier's report of what a contract delivered in one reporting period."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="returns")
    period_number = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "period_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "period_number"], name="one_return_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Return {self.period_number} for {self.contract.reference}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class LineStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for checks"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class ReturnLine(StatusModel, models.Model):
    """What was delivered against one KPI in one period. A rejected line is corrected and
    resubmitted as a new ``version``; its history keeps every earlier one."""

    delivery_return = models.ForeignKey(
        DeliveryReturn, on_delete=models.CASCADE, related_name="lines"
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="lines")
    quantity = models.DecimalField("quantity delivered", validators=NOT_NEGATIVE, **QUANTITY)
    narrative = models.TextField("what was delivered")
    # Changed only by the transitions below (protected: assigning it raises).
    status = StatusField(
        max_length=20, choices=LineStatus.choices, default=LineStatus.SUBMITTED, protected=True
    )
    version = models.PositiveSmallIntegerField(default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("reason for rejecting", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delivery_return", "kpi__position", "kpi__pk"]
        constraints = [
            models.UniqueConstraint(fields=["delivery_return", "kpi"], name="one_line_per_kpi")
        ]

    def __str__(self) -> str:
        return f"{self.kpi} in {self.delivery_return}"

    # Status moves, called by the services (``core.transitions.move``), which save the row.
    @transition(
        field=status,
        source=LineStatus.SUBMITTED,
        target=LineStatus.VERIFIED,
        custom={"refused": "This line is {status}, not waiting"},
    )
    def verify(self, *, by, at) -> None:
        self.reviewed_by, self.reviewed_at, self.reason = by, at, ""

    @transition(
        field=status,
        source=LineStatus.SUBMITTED,
        target=LineStatus.REJECTED,
        custom={"refused": "This line is {status}, not waiting"},
    )
    def reject(self, *, by, at, reason: str) -> None:
        self.reviewed_by, self.reviewed_at, self.reason = by, at, reason

    @transition(
        field=status,
        source=LineStatus.REJECTED,
        target=LineStatus.SUBMITTED,
        custom={"refused": "Only a rejected line can be corrected"},
    )
    def correct(self, *, quantity: Decimal, narrative: str, by, at) -> None:
        """Resubmit a rejected line as its next version, waiting for checks again."""
        self.quantity, self.narrative = quantity, narrative
        self.version += 1
        self.submitted_by, self.submitted_at = by, at
        self.reviewed_by, self.reviewed_at, self.reason = None, None, ""


class EvidenceFile(models.Model):
    """A file the supplier gave as evidence for a line. Never deleted: a correction adds
    files to the new version."""

    line = models.ForeignKey(ReturnLine, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    line_version = models.PositiveSmallIntegerField(default=1)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "pk"]

    def __str__(self) -> str:
        return self.name


class RecoveryPlan(models.Model):
    """What the supplier and the manager agreed to bring a red KPI back on track."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="recovery_plans")
    actions = models.TextField("what will be done")
    recover_by = models.DateField("back on track by")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Recovery plan for {self.kpi}"


class ContractMessage(models.Model):
    """A message between the council's staff and the supplier's users about a contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField("message")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} on {self.contract.reference}"


class ReturnReminder(models.Model):
    """A reminder sent for an overdue return: at most one per contract, period and day."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    period_number = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        ordering = ["-sent_on", "contract", "period_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "period_number", "sent_on"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for return {self.period_number} of {self.contract.reference}"


class VariationKind(models.TextChoices):
    VALUE = "value", "Contract value"
    DATES = "dates", "Contract dates"
    KPI = "kpi", "A KPI's target"


class VariationStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for approval"
    APPROVED = "approved", "Approved and applied"
    REFUSED = "refused", "Refused"


class ContractVariation(StatusModel, models.Model):
    """A change of a contract's value, dates or a KPI, with its reason and approval. The
    contract changes only when the variation is approved; old and new values stay here."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="variations")
    kind = models.CharField(max_length=10, choices=VariationKind.choices)
    kpi = models.ForeignKey(
        Kpi, on_delete=models.PROTECT, related_name="variations", null=True, blank=True
    )
    old_values = models.JSONField(default=dict)
    new_values = models.JSONField(default=dict)
    reason = models.TextField("reason for the change")
    # Changed only by the transitions below (protected: assigning it raises).
    status = StatusField(
        max_length=10,
        choices=VariationStatus.choices,
        default=VariationStatus.REQUESTED,
        protected=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Variation {self.pk} of {self.contract.reference}: {self.get_kind_display()}"

    # Status moves, called by ``contracts.services.variation_decide``, which applies an
    # approved change to the contract and saves the row.
    @transition(
        field=status,
        source=VariationStatus.REQUESTED,
        target=VariationStatus.APPROVED,
        custom={"refused": "This variation has already been decided"},
    )
    def approve(self, *, by, at, note: str) -> None:
        self.decided_by, self.decided_at, self.decision_note = by, at, note

    @transition(
        field=status,
        source=VariationStatus.REQUESTED,
        target=VariationStatus.REFUSED,
        custom={"refused": "This variation has already been decided"},
    )
    def refuse(self, *, by, at, note: str) -> None:
        self.decided_by, self.decided_at, self.decision_note = by, at, note

    @property
    def old_text(self) -> str:
        """The values before, in words: "£240,000.00", "starts 1 Apr 2026, ends ..."."""
        return self.values_text(self.old_values)

    @property
    def new_text(self) -> str:
        return self.values_text(self.new_values)

    def values_text(self, values: dict) -> str:
        parts = []
        for key, value in values.items():
            if key == "value":
                parts.append(format_gbp(Decimal(value)))
            elif key in ("starts_on", "ends_on"):
                day = date.fromisoformat(str(value))
                word = "starts" if key == "starts_on" else "ends"
                parts.append(f"{word} {day.day} {day:%b %Y}")
            elif key == "quantity":
                parts.append(format_quantity(Decimal(value), self.kpi.unit if self.kpi else ""))
            elif key == "basis":
                parts.append(Basis(value).label.lower() if value in Basis.values else str(value))
            else:
                parts.append(f"{key.replace('_', ' ')} {value}")
        return ", ".join(parts)
