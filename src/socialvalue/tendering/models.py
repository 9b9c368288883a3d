"""Tenders, their evaluation model, bids, evaluators, scores and moderation.

The arithmetic lives in ``socialvalue.domain.evaluation``; ``tendering.selectors`` turns these
rows into its dataclasses. What the rows here must guarantee:

* a tender's model (weights, criteria, methods, the policy rule) and the proxy values of the
  measures are FROZEN when it is published: later edits of the policy or the measures library
  do not change how a live tender is scored;
* a bid's content is sealed until the deadline (see ``tendering.sealing``);
* every change to a bid, score or consensus score is in its ``history`` and in the audit log;
* after award the scores are locked (``Tender.awarded_at`` is set).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import transition
from simple_history.models import HistoricalRecords

from socialvalue.core.fields import Digits, StatusField
from socialvalue.core.transitions import StatusModel, guard
from socialvalue.domain.standstill import Exemption
from socialvalue.policy.models import Measure
from socialvalue.procurement.models import Assessment, Lot, Project
from socialvalue.suppliers.models import Supplier

MONEY: Digits = {"max_digits": 14, "decimal_places": 2}
SCORE: Digits = {"max_digits": 7, "decimal_places": 2}
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
SHARE = [MinValueValidator(Decimal("0"))]  # a fraction such as 0.80 of the mean


class PriceMethod(models.TextChoices):
    RELATIVE_TO_LOWEST = "relative_to_lowest", "Relative to the lowest price"
    PRICE_DIFFERENCE = "price_difference", "Price difference"
    SET_PRICE_BAND = "set_price_band", "Set price band"
    PRICE_PER_QUALITY_POINT = "price_per_quality_point", "Price per quality point"


class SocialValueMethod(models.TextChoices):
    RELATIVE_TO_BEST = "relative_to_best", "Relative to the best offer (social value per pound)"
    AGAINST_TARGET = "against_target", "Against a target (social value per pound)"


class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    SV_QUALITATIVE = "sv_qualitative", "Social value: method statement"
    SV_QUANTITATIVE = "sv_quantitative", "Social value: commitments"


class RuleBasis(models.TextChoices):
    QUALITY = "quality", "of the quality element"
    TOTAL = "total", "of the total score"


class TenderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"  # open for bids until the deadline, then evaluation
    MODERATED = "moderated", "Quality moderation complete"
    PRICES_OPEN = "prices_open", "Prices open"
    RECOMMENDED = "recommended", "Award recommended"
    AWARD_DECIDED = "award_decided", "Award decided"  # the award notice is still to publish
    STANDSTILL = "standstill", "Standstill"  # started by the award notice, or exempt
    AWARDED = "awarded", "Awarded"  # the contract is entered into
    CANCELLED = "cancelled", "Cancelled"


# Guards of the tender's moves: each says, in words, what a refused move is missing.
@guard("Prices are already open")
def prices_not_open(tender: Tender) -> bool:
    return tender.prices_opened_at is None


@guard("Prices open after the deadline for bids")
def past_deadline(tender: Tender) -> bool:
    return tender.deadline_passed()


@guard("Prices open once quality moderation is complete")
def moderated_if_prices_wait(tender: Tender) -> bool:
    return not tender.prices_open_after_moderation or tender.moderation_completed_at is not None


@guard("Moderation is already complete")
def moderation_not_complete(tender: Tender) -> bool:
    return tender.moderation_completed_at is None


@guard("Only a tender with an award recommendation can be awarded")
def has_recommended_bid(tender: Tender) -> bool:
    return tender.recommended_bid_id is not None


@guard("This tender has already been awarded")
def not_awarded(tender: Tender) -> bool:
    return tender.awarded_at is None


@guard("The award is already decided: the scores are locked")
def not_decided(tender: Tender) -> bool:
    return tender.award_decided_at is None


# The stages after the deadline and before the award decision are one stage to anyone but
# the panel: "In evaluation" (with the step, for the officer).
IN_EVALUATION = "In evaluation"


CLOSED_FOR_BIDS = "Closed for bids"
EXEMPTION_CHOICES = [(e.value, e.label) for e in Exemption]


class Tender(StatusModel, models.Model):
    """An invitation to tender for a project (or one of its lots), and how bids are scored."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="tenders")
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="tenders", null=True, blank=True
    )
    reference = models.CharField(max_length=40, unique=True, help_text="For example LC-2026-014")
    title = models.CharField(max_length=200)
    description = models.TextField("what we are buying")
    deadline = models.DateTimeField("deadline for bids")
    clarification_deadline = models.DateField(
        "last day for questions",
        null=True,
        blank=True,
        help_text="Bidders may ask questions until the end of this day (UK time). It must be "
        "before the day of the deadline for bids. Leave blank to take questions until the "
        "deadline for bids.",
    )
    estimated_value = models.DecimalField(
        "pre-tender estimate (£)", null=True, blank=True, validators=SHARE, **MONEY
    )

    # The evaluation model.
    price_weight = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)
    quality_weight = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)
    price_method = models.CharField(
        max_length=30, choices=PriceMethod.choices, default=PriceMethod.RELATIVE_TO_LOWEST
    )
    price_difference_deduction = models.DecimalField(
        "marks lost for a price 100% above the lowest",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave blank to use the whole price weight.",
    )
    price_band_lowest = models.DecimalField(
        "price band: full marks at or below (£)", null=True, blank=True, **MONEY
    )
    price_band_highest = models.DecimalField(
        "price band: no marks at or above (£)", null=True, blank=True, **MONEY
    )
    social_value_relevant = models.BooleanField(default=True)
    prices_open_after_moderation = models.BooleanField(
        "open prices only after quality moderation",
        default=True,
        help_text="Evaluators score quality and social value without seeing prices.",
    )

    # The policy rule, copied from the evaluation rule in force when the tender is published.
    rule_minimum_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("2.50"), validators=PERCENT
    )
    rule_basis = models.CharField(max_length=10, choices=RuleBasis.choices, default="quality")

    # Flags that must be answered before award.
    abnormally_low_share = models.DecimalField(
        "abnormally low below this share of the mean of the other bids",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=SHARE,
    )
    commitments_share = models.DecimalField(
        "unrealistic when commitments are worth more than this share of the price",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=SHARE,
    )
    past_delivery_threshold = models.DecimalField(
        "past delivery fell short below this delivered share",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=SHARE,
    )

    # Changed only by the transitions below (protected: assigning it raises).
    status = StatusField(
        max_length=20, choices=TenderStatus.choices, default=TenderStatus.DRAFT, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    moderation_completed_at = models.DateTimeField(null=True, blank=True)
    prices_opened_at = models.DateTimeField(null=True, blank=True)
    recommended_bid = models.ForeignKey(
        "Bid", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recommendation_reason = models.TextField(blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The award (s.50-51): the decision (scores are locked from here), the standstill the
    # contract award notice starts (or the reason there is none), then the contract.
    award_decided_at = models.DateTimeField(null=True, blank=True)
    award_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    award_decision = models.TextField("the award decision", blank=True)
    standstill_starts_on = models.DateField(null=True, blank=True)
    standstill_ends_on = models.DateField("last day of the standstill", null=True, blank=True)
    standstill_exemption = models.CharField(
        "why there is no standstill", max_length=30, choices=EXEMPTION_CHOICES, blank=True
    )
    standstill_exemption_note = models.TextField(blank=True)
    summaries_released_at = models.DateTimeField(
        "assessment summaries released", null=True, blank=True
    )
    awarded_at = models.DateTimeField(null=True, blank=True)  # the contract is entered into
    # The signed-off assessment whose weighting, measures and targets the tender started
    # from (None: set up by hand). What was copied is in the "tender created" audit event.
    prefilled_from = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="social value prefilled from",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-deadline", "pk"]
        permissions = [("read_bids_after_deadline", "Can read bid content once opened")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_weight__gte=0) & models.Q(quality_weight__gte=0),
                name="tender_weights_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def deadline_passed(self, now=None) -> bool:
        """True once bids may be opened. Before this no one reads a bid's content."""
        return self.is_published and (now or timezone.now()) >= self.deadline

    def accepts_bids(self, now=None) -> bool:
        return self.status == TenderStatus.PUBLISHED and not self.deadline_passed(now)

    def takes_questions(self, now=None) -> bool:
        """Bidders may ask questions while it accepts bids, up to the end of the last day for
        questions (UK time) when it has one."""
        now = now or timezone.now()
        if not self.accepts_bids(now):
            return False
        last_day = self.clarification_deadline
        return last_day is None or timezone.localdate(now) <= last_day

    @property
    def scores_locked(self) -> bool:
        return self.award_decided_at is not None or self.awarded_at is not None

    @property
    def display_status(self) -> str:
        """The status as pages, downloads and the API show it: a published tender past its
        deadline is "Closed for bids", not "Published" (its stored status moves on only when
        the panel completes moderation or opens prices); the panel's steps are "In
        evaluation"; the standstill says until when; "Awarded" only once the contract is
        entered into."""
        status = self.status
        if status == TenderStatus.PUBLISHED and self.deadline_passed():
            return CLOSED_FOR_BIDS
        if status in (TenderStatus.MODERATED, TenderStatus.PRICES_OPEN, TenderStatus.RECOMMENDED):
            return f"{IN_EVALUATION} ({TenderStatus(status).label.lower()})"
        if status == TenderStatus.AWARD_DECIDED:
            return "Award decided (award notice to publish)"
        if status == TenderStatus.STANDSTILL:
            return standstill_words(self.standstill_ends_on, self.standstill_exemption)
        return TenderStatus(status).label

    # Status moves, called by the services (``core.transitions.move``), which save the row.
    @transition(
        field=status,
        source=TenderStatus.DRAFT,
        target=TenderStatus.PUBLISHED,
        custom={"done": "published"},
    )
    def publish(self, *, by, at) -> None:
        """Open the tender for bids until its deadline; its evaluation model is frozen."""
        self.published_at, self.published_by = at, by

    @transition(
        field=status,
        source=TenderStatus.PUBLISHED,
        target=TenderStatus.MODERATED,
        conditions=[moderation_not_complete],
        custom={"done": "moderated"},
    )
    @transition(  # prices opened first (they need not wait): the status stays "Prices open"
        field=status,
        source=TenderStatus.PRICES_OPEN,
        target=TenderStatus.PRICES_OPEN,
        conditions=[moderation_not_complete],
    )
    def complete_moderation(self, *, at) -> None:
        self.moderation_completed_at = at

    @transition(
        field=status,
        source=[TenderStatus.PUBLISHED, TenderStatus.MODERATED],
        target=TenderStatus.PRICES_OPEN,
        conditions=[prices_not_open, past_deadline, moderated_if_prices_wait],
        custom={"done": "opened for prices"},
    )
    def open_prices(self, *, at) -> None:
        self.prices_opened_at = at

    @transition(
        field=status,
        source=[TenderStatus.PRICES_OPEN, TenderStatus.RECOMMENDED],
        target=TenderStatus.RECOMMENDED,
        conditions=[not_decided, not_awarded],
        custom={"done": "recommended for award"},
    )
    def recommend(self, *, bid, reason: str, by) -> None:
        """Recommend a bid for award (again: a new recommendation replaces the last)."""
        self.recommended_bid, self.recommendation_reason, self.recommended_by = bid, reason, by

    @transition(field=status, source=TenderStatus.RECOMMENDED, target=TenderStatus.PRICES_OPEN)
    def withdraw_recommendation(self) -> None:
        """A score changed after the recommendation: it was made on other figures."""
        self.recommended_bid, self.recommendation_reason, self.recommended_by = None, "", None

    @transition(
        field=status,
        source=TenderStatus.RECOMMENDED,
        target=TenderStatus.AWARD_DECIDED,
        conditions=[has_recommended_bid, not_decided],
        custom={"refused": "Only a tender with an award recommendation can be decided"},
    )
    def decide_award(self, *, decision: str, by, at) -> None:
        """Confirm the recommended bid as the award decision: the scores are locked from
        now on and the contract award notice (UK6) falls due."""
        self.award_decision, self.award_decided_by, self.award_decided_at = decision, by, at

    @transition(
        field=status,
        source=TenderStatus.AWARD_DECIDED,
        target=TenderStatus.STANDSTILL,
        custom={"refused": "The standstill starts once the award is decided: it is {status}"},
    )
    def start_standstill(self, *, first_day, last_day, exemption: str = "", note: str = "") -> None:
        """The award notice was published (the standstill runs from ``first_day`` to
        ``last_day``), or the award has no mandatory standstill (``exemption``)."""
        self.standstill_starts_on, self.standstill_ends_on = first_day, last_day
        self.standstill_exemption, self.standstill_exemption_note = exemption, note

    @transition(
        field=status,
        source=TenderStatus.STANDSTILL,
        target=TenderStatus.AWARDED,
        conditions=[has_recommended_bid],
        custom={
            "refused": "The contract is entered into after the standstill: this tender is {status}"
        },
    )
    def award(self, *, at) -> None:
        """Enter into the contract with the decided bid (the service checks the standstill
        has ended, a rule of dates)."""
        self.awarded_at = at


def standstill_words(last_day, exemption: str) -> str:
    """ "Standstill (until 12 March 2026)", or why there is none."""
    if exemption:
        return f"No standstill: {Exemption(exemption).label.lower()}"
    if last_day is None:
        return TenderStatus.STANDSTILL.label
    day = f"{last_day.day} {last_day:%B %Y}"
    if timezone.localdate() > last_day:
        return f"Standstill ended {day}: the contract may be entered into"
    return f"Standstill (until {day})"


class Criterion(models.Model):
    """A quality or social value question of a tender, weighted within the quality element."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20, help_text="Short and unique in the tender, e.g. Q1")
    title = models.CharField(max_length=200)
    question = models.TextField("what bidders are asked", blank=True)
    weight = models.DecimalField(
        "weight (% of the quality element)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    kind = models.CharField(max_length=20, choices=CriterionKind.choices, default="quality")
    scale_minimum = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    scale_maximum = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(5))
    scale_step = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(1))
    # [[score, "descriptor"], ...] as strings, e.g. [["0", "Unacceptable: ..."], ...]
    descriptors = models.JSONField(default=list, blank=True)
    pass_mark = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    sv_method = models.CharField(
        "social value method", max_length=20, choices=SocialValueMethod.choices, blank=True
    )
    sv_target = models.DecimalField(
        "target social value per pound of price (£)",
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For 'against a target', e.g. 0.50 for 50p of social value per pound.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["tender", "code"], name="criterion_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_social_value(self) -> bool:
        return self.kind != CriterionKind.QUALITY

    @property
    def is_scored_on_scale(self) -> bool:
        return self.kind != CriterionKind.SV_QUANTITATIVE


class TargetMeasure(models.Model):
    """A measure the buyer asks bidders to commit to, with its target in the measure's own
    units (12 jobs, 400 hours). Copied from the signed-off assessment when the tender is
    created; changed only while the tender is a draft. A commitment to a target measure
    with no proxy value is scored against the target (``domain.evaluation``)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="target_measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "measure"], name="target_measure_once"),
            models.CheckConstraint(
                condition=models.Q(target__gt=0), name="target_measure_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code}: {self.target} {self.measure.unit}"


class FrozenProxy(models.Model):
    """A measure's proxy value as it stood when the tender was published."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="proxies")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=255)
    unit = models.CharField(max_length=60)
    proxy_value = models.DecimalField("proxy value per unit (£)", max_digits=12, decimal_places=2)
    proxy_source = models.TextField(blank=True)

    class Meta:
        ordering = ["tender", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "measure"], name="frozen_proxy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} £{self.proxy_value} per {self.unit}"


class BidStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not yet submitted)"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


@guard("This tender is not open for bids")
def tender_takes_bids(bid: Bid) -> bool:
    """A bid moves only while its tender is published and before evaluation starts (the
    deadline itself is checked by the services, which record a late attempt)."""
    return bid.tender.status == TenderStatus.PUBLISHED


class Bid(StatusModel, models.Model):
    """A supplier's bid. Its content (price, responses, commitments) is sealed until the
    tender's deadline: read it only through ``tendering.sealing``."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="bids")
    # Changed only by the transitions below (protected: assigning it raises).
    status = StatusField(
        max_length=20, choices=BidStatus.choices, default=BidStatus.DRAFT, protected=True
    )
    price = models.DecimalField("total price (£)", null=True, blank=True, validators=SHARE, **MONEY)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # A paper bid is typed in by an officer; when it arrived is what counts for the deadline.
    is_paper = models.BooleanField("paper bid entered by an officer", default=False)
    paper_received_at = models.DateTimeField("paper bid received", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "supplier"], name="one_bid_per_supplier")
        ]

    def __str__(self) -> str:
        # Names the bidder only: a bid's string must never reveal its sealed content.
        return f"Bid by {self.supplier} for {self.tender.reference}"

    # Status moves, called by the services (``core.transitions.move``), which save the row.
    @transition(
        field=status,
        source=BidStatus.DRAFT,
        target=BidStatus.SUBMITTED,
        conditions=[tender_takes_bids],
        custom={"done": "submitted"},
    )
    def submit(self, *, by, at) -> None:
        """Submit the whole bid (a paper bid: as at the time it was received)."""
        self.submitted_at, self.submitted_by = at, by

    @transition(
        field=status,
        source=[BidStatus.DRAFT, BidStatus.SUBMITTED],
        target=BidStatus.WITHDRAWN,
        conditions=[tender_takes_bids],
        custom={"done": "withdrawn"},
    )
    def withdraw(self) -> None:
        """It will not be opened or scored; it can be started again before the deadline."""

    @transition(
        field=status,
        source=[BidStatus.SUBMITTED, BidStatus.WITHDRAWN],
        target=BidStatus.DRAFT,
        conditions=[tender_takes_bids],
        custom={"done": "reopened as a draft"},
    )
    def reopen(self) -> None:
        """A change to a submitted bid, or starting a withdrawn one again, makes it a draft
        until it is submitted again."""


class BidResponse(models.Model):
    """The bidder's answer to one criterion."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="responses")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField("response", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_response_per_criterion")
        ]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return f"Response to {self.criterion.code} in {self.bid}"


class BidAttachment(models.Model):
    """A file attached to a response. Sealed with the bid."""

    response = models.ForeignKey(BidResponse, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="bids/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return self.name


class BidCommitment(models.Model):
    """A commitment to deliver a measure of the library: valued with the tender's frozen
    proxy, it becomes a KPI of the contract if the bid wins."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="commitments")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=14, decimal_places=2, validators=SHARE)
    year = models.PositiveSmallIntegerField("contract year", default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "year", "measure__code"]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return f"Commitment {self.pk} in {self.bid}"


class OwnProposal(models.Model):
    """A bidder's own social value idea outside the library. It counts in pounds only once
    the evaluators agree a unit value, with a reason."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="own_proposals")
    description = models.TextField()
    unit = models.CharField(max_length=60)
    quantity = models.DecimalField(max_digits=14, decimal_places=2, validators=SHARE)
    year = models.PositiveSmallIntegerField("contract year", default=1)
    agreed_unit_value = models.DecimalField(
        "agreed value per unit (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    agreed_reason = models.TextField(blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "pk"]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return f"Own proposal {self.pk} in {self.bid}"


class EvaluatorAssignment(models.Model):
    """An evaluator on a tender's panel. They declare conflicts before seeing any bid; a
    declared conflict removes them from the panel."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="evaluators")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    has_conflict = models.BooleanField(null=True, blank=True)  # None until declared
    conflict_details = models.TextField(blank=True)
    scores_submitted_at = models.DateTimeField(null=True, blank=True)
    # Taken off the panel after recording scores: the row and its scores stay in the record,
    # but the scores no longer count and the evaluator no longer sees the tender.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    removal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "evaluator"], name="evaluator_once_per_tender"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.tender.reference}"

    @property
    def may_score(self) -> bool:
        return (
            self.declared_at is not None and self.has_conflict is False and self.removed_at is None
        )


class Score(models.Model):
    """One evaluator's score of one bid against one criterion, with its justification."""

    assignment = models.ForeignKey(
        EvaluatorAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(**SCORE)
    justification = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "criterion__position", "assignment"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "bid", "criterion"], name="one_score_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return f"Score of {self.bid} on {self.criterion.code} by {self.assignment.evaluator}"


class ConsensusScore(models.Model):
    """The moderated score of a bid against a criterion, with the panel's rationale."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="consensus_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(**SCORE)
    rationale = models.TextField()
    # Why the panel agreed a score outside the evaluators' own (required then, else empty).
    outside_range_reason = models.TextField(blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    agreed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_consensus_per_criterion")
        ]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return f"Consensus on {self.criterion.code} for {self.bid}"


class FlagAnswer(models.Model):
    """The officer's answer to a flag raised by the evaluation (abnormally low price,
    unrealistic commitments, past delivery). Every flag is answered before award."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="flag_answers")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="flag_answers")
    kind = models.CharField(max_length=40)  # socialvalue.domain.evaluation.FlagKind value
    message = models.TextField()  # the flag as it was raised
    answer = models.TextField("what we found and decided")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    answered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "bid", "kind"]
        constraints = [models.UniqueConstraint(fields=["bid", "kind"], name="one_answer_per_flag")]

    def __str__(self) -> str:
        # Never the content itself: a bid is sealed until its deadline.
        return f"Answer to {self.kind} for {self.bid}"


