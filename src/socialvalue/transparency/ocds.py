"""Open Contracting Data Standard 1.1 release packages, one per public procurement.

One project is one contracting process: its ocid is the organisation's OCDS prefix (setting
``OCDS_PREFIX``) and the project id. A package holds one release per event that happened:
planning (the pipeline, engagement, the assessment), tender (with how bids are weighed,
social value included), award, contract and implementation (social value delivered). Only
core OCDS fields are used, so a validator needs no extension. Social value commitments are
contract milestones of type ``delivery``; what was delivered are the implementation's
milestones, ``met`` / ``partiallyMet`` / ``notMet`` following the delivery status.

What is published is decided in ``transparency.selectors`` (never sealed, confidential or
personal data); this module only writes it in the standard's shape.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from socialvalue.policy.selectors import organisation_get
from socialvalue.procurement import selectors as procurement_selectors
from socialvalue.procurement.models import (
    Category,
    EngagementRecord,
    Project,
    Stage,
)
from socialvalue.tendering.models import CriterionKind, Tender, TenderStatus
from socialvalue.transparency import delivery
from socialvalue.transparency import selectors as public

VERSION = "1.1"
BUYER_ID = "buyer"

MAIN_CATEGORY = {
    Category.SERVICES: "services",
    Category.LIGHT_TOUCH: "services",
    Category.SUPPLIES: "goods",
    Category.MIXED: "goods",
    Category.WORKS: "works",
}

MILESTONE_STATUS = {  # delivery status -> OCDS milestoneStatus
    delivery.GREEN: "met",
    delivery.AMBER: "partiallyMet",
    delivery.RED: "notMet",
    delivery.NOT_DUE: "scheduled",
}


def ocid_for(project: Project) -> str:
    return f"{settings.OCDS_PREFIX}-{project.pk}"


def package_filename(project: Project) -> str:
    return f"{ocid_for(project)}.json"


def release_package(project: Project, *, uri: str) -> dict[str, Any]:
    """The release package of one public procurement. ``uri`` is where it is published.
    The same data gives the same package (publishedDate is the latest release's date)."""
    releases = releases_for(project)
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": max(r["date"] for r in releases),
        "publisher": {"name": _buyer_name()},
        "releases": releases,
    }


def package_json(package: dict[str, Any]) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def releases_for(project: Project) -> list[dict[str, Any]]:
    ocid = ocid_for(project)
    tenders = public.public_tenders(project)
    releases = [
        _release(
            ocid,
            "planning",
            _planned_at(project, tenders),
            planning=_planning(project),
            tender=_planned_tender(project, tenders),
        )
    ]
    for tender in tenders:
        releases.append(
            _release(ocid, f"tender-{tender.pk}", tender.published_at, tender=_tender(tender))
        )
    for tender in tenders:
        bid = public.awarded_bid(tender)
        if bid is None:
            continue
        facts = delivery.public_award(tender, bid)
        supplier = _supplier_party(bid.supplier)
        releases.append(
            _release(
                ocid,
                f"award-{tender.pk}",
                tender.awarded_at,
                tag="award",
                extra_parties=[supplier],
                awards=[_award(tender, facts, supplier)],
            )
        )
        if facts.contract_reference:
            signed = facts.contract_signed_at or tender.awarded_at
            releases.append(
                _release(
                    ocid,
                    f"contract-{tender.pk}",
                    signed,
                    tag="contract",
                    extra_parties=[supplier],
                    contracts=[_contract(tender, facts, implementation=False)],
                )
            )
            if facts.last_return_at:
                releases.append(
                    _release(
                        ocid,
                        f"implementation-{tender.pk}",
                        facts.last_return_at,
                        tag="implementation",
                        extra_parties=[supplier],
                        contracts=[_contract(tender, facts, implementation=True)],
                    )
                )
    if project.stage == Stage.CANCELLED:
        cancelled_at = _cancelled_at(project)
        releases.append(
            _release(
                ocid,
                "cancelled",
                cancelled_at,
                tag="tenderCancellation",
                tender={"id": _tender_id(project, tenders), "status": "cancelled"},
            )
        )
    releases.sort(key=lambda r: (r["date"], r["id"]))
    return releases


