"""Reads of tenders, and the bridge from rows to the scoring rules in
``socialvalue.domain.evaluation`` (which the web, the CLI and the benchmark share)."""

from __future__ import annotations

import hashlib
import json
import logging
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.domain import evaluation as ev
from socialvalue.domain.evaluation.results import _formulas
from socialvalue.domain.money import to_pounds
from socialvalue.policy.models import Priority, WeightingBasis
from socialvalue.policy.selectors import evaluation_rule_current
from socialvalue.tendering.models import (
    Bid,
    BidStatus,
    Clarification,
    Criterion,
    CriterionKind,
    PriceMethod,
    RuleBasis,
    SocialValueMethod,
    TargetMeasure,
    Tender,
    TenderDocument,
    TenderDocumentVersion,
    TenderStatus,
)

logger = logging.getLogger(__name__)

_KINDS = {
    CriterionKind.QUALITY: ev.CriterionKind.QUALITY,
    CriterionKind.SV_QUALITATIVE: ev.CriterionKind.SV_QUALITATIVE,
    CriterionKind.SV_QUANTITATIVE: ev.CriterionKind.SV_QUANTITATIVE,
}


def tender_model(tender: Tender) -> ev.EvaluationModel:
    """The tender's evaluation model as the scoring rules take it."""
    return ev.EvaluationModel(
        price_weight=tender.price_weight,
        quality_weight=tender.quality_weight,
        price_method=_price_method(tender),
        criteria=tuple(criterion_rule(c) for c in tender.criteria.all()),
        social_value_relevant=tender.social_value_relevant,
        rule=ev.SocialValueRule(
            minimum=tender.rule_minimum_percent,
            basis=ev.RuleBasis.QUALITY
            if tender.rule_basis == RuleBasis.QUALITY
            else ev.RuleBasis.TOTAL,
        ),
    )


def criterion_rule(criterion: Criterion) -> ev.Criterion:
    """One criterion row as the scoring rules take it."""
    return ev.Criterion(
        code=criterion.code,
        title=criterion.title,
        weight=criterion.weight,
        kind=_KINDS[CriterionKind(criterion.kind)],
        scale=criterion_scale(criterion),
        pass_mark=criterion.pass_mark,
        sv_method=_sv_method(criterion),
    )


def criterion_scale(criterion: Criterion) -> ev.Scale:
    descriptors = tuple((Decimal(str(score)), text) for score, text in criterion.descriptors)
    return ev.Scale(
        minimum=criterion.scale_minimum,
        maximum=criterion.scale_maximum,
        step=criterion.scale_step,
        descriptors=descriptors,
    )


def tender_proxies(tender: Tender) -> dict[str, Decimal]:
    """Measure code -> proxy value per unit, as frozen when the tender was published."""
    return {p.code: p.proxy_value for p in tender.proxies.all()}


def tender_targets(tender: Tender) -> dict[str, Decimal]:
    """Measure code -> the buyer's target in the measure's own units (the tender's target
    measures; fixed once it is published, as the model is)."""
    return {t.measure.code: t.target for t in tender.target_measures.select_related("measure")}


def _price_method(tender: Tender) -> ev.PriceMethod:
    method = PriceMethod(tender.price_method)
    if method == PriceMethod.PRICE_DIFFERENCE:
        return ev.PriceDifference(deduction=tender.price_difference_deduction)
    if method == PriceMethod.SET_PRICE_BAND:
        return ev.SetPriceBand(
            lowest=tender.price_band_lowest or Decimal(0),
            highest=tender.price_band_highest or Decimal(0),
        )
    if method == PriceMethod.PRICE_PER_QUALITY_POINT:
        return ev.PricePerQualityPoint()
    return ev.RelativeToLowest()


def _sv_method(criterion: Criterion) -> ev.SocialValueMethod | None:
    if criterion.kind != CriterionKind.SV_QUANTITATIVE or not criterion.sv_method:
        return None
    if criterion.sv_method == SocialValueMethod.AGAINST_TARGET:
        return ev.AgainstTarget(target=criterion.sv_target or Decimal("0.50"))
    return ev.RelativeToBest()


