"""Which Procurement Act 2023 notices a procurement needs, and when each is due.

Pure rules over plain values (no Django): the notices app gives them the facts it holds
(the regime, engagement, tender, award, contracts, variations) and shows what comes back.
The law behind each rule (checked against the Act and the Cabinet Office guidance; the
docs page ``docs/procurement-act-notices.md`` gives the sources):

* the Act applies to procurements started on or after 24 February 2025; before that the
  Public Contracts Regulations 2015 govern and none of these notices exist;
* a contract is a public contract when its estimated value (VAT included) is NOT LESS than
  the Schedule 1 threshold (so a value exactly at the threshold is above threshold);
  light-touch services have their own threshold; works theirs;
* a regulated below-threshold contract is "notifiable" at not less than £30,000 (sub-central)
  or £12,000 (central government): a tender notice when it is advertised (s.86) and a
  contract details notice once entered into (s.87); below that no notice is needed;
* UK2 (s.17): where preliminary market engagement happened, before the tender notice (or the
  reasons given in the tender notice); UK4 (s.21): the tender notice starts the procedure;
* UK6 (s.50): before entering into the contract; it starts the standstill (s.51): 8 working
  days beginning with the day it is published, mandatory except for light-touch contracts;
* UK7 (s.53): within 30 days of entering into the contract; over £5 million the contract
  itself is published (within 90 days) and at least 3 KPIs are set (s.52);
* UK9 (s.71): for a contract with KPIs set under s.52 (over £5 million), performance assessed
  at least once in every 12 months and at the end, each published within 30 days; for a
  smaller contract with social value KPIs the platform offers it as a voluntary notice;
* UK10 (s.75): before modifying, unless the change moves the value by 10% or less (goods and
  services) or 15% or less (works) AND the term by 10% or less; never for a light-touch
  contract (s.75(6)(b));
* UK11 (s.80): within 30 days of the contract ending, by expiry or by termination;
* UK1 (s.93): a pipeline of contracts over £2 million expected to be advertised in the next
  18 months; mandatory only for a body spending more than £100 million a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from socialvalue.domain.delivery import Rag, add_months
from socialvalue.domain.money import format_gbp
from socialvalue.domain.thresholds import (
    AuthorityType,
    Category,
    ContractType,
    Threshold,
    ThresholdNotFound,
    find_threshold,
)
from socialvalue.domain.working_days import last_of_days, standstill_ends

ACT_IN_FORCE = date(2025, 2, 24)
DAYS_TO_PUBLISH = 30  # UK7, UK9, UK11: within 30 days beginning with the event's day
CONTRACT_PUBLISHED_DAYS = 90  # s.53(3): the contract itself, over £5 million
KPI_CONTRACT_VALUE = Decimal("5000000")  # s.52: over this, at least 3 KPIs
MINIMUM_KPIS = 3
VALUE_CHANGE_GOODS_SERVICES = Decimal("0.10")
VALUE_CHANGE_WORKS = Decimal("0.15")
TERM_CHANGE = Decimal("0.10")
PIPELINE_VALUE = Decimal("2000000")  # s.93: contracts over £2 million
PIPELINE_MONTHS = 18
PIPELINE_MANDATORY_SPEND = Decimal("100000000")
UPCOMING_DAYS = 30  # "due" on the officer's home page from this many days ahead


class NoticeType(StrEnum):
    """The Central Digital Platform's notice codes."""

    UK1 = "UK1"
    UK2 = "UK2"
    UK4 = "UK4"
    UK6 = "UK6"
    UK7 = "UK7"
    UK8 = "UK8"
    UK9 = "UK9"
    UK10 = "UK10"
    UK11 = "UK11"

    @property
    def label(self) -> str:
        return _NOTICE_NAMES[self][0]

    @property
    def section(self) -> str:
        """The section of the Act that asks for it."""
        return _NOTICE_NAMES[self][1]


_NOTICE_NAMES: dict[NoticeType, tuple[str, str]] = {
    NoticeType.UK1: ("Pipeline notice", "section 93"),
    NoticeType.UK2: ("Preliminary market engagement notice", "section 17"),
    NoticeType.UK4: ("Tender notice", "section 21"),
    NoticeType.UK6: ("Contract award notice", "section 50"),
    NoticeType.UK7: ("Contract details notice", "section 53"),
    NoticeType.UK8: ("Payments compliance notice", "section 69"),
    NoticeType.UK9: ("Contract performance notice", "section 71"),
    NoticeType.UK10: ("Contract change notice", "section 75"),
    NoticeType.UK11: ("Contract termination notice", "section 80"),
}


