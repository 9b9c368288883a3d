"""Procurement projects, their social value assessment, engagement with the market and
communities, proportionality bands and guidance (toolkits)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import transition
from simple_history.models import HistoricalRecords

from socialvalue.core.fields import Digits, StatusField
from socialvalue.core.transitions import StatusModel, guard
from socialvalue.domain.organisation_type import (
    REGISTRATION_FORMS,
    is_vcse_form,
    legal_form_choices,
)
from socialvalue.domain.thresholds import Category as DomainCategory
from socialvalue.policy.models import ContractingAuthority, Measure, Priority

MONEY: Digits = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Category(models.TextChoices):
    SERVICES = "services", "Services"
    SUPPLIES = "supplies", "Supplies (goods)"
    WORKS = "works", "Works"
    MIXED = "mixed", "Supplies or works with a service element"
    LIGHT_TOUCH = "light_touch", "Light-touch services (for example health, social or legal)"

    @property
    def domain(self) -> DomainCategory:
        """The category as the pure Social Value Act rules name it."""
        return CATEGORY_TO_DOMAIN[self]


CATEGORY_TO_DOMAIN: dict[str, DomainCategory] = {
    Category.SERVICES: DomainCategory.SERVICES,
    Category.SUPPLIES: DomainCategory.SUPPLIES,
    Category.WORKS: DomainCategory.WORKS,
    Category.MIXED: DomainCategory.MIXED_WITH_SERVICES,
    Category.LIGHT_TOUCH: DomainCategory.LIGHT_TOUCH,
}


class Stage(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline"
    PRE_PROCUREMENT = "pre_procurement", "Pre-procurement"
    TENDER = "tender", "Tender"
    EVALUATION = "evaluation", "Evaluation"
    AWARDED = "awarded", "Awarded"
    CONTRACT_LIVE = "contract_live", "Contract live"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STAGES = [
    Stage.PIPELINE,
    Stage.PRE_PROCUREMENT,
    Stage.TENDER,
    Stage.EVALUATION,
    Stage.AWARDED,
    Stage.CONTRACT_LIVE,
]
UPCOMING_STAGES = [Stage.PIPELINE, Stage.PRE_PROCUREMENT]

VAT_CHOICES = [(True, "Yes, it includes VAT"), (False, "No, it excludes VAT")]


@guard("The social value assessment must be signed off before the project moves to tender")
def assessment_signed_off(project: Project) -> bool:
    """The condition to move to tender: a signed-off social value assessment (read from the
    database, not a cached relation, so a sign-off a moment ago counts)."""
    return Assessment.objects.filter(project=project, signed_off_at__isnull=False).exists()


class Project(StatusModel, models.Model):
    """A procurement from the first idea to the end of the contract."""

    title = models.CharField(max_length=200)
    description = models.TextField()
    requesting_department = models.CharField("department that asked for it", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_projects"
    )
    # Blank only for rows older than contracting authorities; the form asks for it.
    contracting_authority = models.ForeignKey(
        ContractingAuthority,
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=False,
        verbose_name="contracting authority",
        help_text="The body that buys: it is named on every notice.",
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    estimated_value = models.DecimalField(
        "estimated whole-life value (£)",
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="The total over the whole life of the contract, extensions included.",
        **MONEY,
    )
    value_includes_vat = models.BooleanField(
        "does the estimated value include VAT?", choices=VAT_CHOICES, default=False
    )
    procurement_starts_on = models.DateField("procurement starts")
    contract_starts_on = models.DateField("contract starts")
    contract_ends_on = models.DateField("contract ends")
    contact_email = models.EmailField(
        blank=True, help_text="Shown to suppliers on the public pipeline."
    )
    published = models.BooleanField(
        "show on the public pipeline",
        default=False,
        help_text="Suppliers see the title, value band, dates and category, not the value.",
    )
    # Changed only by the transitions below (protected: assigning it raises).
    stage = StatusField(default=Stage.PIPELINE, choices=Stage.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement_starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_starts_on__gte=models.F("procurement_starts_on"))
                & models.Q(contract_ends_on__gt=models.F("contract_starts_on")),
                name="project_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value__gt=0), name="project_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        start, begins, ends = (
            self.procurement_starts_on,
            self.contract_starts_on,
            self.contract_ends_on,
        )
        if start and begins and begins < start:
            raise ValidationError(
                {"contract_starts_on": "The contract must start on or after the procurement starts"}
            )
        if begins and ends and ends <= begins:
            raise ValidationError({"contract_ends_on": "The contract must end after it starts"})

    @property
    def domain_category(self) -> DomainCategory:
        return CATEGORY_TO_DOMAIN[self.category]

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    # Stage transitions: services call these through ``project_move``, which says what is
    # missing when a condition is not met and records who moved the project and why.
    @transition(field=stage, source=Stage.PIPELINE, target=Stage.PRE_PROCUREMENT)
    def to_pre_procurement(self) -> None:
        """Work out the need, engage the market and communities, assess social value."""

    @transition(
        field=stage,
        source=Stage.PRE_PROCUREMENT,
        target=Stage.TENDER,
        conditions=[assessment_signed_off],
    )
    def to_tender(self) -> None:
        """Publish the tender."""

    @transition(field=stage, source=Stage.TENDER, target=Stage.EVALUATION)
    def to_evaluation(self) -> None:
        """Tenders are in and being scored."""

    @transition(field=stage, source=Stage.EVALUATION, target=Stage.AWARDED)
    def to_awarded(self) -> None:
        """The contract is awarded."""

    @transition(field=stage, source=Stage.AWARDED, target=Stage.CONTRACT_LIVE)
    def to_contract_live(self) -> None:
        """The contract has started."""

    @transition(field=stage, source=Stage.CONTRACT_LIVE, target=Stage.CLOSED)
    def to_closed(self) -> None:
        """The contract has ended."""

    @transition(field=stage, source=OPEN_STAGES, target=Stage.CANCELLED)
    def to_cancelled(self) -> None:
        """The procurement will not go ahead."""


class Lot(models.Model):
    """A part of a project that can be awarded on its own."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lots")
    title = models.CharField(max_length=200)
    value = models.DecimalField(
        "estimated value (£)", validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class StageChange(models.Model):
    """One move of a project from a stage to another: who, when and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} to {self.to_stage}"


class ValueBand(models.Model):
    """A proportionality band of the policy: what to ask of contracts in a value range."""

    min_value = models.DecimalField("from (£, including VAT)", validators=NOT_NEGATIVE, **MONEY)
    max_value = models.DecimalField(
        "up to, not including (£)",
        null=True,
        blank=True,
        help_text="Leave blank for 'and above'.",
        **MONEY,
    )
    weighting_percent = models.DecimalField(
        "proposed social value weighting (%)", max_digits=5, decimal_places=2, validators=PERCENT
    )
    measure_count = models.PositiveSmallIntegerField(
        "number of measures", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    categories = models.JSONField(
        default=list, blank=True, help_text="Leave empty to use the band for every category."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["min_value"]

    def __str__(self) -> str:
        upper = f"£{self.max_value:,.0f}" if self.max_value is not None else "above"
        return f"£{self.min_value:,.0f} to {upper}"

    def clean(self) -> None:
        low, high = self.min_value, self.max_value
        if high is not None and low is not None and high <= low:
            raise ValidationError(
                {"max_value": "The upper value must be more than the lower value"}
            )


class EngagementKind(models.TextChoices):
    CONSULTATION = "consultation", "Consultation with local people and organisations"
    MARKET = "market", "Market engagement with providers"
    MEET_THE_BUYER = "meet_the_buyer", "Meet-the-buyer event"


class EngagementRecord(models.Model):
    """A consultation, market engagement or meet-the-buyer event and what it taught us."""

    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        help_text="Leave blank for engagement about more than one procurement.",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    held_on = models.DateField("date")
    starts_at = models.TimeField(
        "start time",
        null=True,
        blank=True,
        help_text="For example 10:00. Online registration closes when the event starts; "
        "without a time it closes at the start of the day.",
    )
    location = models.CharField(max_length=200, blank=True)
    local_count = models.PositiveIntegerField(
        "local people and organisations who took part", default=0
    )
    sme_count = models.PositiveIntegerField("small and medium-sized enterprises", default=0)
    vcse_count = models.PositiveIntegerField(
        "voluntary, community and social enterprises", default=0
    )
    equality_groups_count = models.PositiveIntegerField("equality groups represented", default=0)
    learned = models.TextField("what we learned", blank=True)
    registration_open = models.BooleanField(
        "let people register online",
        default=False,
        help_text="Opens a public registration form for this event.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %b %Y})"

    @property
    def registration_closes_at(self) -> datetime:
        """When online registration closes: the event's start (UK time)."""
        return timezone.make_aware(datetime.combine(self.held_on, self.starts_at or time(0, 0)))

    def registration_is_open(self, now: datetime | None = None) -> bool:
        """Whether the public may register now: opened by an officer and not yet started."""
        return self.registration_open and (now or timezone.now()) < self.registration_closes_at

    @property
    def has_counts(self) -> bool:
        """Whether an officer entered how many took part (local, SME, VCSE, equality)."""
        return any((self.local_count, self.sme_count, self.vcse_count, self.equality_groups_count))


class EngagementAttachment(models.Model):
    """A file kept with an engagement record (notes, slides, attendance sheet)."""

    record = models.ForeignKey(
        EngagementRecord, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="engagement/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class OrganisationSize(models.TextChoices):
    MICRO = "micro", "Micro (fewer than 10 staff)"
    SMALL = "small", "Small (10 to 49 staff)"
    MEDIUM = "medium", "Medium (50 to 249 staff)"
    LARGE = "large", "Large (250 staff or more)"
    INDIVIDUAL = "individual", "Not an organisation: a member of the public"


SME_SIZES = frozenset({OrganisationSize.MICRO, OrganisationSize.SMALL, OrganisationSize.MEDIUM})


class _Registrant(models.Model):
    name = models.CharField("your name", max_length=200)
    organisation = models.CharField("organisation", max_length=200)
    email = models.EmailField("email address")
    postcode = models.CharField(
        "organisation's postcode", max_length=10, help_text="For example, PR4 5SB"
    )
    size = models.CharField("size of organisation", max_length=20, choices=OrganisationSize.choices)
    legal_form = models.CharField(
        "kind of organisation", max_length=20, choices=legal_form_choices(REGISTRATION_FORMS)
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_sme(self) -> bool:
        return self.size in SME_SIZES

    @property
    def is_vcse(self) -> bool:
        return is_vcse_form(self.legal_form)


class EventRegistration(_Registrant):
    """Someone registered for an event through the public form; attendance set by an officer."""

    event = models.ForeignKey(
        EngagementRecord, on_delete=models.CASCADE, related_name="registrations"
    )
    interests = models.TextField("what you would like to hear about", blank=True)
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class InterestRegistration(_Registrant):
    """A supplier's interest in an upcoming opportunity of the public pipeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    message = models.TextField("anything you would like us to know", blank=True)

    class Meta:
        ordering = ["registered_at"]

    def __str__(self) -> str:
        return f"{self.organisation} for {self.project}"


RELEVANT_CHOICES = [(True, "Yes"), (False, "No")]


class Assessment(models.Model):
    """The social value assessment of a project, signed off before it goes to tender."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="assessment")
    relevant = models.BooleanField(
        "is added social value relevant to this contract?",
        choices=RELEVANT_CHOICES,
        null=True,
        blank=True,
    )
    not_relevant_rationale = models.TextField("why added social value is not relevant", blank=True)
    priorities = models.ManyToManyField(Priority, blank=True, related_name="assessments")
    weighting_percent = models.DecimalField(
        "social value weighting (% of the quality element)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    market_input = models.TextField("what the market told us", blank=True)
    community_input = models.TextField("what communities told us", blank=True)
    engagements = models.ManyToManyField(EngagementRecord, blank=True, related_name="assessments")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[priorities, engagements])

    def __str__(self) -> str:
        return f"Social value assessment: {self.project}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class AssessmentMeasure(models.Model):
    """A measure chosen for the contract with the target the buyer will ask for."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "measure"], name="assessment_measure_once"
            ),
            models.CheckConstraint(
                condition=models.Q(target__gt=0), name="assessment_measure_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code}: {self.target}"


class Audience(models.TextChoices):
    STAFF = "staff", "Staff"
    SUPPLIERS = "suppliers", "Suppliers and the public"


class Guidance(models.Model):
    """A toolkit page: guidance for staff, or public guidance for suppliers."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(
        help_text="Plain text. Leave a blank line between paragraphs; start a line with "
        "'## ' for a heading or '- ' for a bullet."
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "guidance"

    def __str__(self) -> str:
        return self.title