# Reads of the tender and bid pages (engineer A1) ------------------------------------------


def tender_model_for_page(tender: Tender) -> ev.EvaluationModel:
    """The model as it stands: with the policy rule in force today while the tender is a
    draft (publishing copies it), with its own copied rule once published."""
    if tender.is_published:
        return tender_model(tender)
    rule = evaluation_rule_current()
    if rule is not None:
        tender.rule_minimum_percent = rule.minimum_weighting_percent
        tender.rule_basis = (
            RuleBasis.TOTAL if rule.basis == WeightingBasis.TOTAL else RuleBasis.QUALITY
        )
    return tender_model(tender)


def model_formulas(model: ev.EvaluationModel) -> dict[str, str]:
    """The written formula of the price score, of each criterion and of the total."""
    return _formulas(model)


def value_of(quantity: Decimal, proxy: Decimal | None) -> Decimal | None:
    """A commitment's value: quantity x frozen proxy, in pence (None without a proxy)."""
    return None if proxy is None else to_pounds(quantity * proxy)


def tender_list():
    return Tender.objects.select_related("project", "lot").order_by("-created_at", "pk")


def tenders_open_for_bids(now=None):
    """Published tenders whose deadline has not passed, soonest deadline first."""
    return (
        Tender.objects.filter(status=TenderStatus.PUBLISHED, deadline__gt=now or timezone.now())
        .select_related("project", "lot")
        .order_by("deadline", "pk")
    )


def submitted_bid_count(tender: Tender) -> int:
    """How many bids are in. Shown before the deadline: no names, no content."""
    return tender.bids.filter(status=BidStatus.SUBMITTED).count()


# The public pages (no sign-in): what any visitor may read of a published tender -------------


def tender_for_public(pk: int) -> Tender | None:
    """A published tender as anyone may read it, or None. Nothing of its bids is read here:
    not their number, their bidders or their content (``sealing`` holds those)."""
    return (
        Tender.objects.filter(pk=pk, published_at__isnull=False)
        .select_related("project", "lot")
        .first()
    )


def buyer_measures(tender: Tender) -> list[TargetMeasure]:
    """The measures the buyer asks bidders for, each with its target and whether it has a
    proxy value in this tender (``in_units``: without one, a commitment is counted in the
    measure's own units against the target). Prefilled from the signed-off assessment."""
    proxies = set(tender.proxies.values_list("measure_id", flat=True))
    rows = list(tender.target_measures.select_related("measure").order_by("measure__code"))
    for row in rows:
        # Before publishing (nothing frozen yet) the library's value today says it.
        has_proxy = (
            row.measure_id in proxies
            if tender.is_published
            else row.measure.proxy_value is not None
        )
        row.in_units = not has_proxy  # type: ignore[attr-defined]
    return rows


def buyer_priorities(tender: Tender):
    """The Police and Crime Plan priorities the signed-off assessment links this contract to."""
    return Priority.objects.filter(
        assessments__project_id=tender.project_id,
        assessments__signed_off_at__isnull=False,
    ).order_by("number")


def open_tender_of(project_id: int, now=None) -> Tender | None:
    """The project's tender open for bids now, if any (the pipeline links to it)."""
    return tenders_open_for_bids(now).filter(project_id=project_id).first()


# Documents, questions and deadline extensions ----------------------------------------------


def tender_documents(tender: Tender) -> list[TenderDocument]:
    """The tender's documents, each with every version (newest first) in ``all_versions``
    and its current one in ``current``: what officers see."""
    documents = list(
        TenderDocument.objects.filter(tender=tender).prefetch_related("versions__uploaded_by")
    )
    for document in documents:
        document.all_versions = list(document.versions.all())  # type: ignore[attr-defined]
        document.current = document.all_versions[0] if document.all_versions else None  # type: ignore[attr-defined]
    return documents


def current_document_versions(tender: Tender) -> list[TenderDocumentVersion]:
    """The current version of each document of a published tender, as bidders and the public
    see them (none for a draft)."""
    if not tender.is_published:
        return []
    return [d.current for d in tender_documents(tender) if d.current is not None]  # type: ignore[attr-defined]