class NoticeRegime(StrEnum):
    """Which notice rules apply to a procurement."""

    ABOVE_THRESHOLD = "above_threshold"
    LIGHT_TOUCH = "light_touch"
    BELOW_THRESHOLD = "below_threshold"  # a notifiable regulated below-threshold contract
    NOT_NOTIFIABLE = "not_notifiable"  # below the below-threshold notice amount
    EXEMPT = "exempt"
    BEFORE_ACT = "before_act"

    @property
    def label(self) -> str:
        return _REGIME_LABELS[self]

    @property
    def covered(self) -> bool:
        """A public contract: the Act's full notice rules apply."""
        return self in (NoticeRegime.ABOVE_THRESHOLD, NoticeRegime.LIGHT_TOUCH)


_REGIME_LABELS: dict[NoticeRegime, str] = {
    NoticeRegime.ABOVE_THRESHOLD: "Above threshold",
    NoticeRegime.LIGHT_TOUCH: "Light touch, above threshold",
    NoticeRegime.BELOW_THRESHOLD: "Below threshold (notifiable)",
    NoticeRegime.NOT_NOTIFIABLE: "Below threshold (no notices)",
    NoticeRegime.EXEMPT: "Exempt (Schedule 2)",
    NoticeRegime.BEFORE_ACT: "Before the Act (Public Contracts Regulations 2015)",
}


@dataclass(frozen=True)
class RegimeDecision:
    regime: NoticeRegime
    value_inc_vat: Decimal
    threshold: Decimal | None
    explanation: str


def threshold_column(category: Category) -> ContractType:
    """The Schedule 1 column a category is compared with. A mixed contract goes with goods
    and services: the lower amount, so in doubt the notices are published."""
    if category == Category.LIGHT_TOUCH:
        return ContractType.LIGHT_TOUCH
    if category == Category.WORKS:
        return ContractType.WORKS
    return ContractType.SUPPLIES_AND_SERVICES


def notice_regime(
    *,
    authority: AuthorityType,
    category: Category,
    value_inc_vat: Decimal,
    started_on: date,
    thresholds: Sequence[Threshold],
    exempt_reason: str = "",
) -> RegimeDecision:
    """The regime of a procurement from its value including VAT and the day it started.

    Raises ``ThresholdNotFound`` when the table has no row for that day.
    """
    if exempt_reason.strip():
        return RegimeDecision(
            NoticeRegime.EXEMPT,
            value_inc_vat,
            None,
            f"Exempt from the Act: {exempt_reason.strip()}. No notices are needed.",
        )
    if started_on < ACT_IN_FORCE:
        return RegimeDecision(
            NoticeRegime.BEFORE_ACT,
            value_inc_vat,
            None,
            "Started before 24 February 2025, so the Public Contracts Regulations 2015 apply "
            "and the Act's notices do not.",
        )
    row = find_threshold(thresholds, started_on, authority, threshold_column(category))
    shown = format_gbp(value_inc_vat)
    limit = format_gbp(row.amount_inc_vat)
    if value_inc_vat >= row.amount_inc_vat:
        regime = (
            NoticeRegime.LIGHT_TOUCH
            if category == Category.LIGHT_TOUCH
            else NoticeRegime.ABOVE_THRESHOLD
        )
        return RegimeDecision(
            regime,
            value_inc_vat,
            row.amount_inc_vat,
            f"{shown} including VAT is at or above the {limit} {row.contract_type} threshold: "
            "a public contract under the Procurement Act 2023.",
        )
    try:
        notifiable = find_threshold(
            thresholds, started_on, authority, ContractType.BELOW_THRESHOLD_NOTICE
        )
    except ThresholdNotFound:
        notifiable = None
    if notifiable is not None and value_inc_vat >= notifiable.amount_inc_vat:
        return RegimeDecision(
            NoticeRegime.BELOW_THRESHOLD,
            value_inc_vat,
            row.amount_inc_vat,
            f"{shown} including VAT is below the {limit} threshold but at least "
            f"{format_gbp(notifiable.amount_inc_vat)}: a notifiable below-threshold contract "
            "(a tender notice if you advertise it, then a contract details notice).",
        )
    return RegimeDecision(
        NoticeRegime.NOT_NOTIFIABLE,
        value_inc_vat,
        row.amount_inc_vat,
        f"{shown} including VAT is below the amount from which below-threshold contracts "
        "must be notified: no notice is needed.",
    )


