"""Reads of Procurement Act notices shared by the pages, the home page and the OCDS export.

The notices due are worked out each time from the procurement's records (regime from the
duty check's inputs, engagement, tenders, award, contracts, approved variations) with the
pure rules of ``socialvalue.domain.notices``; what was published comes from ``Notice``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from socialvalue.contracts import selectors as contract_selectors
from socialvalue.contracts.models import Contract, ContractVariation, VariationKind, VariationStatus
from socialvalue.domain import notices as rules
from socialvalue.domain import payment_times
from socialvalue.domain.money import format_gbp
from socialvalue.domain.notices import (
    NoticeRegime,
    NoticeStatus,
    NoticeType,
    PerformanceRating,
    ProcurementFacts,
    RegimeDecision,
    RequiredNotice,
)
from socialvalue.domain.thresholds import AuthorityType, ThresholdNotFound, value_including_vat
from socialvalue.notices.models import KpiRating, Notice, NoticePlan
from socialvalue.policy import selectors as policy_selectors
from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement import selectors as procurement_selectors
from socialvalue.procurement.models import (
    OPEN_STAGES,
    UPCOMING_STAGES,
    Category,
    EngagementRecord,
    Project,
    Stage,
)
from socialvalue.spend import selectors as spend_selectors
from socialvalue.spend.snapshots import Body, PaymentTimes
from socialvalue.tendering.models import Tender, TenderStatus

# A notice due "within 30 days" of an event: the event is this long before its due day.
PUBLISH_WINDOW = timedelta(days=rules.DAYS_TO_PUBLISH)

# --- Contracting authorities -----------------------------------------------------------------


def authorities() -> QuerySet[ContractingAuthority]:
    return ContractingAuthority.objects.order_by("order", "name")


def recorded_notice(project: Project, key: str) -> Notice | None:
    """The record of the procurement's notice ``key`` as published, if it is recorded."""
    return Notice.objects.filter(project=project, key=key).first()


def authority_from(value: str | None) -> ContractingAuthority | None:
    """The authority a filter names by its id (None: every authority, shown together)."""
    if not value or not str(value).isdigit():
        return None
    return authorities().filter(pk=int(value)).first()


def for_authority(
    projects: QuerySet[Project], authority: ContractingAuthority | None
) -> QuerySet[Project]:
    return projects if authority is None else projects.filter(contracting_authority=authority)


# --- Regime and facts ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegimeCheck:
    decision: RegimeDecision | None
    problem: str = ""


def plan_of(project: Project) -> NoticePlan | None:
    return NoticePlan.objects.filter(project=project).first()


def regime_of(project: Project) -> RegimeCheck:
    """The notice regime of a project, or why it cannot be told yet."""
    organisation = policy_selectors.organisation_get()
    if organisation is None or not organisation.authority_type:
        return RegimeCheck(
            None,
            "Say whether your organisation is central government or sub-central in the "
            "policy before the notices can be worked out.",
        )
    plan = plan_of(project)
    try:
        decision = rules.notice_regime(
            authority=AuthorityType.from_code(organisation.authority_type),
            category=project.domain_category,
            value_inc_vat=value_including_vat(project.estimated_value, project.value_includes_vat),
            started_on=project.procurement_starts_on,
            thresholds=procurement_selectors.thresholds_as_domain(),
            exempt_reason=plan.exempt_reason if plan else "",
        )
    except ThresholdNotFound:
        return RegimeCheck(
            None,
            f"The thresholds table has no row for a procurement starting on "
            f"{project.procurement_starts_on:%d %B %Y}. Ask an administrator to add it.",
        )
    return RegimeCheck(decision)


def live_tenders(project: Project) -> list[Tender]:
    return list(
        Tender.objects.filter(project=project)
        .exclude(status=TenderStatus.CANCELLED)
        .order_by("published_at", "pk")
    )


def project_contracts(project: Project) -> list[Contract]:
    return list(
        Contract.objects.filter(project=project)
        .select_related("supplier", "tender")
        .prefetch_related("kpis")
        .order_by("starts_on", "pk")
    )