class TenderDocument(models.Model):
    """A document of a tender (specification, terms, pricing schedule). Each file uploaded for
    it is a new version; the older versions are kept. Bidders see the current version once
    the tender is published."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "title"], name="tender_document_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class TenderDocumentVersion(models.Model):
    """One uploaded file of a tender document: version 1, 2, ...; the highest is current."""

    document = models.ForeignKey(TenderDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    file = models.FileField(upload_to="tenders/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="tender_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.title}, version {self.number}"


class Clarification(models.Model):
    """A bidder's question about a tender and the buyer's answer. The answer is published to
    every bidder (and on the public tender page) with the question as the officer worded it
    (``published_question``), never with the asker's name or organisation."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="clarifications")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    question = models.TextField("question as asked")
    published_question = models.TextField("question as published", blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)  # published from then on
    history = HistoricalRecords()

    class Meta:
        ordering = ["tender", "asked_at", "pk"]

    def __str__(self) -> str:
        # Never the asker: a question's string may reach a page other bidders read.
        return f"Question {self.pk} about {self.tender.reference}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def status_label(self) -> str:
        return "Answered" if self.is_answered else "Waiting for an answer"


class DeadlineExtension(models.Model):
    """A later deadline for bids set after publishing, with the reason bidders are given."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="deadline_extensions")
    old_deadline = models.DateTimeField()
    new_deadline = models.DateTimeField()
    reason = models.TextField()
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    extended_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tender", "extended_at", "pk"]

    def __str__(self) -> str:
        return f"Deadline of {self.tender.reference} extended"
