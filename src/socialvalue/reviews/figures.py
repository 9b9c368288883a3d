"""The figures of an annual review, computed from the live data for one financial year and
returned as JSON-ready data (money and shares as strings, never floats), so a published
review can keep them exactly as they were.

Definitions (docs/annual-review.md):

* committed: the whole-contract value of the KPIs of contracts awarded in the year;
* delivered: verified delivery lines of reporting periods ending in the year, valued at the
  KPI's frozen unit value;
* contracts: every contract live at some point in the year, with its status at the year's
  end (or today, while the year runs);
* weighting: tenders published in the year, their social value weight within quality
  against the policy minimum then in force;
* engagement: records held in the year and the reach of meet-the-buyer events.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from socialvalue.domain.fiscal import FinancialYear
from socialvalue.policy.models import PolicyStatement, StatementKind
from socialvalue.procurement.models import Assessment, EngagementKind, EngagementRecord
from socialvalue.transparency import figures as public_figures
from socialvalue.transparency.ocds import social_value_weight

ZERO = Decimal("0.00")


def review_figures(year: FinancialYear) -> dict[str, Any]:
    as_of = min(year.end, timezone.localdate())
    data: dict[str, Any] = {
        "year": year.label,
        "start": year.start.isoformat(),
        "end": year.end.isoformat(),
        "as_of": as_of.isoformat(),
        "social_value": _social_value(year),
        "spend": _spend(year),
        "contracts": _contracts(year, as_of),
        "weighting": _weighting(year),
        "engagement": _engagement(year),
        "flags": _flags(year),
    }
    data["aims"] = _aims(data)
    return data


def _flags(year: FinancialYear) -> list[dict[str, Any]]:
    """Red flags raised by what happened in the year, per kind (flags.selectors)."""
    from socialvalue.flags.selectors import summary

    return [
        {
            "label": row.label,
            "raised": row.raised,
            "open": row.open,
            "reviewed": row.reviewed,
            "dismissed": row.dismissed,
        }
        for row in summary(year.start, year.end)
    ]


# --- Social value committed and delivered ------------------------------------------------


def _social_value(year: FinancialYear) -> dict[str, Any]:
    from socialvalue.contracts.models import Contract, Kpi
    from socialvalue.contracts.selectors import contract_status, verified_lines_ending_between

    groups = {"theme": _Totals(), "outcome": _Totals(), "priority": _Totals()}
    awarded = Contract.objects.filter(
        awarded_at__date__gte=year.start, awarded_at__date__lte=year.end
    ).prefetch_related(
        "kpis__measure__outcome__theme", "kpis__measure__priorities", "returns__lines"
    )
    for contract in awarded:
        for kpi_status in contract_status(contract).kpis:
            for group, label in _labels(kpi_status.kpi):
                groups[group].add(label, committed=kpi_status.committed_value)
    kpis = {k.pk: k for k in Kpi.objects.prefetch_related("measure__priorities")}
    for line in verified_lines_ending_between(year.start, year.end).select_related(
        "kpi__measure__outcome__theme"
    ):
        kpi = kpis.get(line.kpi_id, line.kpi)
        value = kpi.value_of(line.quantity)
        for group, label in _labels(kpi):
            groups[group].add(label, delivered=value)
    totals = groups["theme"]
    return {
        "committed": str(totals.committed),
        "delivered": str(totals.delivered),
        "by_theme": groups["theme"].rows(),
        "by_outcome": groups["outcome"].rows(),
        "by_priority": groups["priority"].rows(),
    }


def _labels(kpi) -> list[tuple[str, str]]:
    measure = kpi.measure
    if measure is None:
        return [
            ("theme", "Bidders' own proposals"),
            ("outcome", "Bidders' own proposals"),
            ("priority", "Not linked to a priority"),
        ]
    labels = [("theme", measure.outcome.theme.title), ("outcome", measure.outcome.title)]
    priorities = list(measure.priorities.all())
    if priorities:
        labels += [("priority", str(p)) for p in priorities]
    else:
        labels.append(("priority", "Not linked to a priority"))
    return labels


class _Totals:
    def __init__(self) -> None:
        self.committed_by: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.delivered_by: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def add(self, label: str, *, committed: Decimal = ZERO, delivered: Decimal = ZERO) -> None:
        self.committed_by[label] += committed
        self.delivered_by[label] += delivered

    @property
    def committed(self) -> Decimal:
        return sum(self.committed_by.values(), ZERO)

    @property
    def delivered(self) -> Decimal:
        return sum(self.delivered_by.values(), ZERO)

    def rows(self) -> list[dict[str, str]]:
        labels = sorted(set(self.committed_by) | set(self.delivered_by))
        return [
            {
                "label": label,
                "committed": str(self.committed_by[label]),
                "delivered": str(self.delivered_by[label]),
            }
            for label in labels
        ]


# --- Spend ----------------------------------------------------------------------------------


def _spend(year: FinancialYear) -> dict[str, Any]:
    from socialvalue.spend.selectors import figures_snapshot

    # The spend figures stored by the last background computation, with when that was.
    snapshot = figures_snapshot()
    trend = [y for y in public_figures.spend_by_year(snapshot) if y.year <= year.label]
    this_year = next((y for y in trend if y.year == year.label), None)
    return {
        "computed_at": snapshot.computed_at.isoformat() if snapshot.computed_at else None,
        "being_computed": snapshot.being_computed,
        "labels": public_figures.SHARE_LABELS,
        "year": _spend_year(this_year) if this_year else None,
        "trend": [_spend_year(y) for y in trend],
    }


def _spend_year(y: public_figures.SpendYear) -> dict[str, Any]:
    return {
        "year": y.year,
        "total": str(y.total),
        "influenceable": str(y.influenceable),
        "shares": {k: None if v is None else str(v) for k, v in y.shares.items()},
        "place_unknown": None if y.place_unknown is None else str(y.place_unknown),
        "size_unknown": None if y.size_unknown is None else str(y.size_unknown),
        # As shown: a place or SME share resting on too little is its range, not a figure.
        "share_texts": y.share_texts,
        "place_coverage": y.place_coverage,
        "place_reliable": y.place_reliable,
        "size_reliable": y.size_reliable,
    }


# --- Contracts ------------------------------------------------------------------------------


def _contracts(year: FinancialYear, as_of) -> dict[str, Any]:
    from socialvalue.contracts.models import Contract
    from socialvalue.contracts.selectors import contract_statuses
    from socialvalue.domain.delivery import Rag

    live = Contract.objects.filter(starts_on__lte=year.end, ends_on__gte=year.start).order_by(
        "reference"
    )
    rows = []
    counts: dict[str, int] = defaultdict(int)
    for status in contract_statuses(live, as_of):
        if not status.kpis:
            continue
        rag = str(status.rag)
        counts[rag] += 1
        rows.append(
            {
                "reference": status.contract.reference,
                "title": status.contract.title,
                "supplier": status.contract.supplier.name,
                "committed": str(status.committed_value),
                "due": str(status.due_value),
                "delivered": str(status.delivered_value),
                "rag": rag,
                "status": Rag(rag).label,
            }
        )
    return {
        "rows": rows,
        "with_social_value": len(rows),
        "by_status": [{"status": rag.label, "count": counts.get(rag.value, 0)} for rag in Rag],
    }


# --- Weighting in tenders ------------------------------------------------------------------


def _weighting(year: FinancialYear) -> dict[str, Any]:
    from socialvalue.tendering.models import Tender, TenderStatus

    tenders = (
        Tender.objects.filter(published_at__date__gte=year.start, published_at__date__lte=year.end)
        .exclude(status=TenderStatus.DRAFT)
        .prefetch_related("criteria")
        .order_by("published_at")
    )
    rows = []
    for tender in tenders:
        within_quality, of_total = social_value_weight(tender)
        minimum = tender.rule_minimum_percent
        compare = within_quality if tender.rule_basis == "quality" else of_total
        rows.append(
            {
                "reference": tender.reference,
                "title": tender.title,
                "relevant": tender.social_value_relevant,
                "weight_of_quality": str(within_quality),
                "weight_of_total": str(of_total),
                "minimum": str(minimum),
                "basis": tender.get_rule_basis_display(),
                "meets_minimum": bool(within_quality) and compare >= minimum,
            }
        )
    weighted = [r for r in rows if Decimal(r["weight_of_quality"]) > 0]
    return {
        "tenders": rows,
        "count": len(rows),
        "weighted": len(weighted),
        "meeting_minimum": sum(1 for r in rows if r["meets_minimum"]),
        "weighted_share": str((Decimal(len(weighted)) / len(rows)).quantize(Decimal("0.0001")))
        if rows
        else None,
    }


# --- Engagement -----------------------------------------------------------------------------


def _engagement(year: FinancialYear) -> dict[str, Any]:
    from socialvalue.procurement.selectors import reach_report

    records = EngagementRecord.objects.filter(held_on__gte=year.start, held_on__lte=year.end)
    kinds = {kind.value: 0 for kind in EngagementKind}
    totals = {"local": 0, "sme": 0, "vcse": 0, "equality_groups": 0}
    for record in records:
        kinds[record.kind] += 1
        totals["local"] += record.local_count
        totals["sme"] += record.sme_count
        totals["vcse"] += record.vcse_count
        totals["equality_groups"] += record.equality_groups_count
    report = reach_report(start_month=year.start_month)
    reach = next((r for r in report.years if r.label == year.label), None)
    entered = next((y for y in report.entered_years if y.label == year.label), None)
    signed_off = Assessment.objects.filter(
        signed_off_at__date__gte=year.start, signed_off_at__date__lte=year.end
    )
    return {
        "records": records.count(),
        "by_kind": [{"kind": EngagementKind(k).label, "count": n} for k, n in kinds.items()],
        "taking_part": totals,
        "reach": {
            "local_name": report.local_name,
            "region_name": report.region_name,
            "organisations": reach.total if reach else 0,
            "local": reach.local if reach else 0,
            "region": reach.region if reach else 0,
            "sme": reach.sme if reach else 0,
            "vcse": reach.vcse if reach else 0,
        },
        # Meet-the-buyer events' counts as officers entered them (walk-ins included).
        "events_counted": {
            "events": entered.events if entered else 0,
            "local": entered.local if entered else 0,
            "sme": entered.sme if entered else 0,
            "vcse": entered.vcse if entered else 0,
        },
        "assessments_signed_off": signed_off.count(),
        "assessments_with_priorities": signed_off.filter(priorities__isnull=False)
        .distinct()
        .count(),
    }


# --- Aims and objectives -------------------------------------------------------------------

# Which figures speak to a statement, found from its words: an organisation's own policy
# wording is data, so the link is by topic rather than by paragraph number.
TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("engagement", re.compile(r"engag|consult|involv|communit", re.I)),
    ("assessment", re.compile(r"proportionate|outcome|priorit|pre-procurement", re.I)),
    ("weighting", re.compile(r"quality element|weight|evaluat|\d%", re.I)),
    ("spend", re.compile(r"local spend|local economy|small|enterprise|voluntary|spend", re.I)),
    ("environment", re.compile(r"environment|waste|energy|carbon|climate|sustainable", re.I)),
    ("understanding", re.compile(r"understanding|guidance|training|marketplace", re.I)),
]


def _aims(data: dict[str, Any]) -> list[dict[str, Any]]:
    statements = PolicyStatement.objects.filter(
        kind__in=[StatementKind.AIM, StatementKind.OBJECTIVE]
    ).order_by("kind", "order", "reference")
    rows = []
    for statement in statements:
        words = f"{statement.title} {statement.text}"
        evidence = [
            line
            for topic, pattern in TOPICS
            if pattern.search(words)
            for line in _evidence(topic, data)
        ]
        rows.append(
            {
                "kind": statement.get_kind_display(),
                "reference": statement.reference,
                "title": statement.title,
                "text": statement.text,
                "evidence": evidence,
            }
        )
    return rows


def _evidence(topic: str, data: dict[str, Any]) -> list[str]:
    engagement, weighting = data["engagement"], data["weighting"]
    if topic == "engagement":
        reach, counted = engagement["reach"], engagement.get("events_counted")
        lines = [
            f"{engagement['records']} consultations, market engagements and events held; "
            f"{reach['organisations']} organisations attended meet-the-buyer events "
            f"({reach['local']} from {reach['local_name']})."
        ]
        if counted and counted["events"]:
            lines.append(
                f"At {counted['events']} meet-the-buyer "
                f"event{'s' if counted['events'] != 1 else ''} officers counted "
                f"{counted['local']} local participants, {counted['sme']} SMEs and "
                f"{counted['vcse']} VCSEs."
            )
        return lines
    if topic == "assessment":
        return [
            f"{engagement['assessments_signed_off']} social value assessments signed off, "
            f"{engagement['assessments_with_priorities']} linked to Police and Crime Plan "
            "priorities."
        ]
    if topic == "weighting":
        if not weighting["count"]:
            return ["No tenders were published in the year."]
        return [
            f"{weighting['weighted']} of {weighting['count']} tenders weighted social value; "
            f"{weighting['meeting_minimum']} at or above the policy minimum."
        ]
    if topic == "spend":
        year = data["spend"]["year"]
        if year is None:
            return ["No payments are imported for the year."]
        shares, texts = year["shares"], year.get("share_texts") or {}
        return [
            "Of influenceable spend: "
            + ", ".join(
                f"{texts.get(key) or _pct(shares[key])} {label.lower()}"
                for key, label in data["spend"]["labels"].items()
            )
            + "."
        ]
    if topic == "environment":
        rows = [
            r
            for r in data["social_value"]["by_theme"]
            if re.search(r"climate|environment", r["label"], re.I)
        ]
        committed = sum((Decimal(r["committed"]) for r in rows), ZERO)
        delivered = sum((Decimal(r["delivered"]) for r in rows), ZERO)
        return [
            f"Environmental social value: £{committed:,.2f} committed, £{delivered:,.2f} "
            "delivered and verified."
        ]
    if topic == "understanding":
        kinds = {row["kind"]: row["count"] for row in engagement["by_kind"]}
        events = kinds.get(EngagementKind.MEET_THE_BUYER.label, 0)
        market = kinds.get(EngagementKind.MARKET.label, 0)
        return [f"{events} meet-the-buyer events and {market} market engagements held."]
    return []


def _pct(value: str | None) -> str:
    if value is None:
        return "-"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"
