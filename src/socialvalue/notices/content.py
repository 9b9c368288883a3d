"""What each notice says, prefilled from what the platform holds, for the officer to copy
into Find a Tender and for the OCDS release.

Nothing sealed is read here: the tender's model (weights, criteria) is public once the
tender is published, and the award facts are those of the winning bid after award.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from socialvalue.domain import notices as rules
from socialvalue.domain.money import format_gbp, format_quantity
from socialvalue.domain.notices import NoticeRegime, NoticeType
from socialvalue.domain.organisation_type import is_vcse_form
from socialvalue.domain.thresholds import value_including_vat
from socialvalue.notices import selectors
from socialvalue.notices.selectors import NoticeRow
from socialvalue.procurement import selectors as procurement_selectors
from socialvalue.procurement.models import EngagementRecord, Project
from socialvalue.tendering.models import Tender

# s.54: a minimum tender period of 25 days for an open procedure above threshold when the
# tender notice is published electronically (shorter periods exist in defined cases).
MINIMUM_TENDER_DAYS = 25


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()


@dataclass
class Content:
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not known yet"


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def authority_facts(project: Project) -> list[tuple[str, str]]:
    authority = project.contracting_authority
    if authority is None:
        return [("Contracting authority", "Not chosen: choose it on the project")]
    return [
        ("Contracting authority", authority.name),
        ("Identifier", f"{authority.identifier_scheme} {authority.identifier}"),
        ("Address", f"{authority.street_address}, {authority.town}, {authority.postcode}"),
        ("Contact", f"{authority.contact_name}, {authority.contact_email}"),
    ]


def content_for(project: Project, row: NoticeRow, today: date | None = None) -> Content:
    """The prefilled content of one notice of a procurement."""
    today = today or timezone.localdate()
    content = Content(facts=authority_facts(project))
    content.facts += [
        ("Procurement", project.title),
        ("Description", project.description),
        (
            "Estimated value including VAT",
            format_gbp(value_including_vat(project.estimated_value, project.value_includes_vat)),
        ),
    ]
    builder = _BUILDERS[row.type]
    builder(project, row, content, today)
    return content


def _uk2(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    records = EngagementRecord.objects.filter(project=project).order_by("held_on", "pk")
    content.tables.append(
        Table(
            "Engagement with the market and communities",
            ["Engagement", "Kind", "Date", "Where", "SMEs", "VCSEs"],
            [
                [
                    r.title,
                    r.get_kind_display(),
                    _day(r.held_on),
                    r.location or "Not given",
                    str(r.sme_count),
                    str(r.vcse_count),
                ]
                for r in records
            ],
            frozenset({4, 5}),
        )
    )
    assessment = procurement_selectors.assessment_of(project)
    if assessment is not None and assessment.market_input:
        content.facts.append(("What the market told us", assessment.market_input))


def _tender_content(tender: Tender, content: Content, regime: NoticeRegime | None) -> None:
    from socialvalue.transparency.ocds import social_value_weight

    within_quality, of_total = social_value_weight(tender)
    content.facts += [
        ("Tender", f"{tender.reference}: {tender.title}"),
        (
            "Published",
            _day(timezone.localdate(tender.published_at)) if tender.published_at else "Not yet",
        ),
        ("Deadline for tenders", _day(timezone.localdate(tender.deadline))),
        (
            "Award criteria",
            f"Price {_pct(tender.price_weight)}, quality {_pct(tender.quality_weight)} of "
            "the total score",
        ),
        (
            "Social value weighting",
            f"{_pct(within_quality)} of the quality element ({_pct(of_total)} of the total "
            f"score); the policy minimum is {_pct(tender.rule_minimum_percent)}"
            if tender.social_value_relevant
            else "Added social value was assessed as not relevant to this contract",
        ),
    ]
    content.tables.append(
        Table(
            f"Award criteria of {tender.reference}",
            ["Criterion", "Kind", "Weight (% of quality)"],
            [
                [f"{c.code} {c.title}", c.get_kind_display(), _pct(c.weight)]
                for c in tender.criteria.all()
            ],
            frozenset({2}),
        )
    )
    if tender.published_at and regime == NoticeRegime.ABOVE_THRESHOLD:
        days = (tender.deadline - tender.published_at).days
        if days < MINIMUM_TENDER_DAYS:
            content.warnings.append(
                f"The tender period is {days} days: the open procedure above threshold needs "
                f"at least {MINIMUM_TENDER_DAYS} days unless a shorter period is allowed "
                "(section 54)."
            )


def _uk4(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    regime = selectors.regime_of(project)
    if regime.decision is not None:
        content.facts.append(("Regime", regime.decision.regime.label))
    content.facts += [
        ("Category", project.get_category_display()),
        (
            "Contract dates",
            f"{_day(project.contract_starts_on)} to {_day(project.contract_ends_on)}",
        ),
    ]
    sme, vcse, why = selectors.suitability(project)
    content.facts.append(
        (
            "Suitable for SMEs and VCSEs (proposed)",
            f"SMEs: {'yes' if sme else 'no'}; VCSEs: {'yes' if vcse else 'no'} ({why})",
        )
    )
    lots = list(project.lots.all())
    if lots:
        content.tables.append(
            Table(
                "Lots",
                ["Lot", "Estimated value"],
                [[lot.title, format_gbp(lot.value)] for lot in lots],
                frozenset({1}),
            )
        )
    tenders = selectors.live_tenders(project)
    for tender in tenders:
        _tender_content(tender, content, regime.decision.regime if regime.decision else None)
    if not tenders:
        content.warnings.append("No tender has been set up yet: the criteria come from it.")


def _winner_facts(contract) -> list[tuple[str, str]]:
    return _supplier_facts(contract.supplier, contract.value, contract.starts_on, contract.ends_on)


def _decided_facts(tender) -> list[tuple[str, str]]:
    """The award decided, the contract not yet entered into: the winning bid's supplier and
    price, and the project's planned dates."""
    bid, project = tender.recommended_bid, tender.project
    return _supplier_facts(
        bid.supplier, bid.price, project.contract_starts_on, project.contract_ends_on
    )


