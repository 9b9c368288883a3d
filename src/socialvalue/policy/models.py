"""The organisation's social value policy, held as data an administrator edits."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from socialvalue.core.import_jobs import ImportJob


class AuthorityType(models.TextChoices):
    CENTRAL = "central", "Central government"
    SUB_CENTRAL = "sub_central", "Sub-central (local authorities, police, fire, NHS trusts)"


class Organisation(models.Model):
    """The public body using the platform (one per installation)."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    authority_type = models.CharField(max_length=20, choices=AuthorityType.choices)
    financial_year_start_month = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="The month the financial year starts: 4 for April.",
    )
    policy_title = models.CharField(max_length=200, blank=True)
    policy_adopted_on = models.DateField(null=True, blank=True)
    contact_email = models.EmailField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name


class IdentifierScheme(models.TextChoices):
    """org-id.guide schemes Find a Tender accepts for a contracting authority."""

    PPON = "GB-PPON", "Public Procurement Organisation Number (GB-PPON)"
    COMPANIES_HOUSE = "GB-COH", "Companies House (GB-COH)"
    GOVERNMENT = "GB-GOR", "Government organisation register (GB-GOR)"
    CHARITY = "GB-CHC", "Charity Commission (GB-CHC)"


class ContractingAuthority(models.Model):
    """A legal body of the organisation that buys in its own name. A joint policy may have
    two: the Police and Crime Commissioner and the Chief Constable each award contracts,
    and each notice names the one that buys."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracting_authorities"
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    identifier_scheme = models.CharField(
        "identifier scheme", max_length=20, choices=IdentifierScheme.choices, default="GB-PPON"
    )
    identifier = models.CharField(
        max_length=60, help_text="The number in that scheme, for example PXYZ-1234-ABCD"
    )
    street_address = models.CharField(max_length=200)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=10)
    contact_name = models.CharField(
        "contact (a team, not a person)", max_length=120, help_text="For example Procurement"
    )
    contact_email = models.EmailField()
    contact_telephone = models.CharField(max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "contracting authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_scheme", "identifier"], name="authority_identifier_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def party_id(self) -> str:
        """The OCDS party id: scheme and number, as Find a Tender writes it."""
        return f"{self.identifier_scheme}-{self.identifier}"


class PlanPeriod(models.Model):
    """A Police and Crime Plan (or corporate plan) period with its own priorities."""

    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date"})


class Priority(models.Model):
    """One priority of a plan period, e.g. "Protecting Local Policing"."""

    plan_period = models.ForeignKey(PlanPeriod, on_delete=models.PROTECT, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_period", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_period", "number"], name="priority_unique_number"
            ),
            models.UniqueConstraint(fields=["plan_period", "title"], name="priority_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StatementKind(models.TextChoices):
    AIM = "aim", "Aim"
    OBJECTIVE = "objective", "Objective"
    PRINCIPLE = "principle", "Principle"


class PolicyStatement(models.Model):
    """An aim, objective or principle of the policy, with its paragraph reference."""

    kind = models.CharField(max_length=20, choices=StatementKind.choices)
    reference = models.CharField(max_length=20, help_text="Paragraph number, e.g. 3.3.3")
    title = models.CharField(max_length=200)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="statement_unique_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class WeightingBasis(models.TextChoices):
    QUALITY = "quality", "Of the quality element"
    TOTAL = "total", "Of the total score"


class EvaluationRule(models.Model):
    """The minimum social value weighting, in force from a date. Changes add a new row."""

    minimum_weighting_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    basis = models.CharField(max_length=10, choices=WeightingBasis.choices, default="quality")
    effective_from = models.DateField(unique=True)
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_weighting_percent__gte=0)
                & models.Q(minimum_weighting_percent__lte=100),
                name="evaluation_rule_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.minimum_weighting_percent}% {self.get_basis_display().lower()}"

    def as_percent_of_total(self, quality_weight: Decimal) -> Decimal:
        """The minimum as a share of the total score, for a quality weight out of 100."""
        if self.basis == WeightingBasis.TOTAL:
            return self.minimum_weighting_percent
        return (self.minimum_weighting_percent * Decimal(quality_weight) / 100).quantize(
            Decimal("0.01")
        )

    def as_percent_of_quality(self, quality_weight: Decimal) -> Decimal | None:
        """The minimum as a share of the quality element (None when quality weighs 0)."""
        if self.basis == WeightingBasis.QUALITY:
            return self.minimum_weighting_percent
        if not quality_weight:
            return None
        return (self.minimum_weighting_percent * 100 / Decimal(quality_weight)).quantize(
            Decimal("0.01")
        )


class ThresholdAuthority(models.TextChoices):
    CENTRAL = "central", "Central government"
    SUB_CENTRAL = "sub_central", "Sub-central"
    ALL = "all", "All contracting authorities"


class ContractType(models.TextChoices):
    GOODS_SERVICES = "goods_services", "Goods (supplies) and services"
    WORKS = "works", "Works"
    LIGHT_TOUCH = "light_touch", "Light-touch services"
    CONCESSION = "concession", "Concessions"
    LIGHT_TOUCH_CONCESSION = "light_touch_concession", "Light-touch concessions"
    SMALL_LOT_GOODS_SERVICES = "small_lot_goods_services", "Small lots: supplies and services"
    SMALL_LOT_WORKS = "small_lot_works", "Small lots: works"
    BELOW_THRESHOLD_NOTICE = "below_threshold_notice", "Regulated below-threshold (notices)"


class Threshold(models.Model):
    """A statutory procurement threshold, including VAT, for procurements started in a period."""

    regime = models.CharField(max_length=120)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Last day; blank while in force.")
    authority_type = models.CharField(max_length=20, choices=ThresholdAuthority.choices)
    contract_type = models.CharField(max_length=40, choices=ContractType.choices)
    amount_inc_vat = models.DecimalField(
        "amount including VAT",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    source = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from", "contract_type", "authority_type"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="threshold_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_inc_vat__gt=0), name="threshold_positive"
            ),
            models.UniqueConstraint(
                fields=["valid_from", "authority_type", "contract_type"],
                name="threshold_unique_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regime}: {self.get_contract_type_display()} £{self.amount_inc_vat:,.2f}"

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The last day must be on or after the first day"})


district_code_validator = RegexValidator(
    r"^[EWSN]\d{8}$", "Write a local authority district code like E07000123"
)


class LocalArea(models.Model):
    """A place the policy counts as local, as a set of local authority district codes."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    district_codes = models.JSONField(default=list, help_text="ONS LAD codes, e.g. E07000123")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Smaller first: the most local area is checked first."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme of the measures library, e.g. "Fighting climate change"."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """An outcome within a theme, e.g. "Effective stewardship of the environment"."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="outcomes")
    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "title"], name="outcome_unique_title_in_theme")
        ]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A measure a supplier can commit to and report against, with its proxy value."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=255)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="measures")
    unit = models.CharField(max_length=60, help_text="What is counted, e.g. tonnes CO2e, hours")
    proxy_value = models.DecimalField(
        "proxy value (£ per unit)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=(
            "Leave blank when no open valuation exists: the measure then counts in units only."
        ),
    )
    proxy_source = models.TextField(blank=True)
    proxy_year = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence_required = models.TextField(help_text="What a supplier must provide as evidence.")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="measures")
    active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proxy_value__isnull=True) | models.Q(proxy_value__gte=0),
                name="measure_proxy_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.proxy_value is not None and not (self.proxy_source and self.proxy_year):
            raise ValidationError(
                {"proxy_source": "Give the source and year of the proxy value, or leave it blank"}
            )