# --- Releases ------------------------------------------------------------------------------


def _release(
    ocid: str,
    suffix: str,
    when,
    *,
    tag: str | None = None,
    extra_parties: list[dict] | None = None,
    **sections: Any,
) -> dict[str, Any]:
    tag = tag or suffix.split("-")[0]
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{suffix}",
        "date": _iso(when),
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "parties": [_buyer_party(), *(extra_parties or [])],
        "buyer": {"id": BUYER_ID, "name": _buyer_name()},
        **sections,
    }
    return _prune(release)


def _buyer_name() -> str:
    organisation = organisation_get()
    return organisation.name if organisation else settings.SERVICE_NAME


def _buyer_party() -> dict[str, Any]:
    organisation = organisation_get()
    party: dict[str, Any] = {
        "id": BUYER_ID,
        "name": _buyer_name(),
        "roles": ["buyer", "procuringEntity"],
    }
    if organisation is not None and organisation.contact_email:
        # The organisation's own public mailbox, never a person's.
        party["contactPoint"] = {"name": "Procurement", "email": organisation.contact_email}
    return party


def _supplier_party(supplier) -> dict[str, Any]:
    party: dict[str, Any] = {
        "id": supplier_party_id(supplier),
        "name": supplier.name,
        "roles": ["supplier", "tenderer"],
    }
    if supplier.companies_house_number:
        party["identifier"] = {
            "scheme": _register(supplier.companies_house_number),
            "id": supplier.companies_house_number,
            "legalName": supplier.name,
        }
    elif supplier.charity_number:
        party["identifier"] = {
            "scheme": "GB-CHC",
            "id": supplier.charity_number,
            "legalName": supplier.name,
        }
    if supplier.postcode:
        party["address"] = {"postalCode": supplier.postcode, "countryName": "United Kingdom"}
    return party


def _register(number: str) -> str:
    """org-id.guide scheme of a registered number: societies (IP..., RS...) are on the
    Mutuals Public Register, everything else at Companies House."""
    return "GB-MPR" if number.upper().startswith(("IP", "RS")) else "GB-COH"


def supplier_party_id(supplier) -> str:
    if supplier.companies_house_number:
        number = supplier.companies_house_number
        return f"{_register(number)}-{number}"
    if supplier.charity_number:
        return f"GB-CHC-{supplier.charity_number}"
    return f"supplier-{supplier.pk}"


# --- Planning ------------------------------------------------------------------------------


def _planning(project: Project) -> dict[str, Any]:
    milestones = [
        {
            "id": "procurement-start",
            "title": "Procurement starts",
            "type": "preProcurement",
            "dueDate": _iso(project.procurement_starts_on),
            "status": "met" if _reached(project, Stage.TENDER) else "scheduled",
        }
    ]
    for record in EngagementRecord.objects.filter(project=project).order_by("held_on", "pk"):
        held = record.held_on <= timezone.localdate()
        milestones.append(
            {
                "id": f"engagement-{record.pk}",
                "title": record.title,
                "type": "engagement",
                "description": record.get_kind_display(),
                "dueDate": _iso(record.held_on),
                "dateMet": _iso(record.held_on) if held else None,
                "status": "met" if held else "scheduled",
            }
        )
    assessment = procurement_selectors.assessment_of(project)
    if assessment is not None and assessment.is_signed_off:
        milestones.append(
            {
                "id": "social-value-assessment",
                "title": "Social value assessment signed off",
                "type": "assessment",
                "description": _assessment_summary(assessment),
                "dateMet": _iso(assessment.signed_off_at),
                "status": "met",
            }
        )
    return {
        "budget": {
            "description": "Estimated whole-life value band: "
            + procurement_selectors.public_value_band(project.estimated_value)
        },
        "milestones": milestones,
    }