# --- The facts a procurement gives, and the notices that come out -------------------------


@dataclass(frozen=True)
class ContractFacts:
    key: str  # the contract's reference
    value: Decimal
    starts_on: date
    ends_on: date  # the last day, or the day it was terminated
    entered_on: date | None = None  # None: not yet entered into
    kpi_count: int = 0


@dataclass(frozen=True)
class VariationFacts:
    key: str
    contract_key: str
    approved_on: date
    value_before: Decimal
    value_after: Decimal
    term_days_before: int
    term_days_after: int


@dataclass(frozen=True)
class ProcurementFacts:
    regime: NoticeRegime
    works: bool = False
    engagement_on: date | None = None  # first preliminary market engagement
    tender_on: date | None = None  # the tender's publication (or planned) day
    tender_advertised: bool = True
    award_on: date | None = None  # the award decision
    contracts: tuple[ContractFacts, ...] = ()
    variations: tuple[VariationFacts, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RequiredNotice:
    type: NoticeType
    key: str  # unique within a procurement, e.g. "UK9:LC-C-001:2"
    due_on: date | None  # None: waits for an event that has not happened
    rule: str  # why and by when, in a sentence
    required: bool = True  # False: voluntary (offered, not owed)
    contract_key: str = ""
    variation_key: str = ""
    period: int = 0  # UK9: the assessment's number; 0 the final one


def notices_required(facts: ProcurementFacts) -> list[RequiredNotice]:
    """Every notice the regime asks for, in the order they fall due."""
    if facts.regime == NoticeRegime.BELOW_THRESHOLD:
        notices = _below_threshold(facts)
    elif facts.regime.covered:
        notices = _covered(facts)
    else:
        notices = []
    return sorted(notices, key=lambda n: (n.due_on or date.max, _ORDER[n.type], n.key))


_ORDER = {t: i for i, t in enumerate(NoticeType)}


def _below_threshold(facts: ProcurementFacts) -> list[RequiredNotice]:
    notices = []
    if facts.tender_advertised:
        notices.append(
            RequiredNotice(
                NoticeType.UK4,
                "UK4",
                facts.tender_on,
                "A below-threshold tender notice, published before the opportunity is "
                "advertised anywhere else (section 86).",
            )
        )
    for contract in facts.contracts:
        notices.append(_details(contract, below_threshold=True))
    return notices


def _covered(facts: ProcurementFacts) -> list[RequiredNotice]:
    light_touch = facts.regime == NoticeRegime.LIGHT_TOUCH
    notices = []
    if facts.engagement_on is not None:
        notices.append(
            RequiredNotice(
                NoticeType.UK2,
                "UK2",
                facts.tender_on,
                "Market engagement happened: publish the notice before the tender notice, "
                "or give the reasons for not doing so in the tender notice (section 17).",
            )
        )
    notices.append(
        RequiredNotice(
            NoticeType.UK4,
            "UK4",
            facts.tender_on,
            "The tender notice starts the competitive procedure (section 21).",
        )
    )
    if facts.award_on is not None or facts.contracts:
        standstill = (
            "The standstill is voluntary for a light-touch contract (section 51(3))."
            if light_touch
            else "Publishing it starts the standstill: 8 working days beginning with the "
            "day of publication (section 51)."
        )
        notices.append(
            RequiredNotice(
                NoticeType.UK6,
                "UK6",
                facts.award_on,
                "Publish before entering into the contract. " + standstill,
            )
        )
    for contract in facts.contracts:
        notices.append(_details(contract, below_threshold=False))
        notices.extend(_performance(contract))
        notices.append(
            RequiredNotice(
                NoticeType.UK11,
                f"UK11:{contract.key}",
                last_of_days(contract.ends_on, DAYS_TO_PUBLISH),
                "Within 30 days of the contract ending, by expiry or termination (section 80).",
                contract_key=contract.key,
            )
        )
    if not light_touch:
        for variation in facts.variations:
            if change_notice_needed(
                works=facts.works,
                value_before=variation.value_before,
                value_after=variation.value_after,
                term_days_before=variation.term_days_before,
                term_days_after=variation.term_days_after,
            ):
                notices.append(
                    RequiredNotice(
                        NoticeType.UK10,
                        f"UK10:{variation.key}",
                        variation.approved_on,
                        "Publish before the modification takes effect (section 75): "
                        + change_test_words(facts.works, variation),
                        contract_key=variation.contract_key,
                        variation_key=variation.key,
                    )
                )
    return notices


def _details(contract: ContractFacts, *, below_threshold: bool) -> RequiredNotice:
    due = last_of_days(contract.entered_on, DAYS_TO_PUBLISH) if contract.entered_on else None
    if below_threshold:
        rule = "Once the contract is entered into (section 87); we give it 30 days."
    else:
        rule = "Within 30 days of entering into the contract (section 53)."
        if contract.value > KPI_CONTRACT_VALUE:
            rule += (
                " Over £5 million: publish at least 3 KPIs (section 52) and the contract "
                "itself within 90 days."
            )
    key = f"UK7:{contract.key}"
    return RequiredNotice(NoticeType.UK7, key, due, rule, contract_key=contract.key)


def kpis_required(value: Decimal) -> int:
    """How many KPIs the Act asks for (section 52): at least 3 over £5 million, else none."""
    return MINIMUM_KPIS if value > KPI_CONTRACT_VALUE else 0


def performance_assessments(starts_on: date, ends_on: date) -> list[date]:
    """The days performance must be assessed (section 71): the end of every 12 months of
    the contract before its last day, and the last day."""
    days = []
    year = 1
    while True:
        day = add_months(starts_on, 12 * year) - timedelta(days=1)
        if day >= ends_on:
            break
        days.append(day)
        year += 1
    days.append(ends_on)
    return days


def _performance(contract: ContractFacts) -> list[RequiredNotice]:
    required = contract.value > KPI_CONTRACT_VALUE and contract.kpi_count > 0
    if contract.kpi_count == 0:
        return []
    days = performance_assessments(contract.starts_on, contract.ends_on)
    notices = []
    for number, day in enumerate(days, 1):
        final = number == len(days)
        period = 0 if final else number
        what = "the end of the contract" if final else f"contract year {number}"
        rule = (
            f"Performance against each KPI assessed at {what} and published within 30 days "
            "(section 71)."
        )
        if not required:
            rule += " Voluntary: the contract is £5 million or less, but it has KPIs."
        notices.append(
            RequiredNotice(
                NoticeType.UK9,
                f"UK9:{contract.key}:{period}",
                last_of_days(day, DAYS_TO_PUBLISH),
                rule,
                required=required,
                contract_key=contract.key,
                period=period,
            )
        )
    return notices


# --- UK10: the 10% / 15% test -------------------------------------------------------------


def _change(before: Decimal, after: Decimal) -> Decimal:
    if before == 0:
        return Decimal("0") if after == 0 else Decimal("Infinity")
    return abs(after - before) / before


def change_notice_needed(
    *,
    works: bool,
    value_before: Decimal,
    value_after: Decimal,
    term_days_before: int,
    term_days_after: int,
) -> bool:
    """True when a modification needs a contract change notice: the value moves by more
    than 10% (goods and services) or 15% (works), or the term by more than 10%."""
    limit = VALUE_CHANGE_WORKS if works else VALUE_CHANGE_GOODS_SERVICES
    value_moved = _change(value_before, value_after) > limit
    term_moved = _change(Decimal(term_days_before), Decimal(term_days_after)) > TERM_CHANGE
    return value_moved or term_moved


def change_test_words(works: bool, variation: VariationFacts) -> str:
    """The test as the officer reads it: "value up 12.5% (limit 10%), term unchanged"."""
    limit = VALUE_CHANGE_WORKS if works else VALUE_CHANGE_GOODS_SERVICES
    value = _change(variation.value_before, variation.value_after)
    term = _change(Decimal(variation.term_days_before), Decimal(variation.term_days_after))
    return (
        f"value changes by {_percent(value)} (limit {_percent(limit)}), "
        f"term by {_percent(term)} (limit {_percent(TERM_CHANGE)})."
    )


def _percent(share: Decimal) -> str:
    if share.is_infinite():
        return "more than 100%"
    return f"{(share * 100).quantize(Decimal('0.1')).normalize():f}%"


# --- Standstill -----------------------------------------------------------------------------


def standstill_period(award_notice_published_on: date) -> tuple[date, date]:
    """First and last day of the standstill for an award notice published that day."""
    return award_notice_published_on, standstill_ends(award_notice_published_on)


# --- Status ---------------------------------------------------------------------------------


class NoticeStatus(StrEnum):
    WAITING = "waiting"  # its event has not happened yet
    UPCOMING = "upcoming"  # due more than 30 days ahead
    DUE = "due"  # due within 30 days
    OVERDUE = "overdue"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {
            NoticeStatus.WAITING: "Not due yet",
            NoticeStatus.UPCOMING: "Due later",
            NoticeStatus.DUE: "Due",
            NoticeStatus.OVERDUE: "Overdue",
            NoticeStatus.PUBLISHED: "Published",
        }[self]


def notice_status(due_on: date | None, published_on: date | None, today: date) -> NoticeStatus:
    """Published, overdue (past its due day), due (within 30 days), due later or waiting."""
    if published_on is not None:
        return NoticeStatus.PUBLISHED
    if due_on is None:
        return NoticeStatus.WAITING
    if today > due_on:
        return NoticeStatus.OVERDUE
    if (due_on - today).days <= UPCOMING_DAYS:
        return NoticeStatus.DUE
    return NoticeStatus.UPCOMING


def payments_notice_status(
    period_end: date, due_on: date, published_on: date | None, today: date
) -> NoticeStatus:
    """A payments compliance notice (UK8, s.69) of a contracting authority for a reporting
    period: waiting while the period runs, due from its last day (the first of the 30 days
    to publish it in) to ``due_on``, overdue the day after, published once recorded."""
    if published_on is not None:
        return NoticeStatus.PUBLISHED
    if today < period_end:
        return NoticeStatus.WAITING
    return notice_status(due_on, None, today)


# --- UK9 ratings ------------------------------------------------------------------------------


class PerformanceRating(StrEnum):
    """The ratings of a contract performance notice."""

    GOOD = "good"
    APPROACHING = "approaching_target"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            PerformanceRating.GOOD: "Good",
            PerformanceRating.APPROACHING: "Approaching target",
            PerformanceRating.REQUIRES_IMPROVEMENT: "Requires improvement",
            PerformanceRating.INADEQUATE: "Inadequate",
            PerformanceRating.OTHER: "Other",
        }[self]

    @property
    def ocds_code(self) -> str:
        """Find a Tender's measureClassification id (UK extension)."""
        return {
            PerformanceRating.GOOD: "met",
            PerformanceRating.APPROACHING: "slightlyBelow",
            PerformanceRating.REQUIRES_IMPROVEMENT: "below",
            PerformanceRating.INADEQUATE: "significantlyBelow",
            PerformanceRating.OTHER: "other",
        }[self]