class DeliveryStatusRule(models.Model):
    """When a commitment's delivery counts as green, amber or red, and how long suppliers
    have to report after a period ends. In force from a date: changes add a new row."""

    green_from_percent = models.DecimalField(
        "green at or above (% of the target delivered)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("90.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    amber_from_percent = models.DecimalField(
        "amber at or above (% of the target delivered)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("70.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Below this a commitment is red and needs a recovery plan.",
    )
    return_due_days = models.PositiveSmallIntegerField(
        "days to report after a period ends",
        default=30,
        validators=[MaxValueValidator(366)],
        help_text="A return not submitted by then is overdue and its supplier is reminded.",
    )
    effective_from = models.DateField(unique=True)
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amber_from_percent__gte=0)
                & models.Q(amber_from_percent__lte=models.F("green_from_percent"))
                & models.Q(green_from_percent__lte=100),
                name="delivery_status_rule_thresholds_in_order",
            )
        ]

    def __str__(self) -> str:
        return (
            f"green from {self.green_from_percent}%, amber from {self.amber_from_percent}%, "
            f"returns due {self.return_due_days} days after a period"
        )

    def clean(self) -> None:
        green, amber = self.green_from_percent, self.amber_from_percent
        if green is not None and amber is not None and amber > green:
            raise ValidationError(
                {"amber_from_percent": "Amber must start at or below where green starts"}
            )


class MeasureImport(ImportJob):
    """One uploaded measures library file, imported in the background (core/import_jobs.py)."""

    upload = models.FileField(upload_to="imports/measures/%Y/%m/", blank=True)

    class Meta(ImportJob.Meta):
        verbose_name = "measures import"