def approved_variations(project: Project) -> list[ContractVariation]:
    return list(
        ContractVariation.objects.filter(
            contract__project=project,
            status=VariationStatus.APPROVED,
            kind__in=[VariationKind.VALUE, VariationKind.DATES],
        )
        .select_related("contract")
        .order_by("decided_at", "pk")
    )


def _local_day(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _term_days(values: dict, contract: Contract) -> int:
    starts = date.fromisoformat(str(values.get("starts_on", contract.starts_on)))
    ends = date.fromisoformat(str(values.get("ends_on", contract.ends_on)))
    return (ends - starts).days + 1


def variation_facts(variation: ContractVariation) -> rules.VariationFacts:
    contract = variation.contract
    old, new = variation.old_values or {}, variation.new_values or {}
    value_before = Decimal(str(old.get("value", contract.value)))
    value_after = Decimal(str(new.get("value", value_before)))
    return rules.VariationFacts(
        key=str(variation.pk),
        contract_key=contract.reference,
        approved_on=_local_day(variation.decided_at) or timezone.localdate(),
        value_before=value_before,
        value_after=value_after,
        term_days_before=_term_days(old, contract),
        term_days_after=_term_days({**old, **new}, contract),
    )


def facts_of(project: Project, regime: NoticeRegime) -> ProcurementFacts:
    """What the platform knows of a procurement, as the notice rules read it."""
    tenders = live_tenders(project)
    published = [t.published_at for t in tenders if t.published_at is not None]
    tender_on = _local_day(min(published)) if published else project.procurement_starts_on
    engagement_on = EngagementRecord.objects.filter(project=project).aggregate(
        first=Min("held_on")
    )["first"]
    contracts = project_contracts(project)
    # The award decision makes the contract award notice due (s.50).
    award_days = [
        _local_day(t.award_decided_at or t.awarded_at)
        for t in tenders
        if (t.award_decided_at or t.awarded_at) is not None
    ]
    award_days += [c.standstill_starts_on or _local_day(c.awarded_at) for c in contracts]
    award_on = min((d for d in award_days if d is not None), default=None)
    return ProcurementFacts(
        regime=regime,
        works=project.category == Category.WORKS,
        engagement_on=engagement_on,
        tender_on=tender_on,
        tender_advertised=True,
        award_on=award_on,
        contracts=tuple(
            rules.ContractFacts(
                key=c.reference,
                value=c.value,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                entered_on=_local_day(c.awarded_at),
                kpi_count=len(c.kpis.all()),
            )
            for c in contracts
        ),
        variations=tuple(variation_facts(v) for v in approved_variations(project)),
    )


# --- The notices of a procurement ------------------------------------------------------------


@dataclass
class NoticeRow:
    required: RequiredNotice
    status: NoticeStatus
    published: Notice | None = None
    contract: Contract | None = None
    variation: ContractVariation | None = None

    @property
    def type(self) -> NoticeType:
        return self.required.type

    @property
    def key(self) -> str:
        return self.required.key

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour of the status."""
        return _TAG_COLOURS[self.status]

    @property
    def slug(self) -> str:
        """The key as a URL part: "UK9:LC-1:2" -> "UK9~LC-1~2"."""
        return key_to_slug(self.key)

    @property
    def title(self) -> str:
        what = f"{self.type.value} {self.type.label}"
        if self.type == NoticeType.UK9:
            period = (
                "final assessment"
                if self.required.period == 0
                else (f"contract year {self.required.period}")
            )
            return f"{what}: {self.required.contract_key}, {period}"
        if self.type == NoticeType.UK10 and self.variation is not None:
            return f"{what}: {self.variation.contract.reference}, {self.variation}"
        if self.required.contract_key:
            return f"{what}: {self.required.contract_key}"
        return what


_TAG_COLOURS = {
    NoticeStatus.WAITING: "grey",
    NoticeStatus.UPCOMING: "blue",
    NoticeStatus.DUE: "yellow",
    NoticeStatus.OVERDUE: "red",
    NoticeStatus.PUBLISHED: "green",
}


def key_to_slug(key: str) -> str:
    return key.replace(":", "~")


def slug_to_key(slug: str) -> str:
    return slug.replace("~", ":")


@dataclass
class ProjectNotices:
    project: Project
    check: RegimeCheck
    rows: list[NoticeRow] = field(default_factory=list)

    @property
    def regime(self) -> NoticeRegime | None:
        return self.check.decision.regime if self.check.decision else None


def notices_for(project: Project, today: date | None = None) -> ProjectNotices:
    """Every notice a procurement needs, with its due date and status on ``today``."""
    today = today or timezone.localdate()
    check = regime_of(project)
    result = ProjectNotices(project, check)
    if check.decision is None:
        return result
    published = {n.key: n for n in Notice.objects.filter(project=project)}
    if _cancelled_before_tender(project) and not published:
        # Nothing was advertised, so no notice is owed (a UK12 is not offered yet).
        return result
    facts = facts_of(project, check.decision.regime)
    contracts = {c.reference: c for c in project_contracts(project)}
    variations = {str(v.pk): v for v in approved_variations(project)}
    for required in rules.notices_required(facts):
        record = published.get(required.key)
        result.rows.append(
            NoticeRow(
                required=required,
                status=rules.notice_status(
                    required.due_on, record.published_on if record else None, today
                ),
                published=record,
                contract=contracts.get(required.contract_key),
                variation=variations.get(required.variation_key),
            )
        )
    return result


def _cancelled_before_tender(project: Project) -> bool:
    return (
        project.stage == Stage.CANCELLED
        and not Tender.objects.filter(project=project, published_at__isnull=False).exists()
    )


def notice_row(project: Project, key: str, today: date | None = None) -> NoticeRow | None:
    return next((r for r in notices_for(project, today).rows if r.key == key), None)


@dataclass(frozen=True)
class DueNotice:
    project: Project
    row: NoticeRow

    @property
    def due_on(self) -> date | None:
        return self.row.required.due_on

    @property
    def status(self) -> NoticeStatus:
        return self.row.status


def notices_due(
    today: date | None = None,
    *,
    authority: ContractingAuthority | None = None,
    owner=None,
) -> list[DueNotice]:
    """Notices due within 30 days or overdue, most urgent first. Only open projects and
    those whose termination notice is not yet recorded are looked at, not every project."""
    today = today or timezone.localdate()
    projects = Project.objects.filter(
        Q(stage__in=OPEN_STAGES)
        | (Q(contracts__isnull=False) & ~Q(notices__notice_type=NoticeType.UK11.value))
    ).distinct()
    projects = for_authority(projects, authority)
    if owner is not None:
        projects = projects.filter(owner=owner)
    found = []
    for project in projects.select_related("contracting_authority"):
        for row in notices_for(project, today).rows:
            if row.status in (NoticeStatus.DUE, NoticeStatus.OVERDUE):
                found.append(DueNotice(project, row))
    found.sort(key=lambda d: (d.row.required.due_on or date.max, d.project.title, d.row.key))
    return found


# --- UK4: suitability for SMEs and VCSEs -----------------------------------------------------


def suitability(project: Project) -> tuple[bool, bool, str]:
    """Whether the procurement is proposed as suitable for SMEs and for VCSEs, and why: the
    officer confirms both on Find a Tender."""
    lots = list(project.lots.all())
    engaged = EngagementRecord.objects.filter(project=project)
    smes = sum(r.sme_count for r in engaged)
    vcses = sum(r.vcse_count for r in engaged)
    reasons = []
    if lots:
        reasons.append(f"divided into {len(lots)} lots")
    if smes:
        reasons.append(f"{smes} SMEs took part in engagement")
    if vcses:
        reasons.append(f"{vcses} VCSEs took part in engagement")
    why = "; ".join(reasons) if reasons else "no lots and no SME or VCSE engagement recorded"
    return bool(lots or smes), bool(vcses), why


# --- UK9: ratings proposed from delivery -----------------------------------------------------


@dataclass
class RatingRow:
    kpi_status: contract_selectors.KpiStatus
    proposed: PerformanceRating
    confirmed: KpiRating | None

    @property
    def rating(self) -> PerformanceRating | None:
        return PerformanceRating(self.confirmed.rating) if self.confirmed else None


def assessment_day(row: NoticeRow, today: date | None = None) -> date:
    """The day a UK9's performance is assessed at: its period's end, or today if earlier."""
    today = today or timezone.localdate()
    due = row.required.due_on
    return min(due - PUBLISH_WINDOW, today) if due else today


def ratings_for(project: Project, row: NoticeRow, today: date | None = None) -> list[RatingRow]:
    """Each KPI of the contract with the rating its delivery records propose and the one
    the officer confirmed (if any)."""
    if row.contract is None:
        return []
    status = contract_selectors.contract_status_get(row.contract, assessment_day(row, today))
    confirmed = {r.kpi_id: r for r in KpiRating.objects.filter(project=project, key=row.key)}
    return [
        RatingRow(k, rules.proposed_rating(k.rag, k.share), confirmed.get(k.kpi.pk))
        for k in status.kpis
    ]


# --- UK1: the pipeline notice ----------------------------------------------------------------


@dataclass(frozen=True)
class PipelineEntry:
    project: Project
    value_inc_vat: Decimal


def pipeline_entries(
    from_day: date | None = None, authority: ContractingAuthority | None = None
) -> list[PipelineEntry]:
    """Procurements over £2 million (VAT included) expected to be advertised in the 18
    months from ``from_day``, not yet advertised."""
    from_day = from_day or timezone.localdate()
    first, last = rules.pipeline_window(from_day)
    projects = for_authority(
        Project.objects.filter(
            stage__in=UPCOMING_STAGES,
            procurement_starts_on__gte=first,
            procurement_starts_on__lte=last,
        ).select_related("contracting_authority"),
        authority,
    ).order_by("procurement_starts_on", "title")
    entries = []
    for project in projects:
        gross = value_including_vat(project.estimated_value, project.value_includes_vat)
        if rules.in_pipeline(gross, project.procurement_starts_on, from_day):
            entries.append(PipelineEntry(project, gross))
    return entries


# --- Payments compliance notices (UK8, s.69) ----------------------------------------------


@dataclass(frozen=True)
class PaymentsNotice:
    """One reporting period's payments compliance notice: its figures from the stored
    payment times (of one contracting authority, or of every body together), when it is due,
    whether a notice is required at all and, for a body, whether it is recorded as
    published."""

    figures: payment_times.Compliance
    today: date
    body: Body = field(default_factory=Body)
    published: Notice | None = None

    @property
    def period(self) -> payment_times.Period:
        return self.figures.period

    @property
    def authority(self) -> ContractingAuthority | None:
        return self.body.authority

    @property
    def key(self) -> str:
        """The key its publication is recorded under: "UK8:2026-04-01_2026-09-30"."""
        return payments_notice_key(self.period)

    @property
    def required(self) -> bool:
        return self.figures.notice_due

    @property
    def due_on(self) -> date:
        return self.period.publish_by

    @property
    def ended(self) -> bool:
        return self.period.end < self.today

    @property
    def past_due(self) -> bool:
        return self.required and self.published is None and self.due_on < self.today

    @property
    def status(self) -> NoticeStatus | None:
        """A body's notice: waiting, due, overdue or published (None: not one body's, or
        before s.69)."""
        if self.authority is None or not self.required:
            return None
        published_on = self.published.published_on if self.published else None
        return rules.payments_notice_status(self.period.end, self.due_on, published_on, self.today)

    @property
    def tag_colour(self) -> str:
        return _TAG_COLOURS[self.status] if self.status else "grey"

    @property
    def title(self) -> str:
        return f"{NoticeType.UK8.value} {NoticeType.UK8.label}: {self.period.label}"

    def content(self) -> list[tuple[str, str]]:
        """The notice's fields as Find a Tender asks for them, prefilled from the figures."""
        f = self.figures

        def percent(value: Decimal | None) -> str:
            return "No invoice dates" if value is None else f"{value}%"

        body = []
        if self.authority is not None:
            a = self.authority
            body = [("Contracting authority", f"{a.name} ({a.identifier_scheme} {a.identifier})")]
        return [
            *body,
            ("Reporting period", self.period.label),
            (
                "Average number of days to pay an invoice",
                "No invoice dates" if f.average_days is None else f"{f.average_days} days",
            ),
            ("Invoices paid within 30 days", percent(f.share_within_30)),
            ("Invoices paid in 31 to 60 days", percent(f.share_31_to_60)),
            ("Invoices paid in 61 days or more", percent(f.share_over_60)),
        ]

    def coverage(self) -> str:
        """What the figures rest on, in words."""
        f = self.figures
        return (
            f"{f.dated_lines:,} of {f.lines:,} payment lines ({percent_text(f.coverage)}) and "
            f"{format_gbp(f.dated_value)} of {format_gbp(f.value)} "
            f"({percent_text(f.value_coverage)}) had an invoice date."
        )