# Red below half of what was due is proposed as inadequate rather than requiring improvement.
INADEQUATE_BELOW = Decimal("0.5")


def proposed_rating(rag: Rag, share: Decimal | None) -> PerformanceRating:
    """The rating proposed for a KPI from its delivery status: green good, amber approaching
    target, red requires improvement (inadequate when under half of what was due was
    delivered), nothing due yet other. The officer confirms or changes it."""
    if rag == Rag.GREEN:
        return PerformanceRating.GOOD
    if rag == Rag.AMBER:
        return PerformanceRating.APPROACHING
    if rag == Rag.RED:
        if share is not None and share < INADEQUATE_BELOW:
            return PerformanceRating.INADEQUATE
        return PerformanceRating.REQUIRES_IMPROVEMENT
    return PerformanceRating.OTHER


# --- UK1 pipeline -----------------------------------------------------------------------------


def pipeline_window(from_day: date) -> tuple[date, date]:
    """The 18 months a pipeline notice covers, from ``from_day`` (last day included)."""
    return from_day, add_months(from_day, PIPELINE_MONTHS) - timedelta(days=1)


def in_pipeline(value_inc_vat: Decimal, expected_on: date, from_day: date) -> bool:
    """A contract belongs on the pipeline notice when it is worth more than £2 million and
    expected to be advertised within the 18 months from ``from_day``."""
    first, last = pipeline_window(from_day)
    return value_inc_vat > PIPELINE_VALUE and first <= expected_on <= last


def pipeline_mandatory(annual_spend: Decimal | None) -> bool:
    """Section 93 binds a body that expects to spend more than £100 million a year."""
    return annual_spend is not None and annual_spend > PIPELINE_MANDATORY_SPEND