def document_version_is_public(version: TenderDocumentVersion) -> bool:
    """Whether anyone may download this file: the current version of a published tender's
    document. Older versions and drafts' documents are for staff only."""
    document = version.document
    if not document.tender.is_published:
        return False
    return not document.versions.filter(number__gt=version.number).exists()


def published_answers(tender: Tender):
    """The answered questions, as every bidder and the public read them: the question as
    published and the answer, never the asker."""
    return (
        Clarification.objects.filter(tender=tender, answered_at__isnull=False)
        .only("pk", "tender_id", "published_question", "answer", "answered_at")
        .order_by("answered_at", "pk")
    )


def own_questions(tender: Tender, supplier_id: int | None):
    """The questions the supplier's users asked about the tender, answered or not."""
    if supplier_id is None:
        return Clarification.objects.none()
    return Clarification.objects.filter(tender=tender, supplier_id=supplier_id).order_by(
        "asked_at", "pk"
    )


def tender_questions(tender: Tender):
    """Every question about the tender with who asked it: for the officers who answer."""
    return (
        Clarification.objects.filter(tender=tender)
        .select_related("supplier", "asked_by", "answered_by")
        .order_by("answered_at", "asked_at", "pk")
    )


def unanswered_question_count(tender: Tender) -> int:
    return Clarification.objects.filter(tender=tender, answered_at__isnull=True).count()


def tenders_with_questions_waiting(now=None) -> list[tuple[Tender, int]]:
    """Tenders open for bids with questions not yet answered, and how many (officers' tasks)."""
    tenders = tenders_open_for_bids(now).annotate(
        waiting=Count("clarifications", filter=Q(clarifications__answered_at__isnull=True))
    )
    return [(tender, tender.waiting) for tender in tenders if tender.waiting]


def deadline_extensions(tender: Tender):
    return tender.deadline_extensions.order_by("extended_at", "pk")


def tender_interested_users(tender: Tender):
    """The active users of every supplier with an interest in the tender: one that started a
    bid (in any state) or asked a question. They are told of answers and deadline changes."""
    suppliers = set(Bid.objects.filter(tender=tender).values_list("supplier_id", flat=True))
    suppliers |= set(
        Clarification.objects.filter(tender=tender).values_list("supplier_id", flat=True)
    )
    return User.objects.filter(supplier_id__in=suppliers, is_active=True).order_by("pk")


# --- the fingerprint of a submitted bid ----------------------------------------------------


def bid_fingerprint(bid: Bid) -> str:
    """SHA-256 (hex) of what the bid says: its price, each answer with its files (each file
    by its name, size and own SHA-256), its commitments and its own proposals, in a fixed
    order. The same content always gives the same fingerprint, and any change another one,
    so a bidder's receipt shows which version was submitted without showing its content."""
    content = {
        "tender": bid.tender.reference,
        "supplier": bid.supplier_id,
        "price": str(bid.price) if bid.price is not None else None,
        "responses": [
            {
                "criterion": response.criterion.code,
                "text": response.text,
                "files": [
                    {"name": a.name, "size": a.size, "sha256": _file_sha256(a.file)}
                    for a in response.attachments.order_by("pk")
                ],
            }
            for response in bid.responses.select_related("criterion").order_by(
                "criterion__code", "pk"
            )
        ],
        "commitments": [
            {"measure": c.measure.code, "year": c.year, "quantity": str(c.quantity)}
            for c in bid.commitments.select_related("measure").order_by("year", "measure__code")
        ],
        "own_proposals": [
            {
                "description": p.description,
                "unit": p.unit,
                "year": p.year,
                "quantity": str(p.quantity),
            }
            for p in bid.own_proposals.order_by("pk")
        ],
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _file_sha256(file) -> str:
    """The file's own SHA-256. A file the storage cannot read does not stop the bid being
    submitted at its deadline: it counts as "unreadable" (so the fingerprint still changes
    when the file is replaced) and the storage problem is logged for the administrators."""
    digest = hashlib.sha256()
    try:
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except OSError:
        logger.exception("Bid file %s could not be read for its fingerprint", file.name)
        return "unreadable"
    return digest.hexdigest()