def _supplier_facts(supplier, value, starts_on, ends_on) -> list[tuple[str, str]]:
    identifiers = [
        f"Companies House {supplier.companies_house_number}"
        if supplier.companies_house_number
        else "",
        f"Charity {supplier.charity_number}" if supplier.charity_number else "",
    ]
    return [
        ("Supplier", supplier.name),
        ("Supplier identifiers", ", ".join(i for i in identifiers if i) or "None recorded"),
        ("Supplier is a VCSE", "Yes" if is_vcse_form(supplier.legal_form) else "No"),
        ("Contract value", format_gbp(value)),
        ("Contract dates", f"{_day(starts_on)} to {_day(ends_on)}"),
    ]


def standstill_of(project: Project, row: NoticeRow) -> tuple[date, date] | None:
    """The standstill the award notice starts: from its recorded publication day."""
    if row.published is not None:
        return rules.standstill_period(row.published.published_on)
    return None


def _uk6(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    contracts = selectors.project_contracts(project)
    light_touch = selectors.regime_of(project).decision
    voluntary = light_touch is not None and light_touch.regime == NoticeRegime.LIGHT_TOUCH
    for contract in contracts:
        content.facts += _winner_facts(contract)
    contracted = {c.tender_id for c in contracts}
    for tender in selectors.live_tenders(project):
        if tender.award_decided_at and tender.recommended_bid_id and tender.pk not in contracted:
            content.facts += _decided_facts(tender)
    period = standstill_of(project, row)
    if period is None:
        first, last = rules.standstill_period(today)
        content.facts.append(
            (
                "Standstill",
                f"If published today: {_day(first)} to {_day(last)} (8 working days); the "
                "contract may be entered into from the next day",
            )
        )
    else:
        first, last = period
        content.facts.append(("Standstill", f"{_day(first)} to {_day(last)} (8 working days)"))
        for contract in contracts:
            if contract.standstill_ends_on and contract.standstill_ends_on < last and not voluntary:
                recorded = _day(contract.standstill_ends_on)
                content.warnings.append(
                    f"{contract.reference} records a standstill ending {recorded}, before "
                    f"the 8 working days end on {_day(last)}."
                )
    if voluntary:
        content.facts.append(("Standstill is", "Voluntary: a light-touch contract"))


def _kpi_table(contract) -> Table:
    kpis = list(contract.kpis.all())
    return Table(
        f"KPIs of {contract.reference}",
        ["KPI", "Target", "Basis", "From"],
        [
            [
                f"{k.code} {k.title}",
                format_quantity(k.quantity, k.unit),
                k.get_basis_display(),
                k.get_source_display(),
            ]
            for k in kpis
        ],
        frozenset({1}),
    )


def _uk7(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    contract = row.contract
    if contract is None:
        return
    content.facts += [("Contract", contract.reference), *_winner_facts(contract)]
    content.facts.append(("Entered into", _day(timezone.localdate(contract.awarded_at))))
    content.tables.append(_kpi_table(contract))
    needed = rules.kpis_required(contract.value)
    have = len(contract.kpis.all())
    if needed and have < needed:
        content.warnings.append(
            f"The contract is worth more than £5 million: set at least {needed} KPIs "
            f"(section 52); it has {have}. The social value KPIs are offered first."
        )
    if needed:
        content.facts.append(
            ("Contract document", "Publish the contract itself within 90 days of entering into it")
        )


def _uk9(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    contract = row.contract
    if contract is None:
        return
    content.facts += [
        ("Contract", contract.reference),
        ("Supplier", contract.supplier.name),
        ("Assessed at", _day(selectors.assessment_day(row, today))),
    ]
    ratings = selectors.ratings_for(project, row, today)
    content.tables.append(
        Table(
            "Performance against each KPI",
            ["KPI", "Due so far", "Delivered and verified", "Proposed rating", "Confirmed rating"],
            [
                [
                    f"{r.kpi_status.kpi.code} {r.kpi_status.kpi.title}",
                    format_quantity(r.kpi_status.due, r.kpi_status.kpi.unit),
                    format_quantity(r.kpi_status.delivered, r.kpi_status.kpi.unit),
                    r.proposed.label,
                    r.rating.label if r.rating else "Not confirmed",
                ]
                for r in ratings
            ],
            frozenset({1, 2}),
        )
    )
    if any(r.confirmed is None for r in ratings):
        content.warnings.append("Confirm a rating for every KPI before recording the notice.")


def _uk10(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    variation = row.variation
    if variation is None:
        return
    facts = selectors.variation_facts(variation)
    content.facts += [
        ("Contract", variation.contract.reference),
        ("Change", variation.get_kind_display()),
        ("Before", variation.old_text),
        ("After", variation.new_text),
        ("Reason", variation.reason),
        ("Approved", _day(facts.approved_on)),
        ("Test", rules.change_test_words(project.category == "works", facts)),
    ]


def _uk11(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    contract = row.contract
    if contract is None:
        return
    content.facts += [
        ("Contract", contract.reference),
        ("Supplier", contract.supplier.name),
        ("Ends", _day(contract.ends_on)),
        ("Value", format_gbp(contract.value)),
    ]


def _uk1(project: Project, row: NoticeRow, content: Content, today: date) -> None:
    """UK1 is not a notice of one procurement: see the pipeline notice page."""


_BUILDERS = {
    NoticeType.UK1: _uk1,
    NoticeType.UK2: _uk2,
    NoticeType.UK4: _uk4,
    NoticeType.UK6: _uk6,
    NoticeType.UK7: _uk7,
    NoticeType.UK9: _uk9,
    NoticeType.UK10: _uk10,
    NoticeType.UK11: _uk11,
}
