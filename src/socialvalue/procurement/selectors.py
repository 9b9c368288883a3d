"""Reads of projects, engagement and guidance shared by pages, reports and the CSV."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from socialvalue.analytics.postcodes import full_lookup
from socialvalue.domain import geography
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.proportionality import Band, MeasureOption, Suggestion, suggest
from socialvalue.domain.thresholds import (
    AuthorityType,
    ContractType,
    DutyDecision,
    Threshold,
    ThresholdNotFound,
    regime_from_text,
    social_value_act_duty,
    value_including_vat,
)
from socialvalue.policy import selectors as policy_selectors
from socialvalue.policy.models import ContractingAuthority, LocalArea, Measure
from socialvalue.policy.models import Threshold as ThresholdRow
from socialvalue.procurement.models import (
    CATEGORY_TO_DOMAIN,
    UPCOMING_STAGES,
    Assessment,
    Audience,
    EngagementKind,
    EngagementRecord,
    EventRegistration,
    Guidance,
    Project,
    Stage,
    ValueBand,
)

# Public value bands of the pipeline: suppliers see the band, never the estimate.
PUBLIC_BANDS: list[tuple[Decimal, str]] = [
    (Decimal("30000"), "Under £30,000"),
    (Decimal("100000"), "£30,000 to £100,000"),
    (Decimal("500000"), "£100,000 to £500,000"),
    (Decimal("1000000"), "£500,000 to £1 million"),
    (Decimal("5000000"), "£1 million to £5 million"),
]


def public_value_band(value: Decimal) -> str:
    """The band a supplier sees for an estimated value (upper bounds not included)."""
    for upper, label in PUBLIC_BANDS:
        if value < upper:
            return label
    return "£5 million or more"


def project_list(authority: str | None = None) -> QuerySet[Project]:
    """Every project, or those of one contracting authority (its id; blank: all of them)."""
    projects = Project.objects.select_related("owner", "contracting_authority").order_by(
        "procurement_starts_on", "title"
    )
    if authority and str(authority).isdigit():
        projects = projects.filter(contracting_authority_id=int(authority))
    return projects


def contracting_authorities() -> QuerySet[ContractingAuthority]:
    return ContractingAuthority.objects.order_by("order", "name")


# A published project stays in the public pipeline once it reaches tender (linked to its
# open tender there), and leaves it when the tender closes for evaluation.
PUBLIC_STAGES = [*UPCOMING_STAGES, Stage.TENDER]


def pipeline_public() -> QuerySet[Project]:
    """Opportunities the organisation has chosen to publish: upcoming, or out to tender."""
    return Project.objects.filter(published=True, stage__in=PUBLIC_STAGES).order_by(
        "procurement_starts_on", "title"
    )


def pipeline_open_for_interest() -> QuerySet[Project]:
    """Published opportunities not yet at tender: suppliers may still register interest."""
    return pipeline_public().filter(stage__in=UPCOMING_STAGES)


def assessment_of(project: Project) -> Assessment | None:
    return Assessment.objects.filter(project=project).first()


# --- Social Value Act duty -------------------------------------------------------------


@dataclass(frozen=True)
class DutyCheck:
    """The duty decision, or the reason it could not be made."""

    decision: DutyDecision | None
    problem: str = ""


def thresholds_as_domain() -> list[Threshold]:
    """Every threshold row of the policy data, as the pure rules take them."""
    return [
        Threshold(
            regime=regime_from_text(row.regime),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            authority_type=AuthorityType.from_code(row.authority_type),
            contract_type=ContractType.from_code(row.contract_type),
            amount_inc_vat=row.amount_inc_vat,
        )
        for row in ThresholdRow.objects.all()
    ]


def duty_check(project: Project) -> DutyCheck:
    """Does the Social Value Act duty apply to this project? Uses the organisation's
    authority type and the thresholds in the policy data for the procurement start date."""
    organisation = policy_selectors.organisation_get()
    if organisation is None or not organisation.authority_type:
        return DutyCheck(
            None,
            "Say whether your organisation is central government or "
            "sub-central in the policy before the duty can be checked.",
        )
    try:
        decision = social_value_act_duty(
            authority=AuthorityType.from_code(organisation.authority_type),
            category=project.domain_category,
            estimated_value=project.estimated_value,
            value_includes_vat=project.value_includes_vat,
            start_date=project.procurement_starts_on,
            thresholds=thresholds_as_domain(),
        )
    except ThresholdNotFound:
        return DutyCheck(
            None,
            f"The thresholds table has no row for a procurement starting on "
            f"{project.procurement_starts_on:%d %B %Y}. Ask an administrator to add it.",
        )
    return DutyCheck(decision)


# --- Proportionality -------------------------------------------------------------------


def bands_as_domain() -> list[Band]:
    return [
        Band(
            min_value=band.min_value,
            max_value=band.max_value,
            weighting=band.weighting_percent,
            measures=band.measure_count,
            categories=frozenset(str(CATEGORY_TO_DOMAIN[c]) for c in band.categories),
        )
        for band in ValueBand.objects.all()
    ]


def policy_minimum_weighting(on: date | None = None) -> Decimal:
    rule = policy_selectors.evaluation_rule_current(on)
    return rule.minimum_weighting_percent if rule else Decimal("0")


def measure_options() -> list[MeasureOption]:
    options = []
    for measure in Measure.objects.filter(active=True).prefetch_related("priorities"):
        first = min(measure.priorities.all(), key=lambda p: p.number, default=None)
        options.append(
            MeasureOption(measure.code, measure.title, priority=first.title if first else None)
        )
    return options


def proportionality_suggestion(project: Project) -> Suggestion:
    """The proportionate ask for a project's value (including VAT) and category, the
    assessment's priorities (or the plan's) first when picking measures."""
    assessment = assessment_of(project)
    chosen = list(assessment.priorities.order_by("number")) if assessment else []
    priorities = chosen or list(policy_selectors.priorities_current())
    return suggest(
        value=value_including_vat(project.estimated_value, project.value_includes_vat),
        category=str(project.domain_category),
        bands=bands_as_domain(),
        measures=measure_options(),
        policy_minimum=policy_minimum_weighting(),
        priorities=[p.title for p in priorities],
    )


# --- Reach of engagement ---------------------------------------------------------------


@dataclass
class Reach:
    """Counts of organisations engaged: in the local area, elsewhere in the region, SME,
    VCSE, and all of them."""

    label: str
    total: int = 0
    local: int = 0
    region: int = 0
    sme: int = 0
    vcse: int = 0

    def add(self, registration: EventRegistration, place: geography.Place) -> None:
        self.total += 1
        self.local += place == geography.Place.FORCE_AREA
        self.region += place == geography.Place.NORTH_WEST
        self.sme += registration.is_sme
        self.vcse += registration.is_vcse


@dataclass
class EnteredCounts:
    """How many took part as an officer counted them (on the engagement record): local
    people and organisations, SMEs, VCSEs and equality groups represented. These include
    people who came without registering online, so they are shown beside the recorded
    attendances, never added to them."""

    label: str
    events: int = 0
    local: int = 0
    sme: int = 0
    vcse: int = 0
    equality_groups: int = 0

    def add(self, record: EngagementRecord) -> None:
        self.events += 1
        self.local += record.local_count
        self.sme += record.sme_count
        self.vcse += record.vcse_count
        self.equality_groups += record.equality_groups_count


@dataclass
class ReachReport:
    events: list[tuple[EngagementRecord, Reach]] = field(default_factory=list)
    years: list[Reach] = field(default_factory=list)
    local_name: str = ""
    region_name: str = ""
    # Counts officers entered for meet-the-buyer events, per event and per financial year.
    entered_events: list[EngagementRecord] = field(default_factory=list)
    entered_years: list[EnteredCounts] = field(default_factory=list)


def reach_area() -> geography.LocalArea:
    """The local area and region from the policy's local areas (most local first); the
    North West from the ONS tables when the policy names only one area."""
    lookup = geography.default_lookup()
    areas = list(LocalArea.objects.order_by("order", "name")[:2])
    if not areas:
        return geography.lancashire_force_area()
    region = frozenset(areas[1].district_codes) if len(areas) > 1 else lookup.region_lads()
    return geography.LocalArea(areas[0].name, frozenset(areas[0].district_codes), region)


def reach_report(
    registrations: Iterable[EventRegistration] | None = None, start_month: int | None = None
) -> ReachReport:
    """Who attended events: per event (each attendance) and per financial year (each
    organisation once a year, matched on name and postcode). Only attendances an officer
    recorded count. Place comes from the postcode: its own district in the ONS Postcode
    Directory, the sector's or district's most likely place only when it is not listed."""
    if registrations is None:
        registrations = EventRegistration.objects.filter(attended=True).select_related("event")
    if start_month is None:
        organisation = policy_selectors.organisation_get()
        start_month = organisation.financial_year_start_month if organisation else 4
    area = reach_area()
    lookup = full_lookup()
    by_event: dict[int, tuple[EngagementRecord, Reach]] = {}
    by_year: dict[FinancialYear, Reach] = {}
    seen: set[tuple[FinancialYear, str, str]] = set()
    for registration in sorted(registrations, key=lambda r: (r.event.held_on, r.pk)):
        event = registration.event
        place = lookup.classify(registration.postcode, area).place
        by_event.setdefault(event.pk, (event, Reach(event.title)))[1].add(registration, place)
        year = FinancialYear.of(event.held_on, start_month)
        key = (year, registration.organisation.strip().casefold(), _compact(registration.postcode))
        if key not in seen:
            seen.add(key)
            by_year.setdefault(year, Reach(year.label)).add(registration, place)
    entered_events, entered_years = entered_counts(start_month)
    return ReachReport(
        events=list(by_event.values()),
        years=[by_year[y] for y in sorted(by_year)],
        local_name=area.name,
        region_name=_region_name(),
        entered_events=entered_events,
        entered_years=entered_years,
    )


def entered_counts(
    start_month: int, year: FinancialYear | None = None
) -> tuple[list[EngagementRecord], list[EnteredCounts]]:
    """Meet-the-buyer events with counts an officer entered (optionally of one financial
    year), oldest first, and their totals per financial year."""
    records = EngagementRecord.objects.filter(kind=EngagementKind.MEET_THE_BUYER)
    if year is not None:
        records = records.filter(held_on__gte=year.start, held_on__lte=year.end)
    events = [r for r in records.order_by("held_on", "pk") if r.has_counts]
    by_year: dict[FinancialYear, EnteredCounts] = {}
    for record in events:
        key = FinancialYear.of(record.held_on, start_month)
        by_year.setdefault(key, EnteredCounts(key.label)).add(record)
    return events, [by_year[y] for y in sorted(by_year)]


def _compact(postcode: str) -> str:
    return "".join(postcode.split()).upper()


def _region_name() -> str:
    areas = list(LocalArea.objects.order_by("order", "name")[:2])
    return areas[1].name if len(areas) > 1 else "North West"


# --- Guidance --------------------------------------------------------------------------


def guidance_for(user) -> QuerySet[Guidance]:
    """Guidance a user may read: staff read everything, others the supplier pages."""
    if user.has_perm("procurement.view_staff_guidance"):
        return Guidance.objects.all()
    return Guidance.objects.filter(audience=Audience.SUPPLIERS)


def engagement_for_project(project: Project) -> QuerySet[EngagementRecord]:
    return EngagementRecord.objects.filter(Q(project=project) | Q(project__isnull=True))


def events_open_for_registration(now: datetime | None = None) -> list[EngagementRecord]:
    """Events the public may register for now: registration opened by an officer and the
    event not yet started, soonest first."""
    now = now or timezone.now()
    candidates = EngagementRecord.objects.filter(
        registration_open=True, held_on__gte=timezone.localdate(now)
    ).order_by("held_on", "starts_at", "pk")
    return [event for event in candidates if event.registration_is_open(now)]


def event_for_registration_page(pk: int) -> EngagementRecord | None:
    """The event behind a public registration link, open or closed: any meet-the-buyer
    event, or another record an officer once opened to registration. None for the rest
    (an internal consultation note is not shown to the public)."""
    return (
        EngagementRecord.objects.filter(
            Q(kind=EngagementKind.MEET_THE_BUYER) | Q(registration_open=True), pk=pk
        )
        .select_related("project")
        .first()
    )