def _assessment_summary(assessment) -> str:
    if assessment.relevant is False:
        return "Added social value was assessed as not relevant to this contract."
    parts = []
    priorities = [p.title for p in assessment.priorities.order_by("number")]
    if priorities:
        parts.append("Police and Crime Plan priorities: " + "; ".join(priorities) + ".")
    if assessment.weighting_percent is not None:
        parts.append(
            f"Social value weighting: {assessment.weighting_percent}% of the quality element."
        )
    measures = [m.measure.code + " " + m.measure.title for m in assessment.measures.all()]
    if measures:
        parts.append("Measures: " + "; ".join(measures) + ".")
    return " ".join(parts) or "Added social value is relevant to this contract."


def _planned_at(project: Project, tenders: list[Tender]) -> datetime:
    """When the procurement was first planned: its first recorded step."""
    moments = [project.created_at, *(t.published_at for t in tenders)]
    first_change = project.stage_changes.order_by("changed_at").first()
    if first_change is not None:
        moments.append(first_change.changed_at)
    return min(moments)


def _planned_tender(project: Project, tenders: list[Tender]) -> dict[str, Any]:
    """What the pipeline says before any tender is published."""
    return {
        "id": _tender_id(project, tenders),
        "title": project.title,
        "status": "planned",
        "mainProcurementCategory": MAIN_CATEGORY[project.category],
        "tenderPeriod": {"startDate": _iso(project.procurement_starts_on)},
        "contractPeriod": {
            "startDate": _iso(project.contract_starts_on),
            "endDate": _iso_end(project.contract_ends_on),
        },
    }


def _tender_id(project: Project, tenders: list[Tender]) -> str:
    return tenders[0].reference if tenders else f"project-{project.pk}"


# --- Tender --------------------------------------------------------------------------------


def _tender(tender: Tender) -> dict[str, Any]:
    project = tender.project
    section: dict[str, Any] = {
        "id": tender.reference,
        "title": tender.title,
        "description": tender.description,
        "status": _tender_status(tender),
        "procuringEntity": {"id": BUYER_ID, "name": _buyer_name()},
        "items": [{"id": "1", "description": tender.lot.title if tender.lot else tender.title}],
        "procurementMethod": "open",
        "mainProcurementCategory": MAIN_CATEGORY[project.category],
        "awardCriteria": _award_criteria(tender),
        "awardCriteriaDetails": award_criteria_details(tender),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {"startDate": _iso(tender.published_at), "endDate": _iso(tender.deadline)},
        "contractPeriod": {
            "startDate": _iso(project.contract_starts_on),
            "endDate": _iso_end(project.contract_ends_on),
        },
    }
    count = public.submitted_bid_count(tender)
    if count is not None:
        section["numberOfTenderers"] = count
    return section


def _tender_status(tender: Tender) -> str:
    if tender.status == TenderStatus.CANCELLED:
        return "cancelled"
    if tender.status == TenderStatus.AWARDED:
        return "complete"
    return "active"


def _award_criteria(tender: Tender) -> str:
    if not tender.quality_weight:
        return "priceOnly"
    if not tender.price_weight:
        return "qualityOnly"
    return "ratedCriteria"


def social_value_weight(tender: Tender) -> tuple[Decimal, Decimal]:
    """The social value criteria's weight: (% of the quality element, % of the total)."""
    within_quality = sum(
        (c.weight for c in tender.criteria.all() if c.kind != CriterionKind.QUALITY),
        Decimal("0"),
    )
    of_total = (within_quality * tender.quality_weight / 100).quantize(Decimal("0.01"))
    return within_quality, of_total


def award_criteria_details(tender: Tender) -> str:
    """How bids are weighed, in words: price and quality, each criterion, the social value
    weighting and the policy minimum it is held to."""
    within_quality, of_total = social_value_weight(tender)
    basis = "of the quality element" if tender.rule_basis == "quality" else "of the total score"
    lines = [
        f"Price {_pct(tender.price_weight)}, quality {_pct(tender.quality_weight)} of the total "
        "score.",
    ]
    if tender.social_value_relevant:
        lines.append(
            f"Social value: {_pct(within_quality)} of the quality element "
            f"({_pct(of_total)} of the total score); the policy minimum is "
            f"{_pct(tender.rule_minimum_percent)} {basis}."
        )
    else:
        lines.append("Added social value was assessed as not relevant to this contract.")
    criteria = [
        f"{c.code} {c.title} ({c.get_kind_display().lower()}): {_pct(c.weight)} of quality"
        for c in tender.criteria.all()
    ]
    if criteria:
        lines.append("Quality criteria: " + "; ".join(criteria) + ".")
    lines.append(f"Price scored {tender.get_price_method_display().lower()}.")
    return " ".join(lines)


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