def percent_text(value: Decimal | None) -> str:
    return "none" if value is None else f"{value}%"


def payments_notice_key(period: payment_times.Period) -> str:
    return f"{NoticeType.UK8.value}:{period.key}"


def payments_notices(
    today: date | None = None, body: Body | None = None
) -> tuple[list[PaymentsNotice], PaymentTimes]:
    """Every reporting period with payments of the body (None: every body together), latest
    first, from the stored payment times (no pass over the payments), and the snapshot they
    came from. A contracting authority's notices carry their publication record."""
    today = today or timezone.localdate()
    body = body or Body()
    times = spend_selectors.payment_times(body)
    published: dict[str, Notice] = {}
    if body.authority is not None:
        published = {n.key: n for n in recorded_payments_notices(body.authority)}
    notices = [
        PaymentsNotice(f, today, body, published.get(payments_notice_key(f.period)))
        for f in reversed(times.periods)
    ]
    return notices, times


def recorded_payments_notices(authority: ContractingAuthority) -> QuerySet[Notice]:
    return Notice.objects.filter(
        notice_type=NoticeType.UK8.value, contracting_authority=authority, project__isnull=True
    ).select_related("recorded_by")


def payments_notice(
    key: str, today: date | None = None, body: Body | None = None
) -> PaymentsNotice | None:
    """One period's notice by its key ('2026-01-01_2026-03-31'); None when there is none."""
    notices, _times = payments_notices(today, body)
    return next((n for n in notices if n.period.key == key), None)