# --- Award, contract, implementation -------------------------------------------------------


def _award(tender: Tender, facts, supplier: dict) -> dict[str, Any]:
    return {
        "id": f"{tender.reference}-award",
        "title": tender.title,
        "description": _commitment_summary(facts),
        "status": "active",
        "date": _iso(tender.awarded_at),
        "value": _money(facts.value),
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "items": [{"id": "1", "description": tender.lot.title if tender.lot else tender.title}],
        "contractPeriod": _period(facts.starts_on, facts.ends_on),
    }


def _commitment_summary(facts) -> str | None:
    if not facts.commitments:
        return None
    return (
        f"Social value committed: £{facts.committed_value:,.2f} over the contract, "
        f"in {len(facts.commitments)} commitments to measures of the social value policy."
    )


def _contract(tender: Tender, facts, *, implementation: bool) -> dict[str, Any]:
    contract: dict[str, Any] = {
        "id": facts.contract_reference,
        "awardID": f"{tender.reference}-award",
        "title": tender.title,
        "status": facts.ocds_status,
        "period": _period(facts.starts_on, facts.ends_on),
        "value": _money(facts.value),
        "dateSigned": _iso(facts.contract_signed_at) if facts.contract_signed_at else None,
        "milestones": [_commitment_milestone(i, c) for i, c in enumerate(facts.commitments, 1)],
    }
    if implementation:
        contract["implementation"] = {
            "milestones": [_delivery_milestone(i, c) for i, c in enumerate(facts.commitments, 1)]
        }
    return contract


def _commitment_milestone(index: int, commitment) -> dict[str, Any]:
    return {
        "id": f"commitment-{index}",
        "title": f"{commitment.code} {commitment.title}",
        "type": "delivery",
        "description": f"{_years(commitment)}: {commitment.committed:f} {commitment.unit} "
        f"committed, worth £{commitment.committed_value:,.2f} ({commitment.theme}).",
        "code": commitment.code,
        "status": "scheduled",
    }


def _delivery_milestone(index: int, commitment) -> dict[str, Any]:
    delivered = commitment.delivered if commitment.delivered is not None else Decimal("0")
    return {
        "id": f"delivery-{index}",
        "title": f"{commitment.code} {commitment.title}",
        "type": "delivery",
        "description": f"{_years(commitment)}: {delivered:f} of {commitment.committed:f} "
        f"{commitment.unit} delivered and verified so far.",
        "code": commitment.code,
        "status": MILESTONE_STATUS.get(commitment.rag, "scheduled"),
        "dateModified": _iso(commitment.updated_at) if commitment.updated_at else None,
    }


# --- Helpers -------------------------------------------------------------------------------


def _years(commitment) -> str:
    return f"Contract year {commitment.year}" if commitment.year else "Every contract year"


def _money(amount: Decimal | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    # A JSON number with pence: float's shortest repr of a 2-place Decimal is exact text.
    return {"amount": float(amount.quantize(Decimal("0.01"))), "currency": "GBP"}


def _period(start: date | None, end: date | None) -> dict[str, Any] | None:
    if start is None and end is None:
        return None
    return {"startDate": _iso(start) if start else None, "endDate": _iso_end(end) if end else None}


def _reached(project: Project, stage: str) -> bool:
    order = [
        Stage.PIPELINE,
        Stage.PRE_PROCUREMENT,
        Stage.TENDER,
        Stage.EVALUATION,
        Stage.AWARDED,
        Stage.CONTRACT_LIVE,
        Stage.CLOSED,
    ]
    if project.stage not in order:
        return False
    return order.index(project.stage) >= order.index(stage)


def _cancelled_at(project: Project):
    change = project.stage_changes.filter(to_stage=Stage.CANCELLED).order_by("-changed_at").first()
    return change.changed_at if change else project.created_at


def _iso(value) -> str | None:
    """Dates and times as RFC 3339 in UTC (a date is its start in Europe/London)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        moment = timezone.make_aware(datetime.combine(value, time.min))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_end(value: date | None) -> str | None:
    """The end of a last day, in UTC."""
    if value is None:
        return None
    moment = timezone.make_aware(datetime.combine(value, time(23, 59, 59)))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _prune(value: Any) -> Any:
    """Drop empty values: OCDS checks flag empty strings, objects and lists."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        pruned = [_prune(v) for v in value]
        return [v for v in pruned if v not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip()
    return value


def package_path(project: Project) -> str:
    from django.urls import reverse

    return reverse("transparency:ocds_package", args=[ocid_for(project)])


def project_for_ocid(ocid: str) -> Project | None:
    """The public procurement an ocid names, or None (unknown, foreign or not public)."""
    prefix = f"{settings.OCDS_PREFIX}-"
    if not ocid.startswith(prefix) or not ocid[len(prefix) :].isdigit():
        return None
    return public.public_procurements().filter(pk=int(ocid[len(prefix) :])).first()


# --- Find a Tender notices (Procurement Act 2023) -------------------------------------------
#
# A release per notice, as the Central Digital Platform publishes it: the notice's tag, a
# document carrying its UK notice type (UK extension's ``noticeType``), the contracting
# authority named on the project as the buyer, and the UK extension's fields (standstill,
# above threshold, special regime, VCSE suitability, KPI ratings). The extensions are
# declared by their public URLs; ``src/socialvalue/data/ocds/extensions`` holds the copies
# the tests validate against offline.

UK_EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_communication_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_otherRequirements_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_performance_failures_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_subcontracting_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/1.1/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_submissionTerms_extension/master/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
]

NOTICE_TAG = {
    "UK1": "planning",
    "UK2": "planning",
    "UK4": "tender",
    "UK6": "award",
    "UK7": "contract",
    "UK9": "implementation",
    "UK10": "contractAmendment",
    "UK11": "contractTermination",
}

NOTICE_DOCUMENT = {
    "UK1": "plannedProcurementNotice",
    "UK2": "marketEngagementNotice",
    "UK4": "tenderNotice",
    "UK6": "awardNotice",
    "UK7": "contractNotice",
    "UK9": "implementationNotice",
    "UK10": "contractNotice",
    "UK11": "contractTerminationNotice",
}


def notice_release_package(
    project: Project, *, uri: str, published_only: bool = True
) -> dict[str, Any]:
    """The procurement's Find a Tender notices as one release package. ``published_only``
    (the public export): only the notices recorded as published; otherwise (staff) also a
    draft of each notice whose due date is known."""
    from socialvalue.notices import selectors as notice_selectors

    notices = notice_selectors.notices_for(project)
    releases = [
        _notice_release(project, row, notices.regime)
        for row in notices.rows
        if row.published is not None or (not published_only and row.required.due_on)
    ]
    releases.sort(key=lambda r: (r["date"], r["id"]))
    return _uk_package(uri, releases, project)


def pipeline_release_package(*, uri: str, authority=None, today: date | None = None):
    """The UK1 pipeline notice: a planning release per procurement over £2 million expected
    to be advertised in the next 18 months."""
    from socialvalue.notices import selectors as notice_selectors

    today = today or timezone.localdate()
    releases = []
    for entry in notice_selectors.pipeline_entries(today, authority):
        project = entry.project
        ocid = ocid_for(project)
        gross = entry.value_inc_vat
        net = project.estimated_value if not project.value_includes_vat else None
        value = _money(net if net is not None else gross) or {}
        value["amountGross"] = float(gross.quantize(Decimal("0.01")))
        releases.append(
            _notice_shell(
                project,
                f"{ocid}-UK1-{today:%Y%m%d}",
                _iso(today),
                "planning",
                planning={"documents": [_notice_document("UK1", f"UK1-{today:%Y%m%d}")]},
                tender={
                    "id": f"project-{project.pk}",
                    "title": project.title,
                    "description": project.description,
                    "status": "planned",
                    "mainProcurementCategory": MAIN_CATEGORY[project.category],
                    "value": value,
                    "tenderPeriod": {"startDate": _iso(project.procurement_starts_on)},
                    "contractPeriod": {
                        "startDate": _iso(project.contract_starts_on),
                        "endDate": _iso_end(project.contract_ends_on),
                    },
                },
            )
        )
    return _uk_package(uri, releases, None)


def _uk_package(uri: str, releases: list[dict[str, Any]], project: Project | None):
    authority = project.contracting_authority if project is not None else None
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": UK_EXTENSIONS,
        "publishedDate": max((r["date"] for r in releases), default=_iso(timezone.now())),
        "publisher": {"name": authority.name if authority else _buyer_name()},
        "releases": releases,
    }