def payments_notices_of_period(key: str, today: date | None = None) -> list[PaymentsNotice]:
    """Each contracting authority's notice for one period (those with payments in it)."""
    found = []
    for authority in authorities():
        notice = payments_notice(key, today, Body(authority))
        if notice is not None:
            found.append(notice)
    return found


@dataclass(frozen=True)
class DuePaymentsNotice:
    """A contracting authority's payments compliance notice overdue or due in 30 days."""

    notice: PaymentsNotice

    @property
    def authority(self) -> ContractingAuthority:
        assert self.notice.authority is not None
        return self.notice.authority

    @property
    def due_on(self) -> date:
        return self.notice.due_on

    @property
    def status(self) -> NoticeStatus | None:
        return self.notice.status


def payments_notices_due(
    today: date | None = None, *, authority: ContractingAuthority | None = None
) -> list[DuePaymentsNotice]:
    """Each contracting authority's payments compliance notices (UK8) overdue or due in
    the next 30 days: one for every reporting period since s.69 in which its imported
    payments were made, not yet recorded as published. From the stored payment times."""
    today = today or timezone.localdate()
    bodies = [authority] if authority is not None else list(authorities())
    found = []
    for body in bodies:
        for notice in payments_notices(today, Body(body))[0]:
            if notice.status in (NoticeStatus.DUE, NoticeStatus.OVERDUE):
                found.append(DuePaymentsNotice(notice))
    found.sort(key=lambda d: (d.due_on, d.authority.order, d.authority.name))
    return found


def next_payments_notice_due(today: date) -> date:
    """The due date of the next payments compliance notice (even with no payments yet): the
    period just ended while its 30 days run, else the current one."""
    current = payment_times.reporting_period_of(today)
    if not payment_times.notice_due(current):  # before s.69: its first period
        return payment_times.reporting_period_of(payment_times.S69_IN_FORCE).publish_by
    previous = payment_times.reporting_period_of(current.start - timedelta(days=1))
    if payment_times.notice_due(previous) and previous.publish_by >= today:
        return previous.publish_by
    return current.publish_by