def authority_party(authority) -> dict[str, Any]:
    """The contracting authority as the buyer party: its identifier, address and contact
    point (a team's mailbox, never a person's)."""
    contact = {
        "name": authority.contact_name,
        "email": authority.contact_email,
        "telephone": authority.contact_telephone,
    }
    return {
        "id": authority.party_id,
        "name": authority.name,
        "identifier": {
            "scheme": authority.identifier_scheme,
            "id": authority.identifier,
            "legalName": authority.name,
        },
        "address": {
            "streetAddress": authority.street_address,
            "locality": authority.town,
            "postalCode": authority.postcode,
            "countryName": "United Kingdom",
        },
        "contactPoint": contact,
        "roles": ["buyer"],
    }


def _notice_shell(
    project: Project,
    release_id: str,
    when: str | None,
    tag: str,
    *,
    extra_parties: list[dict] | None = None,
    **sections: Any,
) -> dict[str, Any]:
    authority = project.contracting_authority
    buyer = authority_party(authority) if authority is not None else _buyer_party()
    release = {
        "ocid": ocid_for(project),
        "id": release_id,
        "date": when,
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer, *(extra_parties or [])],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        **sections,
    }
    return _prune(release)


def _notice_document(notice_type: str, key: str, published=None) -> dict[str, Any]:
    document = {
        "id": key.replace(":", "-"),
        "documentType": NOTICE_DOCUMENT[notice_type],
        "noticeType": notice_type,
        "title": f"{notice_type} notice",
    }
    if published is not None:
        document["title"] = f"{notice_type} notice {published.reference}"
        document["datePublished"] = _iso(published.published_on)
    return document


def _notice_release(project: Project, row, regime) -> dict[str, Any]:
    from socialvalue.domain.notices import NoticeRegime

    kind = row.type.value
    published = row.published
    when = _iso(published.published_on if published else row.required.due_on)
    document = _notice_document(kind, row.key, published)
    release_id = f"{ocid_for(project)}-{row.key.replace(':', '-')}"
    above = regime in (NoticeRegime.ABOVE_THRESHOLD, NoticeRegime.LIGHT_TOUCH)
    builder = _NOTICE_SECTIONS[kind]
    sections, parties = builder(project, row, document, above, regime)
    return _notice_shell(
        project, release_id, when, NOTICE_TAG[kind], extra_parties=parties, **sections
    )


def _uk2_sections(project, row, document, above, regime):
    milestones = [
        {
            "id": f"engagement-{record.pk}",
            "title": record.title,
            "type": "engagement",
            "description": record.get_kind_display(),
            "dueDate": _iso(record.held_on),
        }
        for record in EngagementRecord.objects.filter(project=project).order_by("held_on", "pk")
    ]
    return {
        "planning": {"documents": [document], "milestones": milestones},
        "tender": {"id": _tender_id(project, public.public_tenders(project)), "status": "planned"},
    }, []


def _lots(project: Project, tender: Tender | None) -> list[dict[str, Any]]:
    from socialvalue.notices import selectors as notice_selectors

    sme, vcse, _why = notice_selectors.suitability(project)
    criteria = _lot_criteria(tender) if tender is not None else None
    suitability = {"sme": sme, "vcse": vcse}
    lots = list(project.lots.all())
    if not lots:
        return [
            {
                "id": "1",
                "title": project.title,
                "status": "active",
                "awardCriteria": criteria,
                "suitability": suitability,
            }
        ]
    return [
        {
            "id": str(lot.pk),
            "title": lot.title,
            "status": "active",
            "awardCriteria": criteria,
            "suitability": suitability,
        }
        for lot in lots
    ]


def _lot_criteria(tender: Tender) -> dict[str, Any]:
    criteria: list[dict[str, Any]] = []
    if tender.price_weight:
        criteria.append(
            {
                "type": "price",
                "name": "Price",
                "numbers": [{"number": float(tender.price_weight), "weight": "percentageExact"}],
            }
        )
    for criterion in tender.criteria.all():
        of_total = (criterion.weight * tender.quality_weight / 100).quantize(Decimal("0.01"))
        criteria.append(
            {
                "type": "quality",
                "name": f"{criterion.code} {criterion.title}",
                "description": criterion.get_kind_display(),
                "numbers": [{"number": float(of_total), "weight": "percentageExact"}],
            }
        )
    return {"description": award_criteria_details(tender), "criteria": criteria}


def _uk4_sections(project, row, document, above, regime):
    from socialvalue.domain.notices import NoticeRegime

    tenders = [t for t in public.public_tenders(project) if t.status != TenderStatus.CANCELLED]
    tender = tenders[0] if tenders else None
    section: dict[str, Any] = {
        "id": tender.reference if tender else f"project-{project.pk}",
        "title": tender.title if tender else project.title,
        "description": tender.description if tender else project.description,
        "status": "active" if tender else "planned",
        "aboveThreshold": above,
        "specialRegime": ["lightTouch"] if regime == NoticeRegime.LIGHT_TOUCH else None,
        "procurementMethod": "open",
        "mainProcurementCategory": MAIN_CATEGORY[project.category],
        "awardCriteria": _award_criteria(tender) if tender else None,
        "awardCriteriaDetails": award_criteria_details(tender) if tender else None,
        "tenderPeriod": {
            "startDate": _iso(tender.published_at if tender else project.procurement_starts_on),
            "endDate": _iso(tender.deadline) if tender else None,
        },
        "contractPeriod": {
            "startDate": _iso(project.contract_starts_on),
            "endDate": _iso_end(project.contract_ends_on),
        },
        "lots": _lots(project, tender),
        "documents": [document],
    }
    return {"tender": section}, []


def _award_of(contract) -> tuple[dict[str, Any] | None, list[dict]]:
    if contract is None:
        return None, []
    supplier = _supplier_party(contract.supplier)
    award_id = f"{contract.tender.reference}-award" if contract.tender_id else contract.reference
    award = {
        "id": award_id,
        "status": "active",
        "date": _iso(contract.awarded_at),
        "value": _money(contract.value),
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "contractPeriod": _period(contract.starts_on, contract.ends_on),
    }
    return award, [supplier]


def _uk6_sections(project, row, document, above, regime):
    from socialvalue.domain.notices import standstill_period
    from socialvalue.notices import selectors as notice_selectors

    contracts = notice_selectors.project_contracts(project)
    awards, parties = [], []
    for contract in contracts:
        award, supplier = _award_of(contract)
        if award is None:
            continue
        award["mainProcurementCategory"] = MAIN_CATEGORY[project.category]
        award["aboveThreshold"] = above
        if row.published is not None:
            first, last = standstill_period(row.published.published_on)
            award["standstillPeriod"] = {"startDate": _iso(first), "endDate": _iso_end(last)}
        award["documents"] = [document]
        awards.append(award)
        parties += supplier
    return {"awards": awards}, parties


def _agreed_metrics(contract) -> list[dict[str, Any]]:
    return [
        {
            "id": f"kpi-{kpi.pk}",
            "title": f"{kpi.code} {kpi.title}",
            "observations": [
                {
                    "id": f"kpi-{kpi.pk}-target",
                    "measure": float(kpi.quantity),
                    "unit": {"name": kpi.unit},
                }
            ],
        }
        for kpi in contract.kpis.all()
    ]


def _contract_core(row, above: bool) -> tuple[dict[str, Any], list[dict], dict | None]:
    contract = row.contract
    award, parties = _award_of(contract)
    core = {
        "id": contract.reference,
        "awardID": award["id"] if award else None,
        "title": contract.title,
        "status": "active",
        "period": _period(contract.starts_on, contract.ends_on),
        "value": _money(contract.value),
        "aboveThreshold": above,
    }
    return core, parties, award


def _uk7_sections(project, row, document, above, regime):
    if row.contract is None:
        return {}, []
    core, parties, award = _contract_core(row, above)
    core["dateSigned"] = _iso(row.contract.awarded_at)
    core["agreedMetrics"] = _agreed_metrics(row.contract)
    core["documents"] = [document]
    return {"awards": [award] if award else [], "contracts": [core]}, parties


def _uk9_sections(project, row, document, above, regime):
    from socialvalue.notices import selectors as notice_selectors

    if row.contract is None:
        return {}, []
    core, parties, award = _contract_core(row, above)
    day = notice_selectors.assessment_day(row)
    metrics = []
    for rating in notice_selectors.ratings_for(project, row):
        kpi = rating.kpi_status.kpi
        chosen = rating.rating or rating.proposed
        metrics.append(
            {
                "id": f"kpi-{kpi.pk}",
                "title": f"{kpi.code} {kpi.title}",
                "observations": [
                    {
                        "id": f"kpi-{kpi.pk}-{row.key.replace(':', '-')}",
                        "measure": float(rating.kpi_status.delivered),
                        "unit": {"name": kpi.unit},
                        "period": {"endDate": _iso_end(day)},
                        "notes": rating.confirmed.note if rating.confirmed else None,
                        "measureClassification": {
                            "scheme": "UK",
                            "id": chosen.ocds_code,
                            "description": chosen.label,
                        },
                    }
                ],
            }
        )
    core["implementation"] = {"metrics": metrics}
    core["documents"] = [document]
    return {"awards": [award] if award else [], "contracts": [core]}, parties


def _uk10_sections(project, row, document, above, regime):
    from socialvalue.notices import selectors as notice_selectors

    variation = row.variation
    if row.contract is None or variation is None:
        return {}, []
    core, parties, award = _contract_core(row, above)
    facts = notice_selectors.variation_facts(variation)
    new = {**(variation.old_values or {}), **(variation.new_values or {})}
    amendment: dict[str, Any] = {
        "id": f"variation-{variation.pk}",
        "date": _iso(facts.approved_on),
        "rationale": variation.reason,
        "description": (
            f"{variation.get_kind_display()}: {variation.old_text} to {variation.new_text}"
        ),
        "value": _money(facts.value_after),
    }
    if "starts_on" in new or "ends_on" in new:
        amendment["period"] = _period(
            date.fromisoformat(str(new.get("starts_on", row.contract.starts_on))),
            date.fromisoformat(str(new.get("ends_on", row.contract.ends_on))),
        )
    core["amendments"] = [amendment]
    core["documents"] = [document]
    return {"awards": [award] if award else [], "contracts": [core]}, parties


def _uk11_sections(project, row, document, above, regime):
    if row.contract is None:
        return {}, []
    core, parties, award = _contract_core(row, above)
    core["status"] = "terminated"
    core["documents"] = [document]
    return {"awards": [award] if award else [], "contracts": [core]}, parties


_NOTICE_SECTIONS = {
    "UK2": _uk2_sections,
    "UK4": _uk4_sections,
    "UK6": _uk6_sections,
    "UK7": _uk7_sections,
    "UK9": _uk9_sections,
    "UK10": _uk10_sections,
    "UK11": _uk11_sections,
}
