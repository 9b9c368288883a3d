"""Business actions on tenders and bids. Each takes the acting user, runs in one transaction,
checks the rules and records an audit event.

Two rules shape this module:

* a tender's evaluation model can change only while it is a draft; publishing freezes it,
  copies the policy rule and freezes the proxy values of the measures library;
* a bid changes only while its tender accepts bids. A change refused because the deadline
  has passed is still recorded ("late bid refused"): that event is written before the
  action's own transaction starts, so refusing the change does not roll it back.

Audit events about a bid never carry its content (the audit log is readable before the
deadline): they say what kind of part changed, not what it now says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed, Problem, permission_check
from socialvalue.core.inputs import record_fill, values_of
from socialvalue.core.transitions import move
from socialvalue.domain.evaluation import DEFAULT_SCALE, validate_model
from socialvalue.domain.money import AmountError, format_quantity, parse_amount
from socialvalue.notifications import selectors as notification_selectors
from socialvalue.notifications.models import NotificationKind
from socialvalue.notifications.services import notify
from socialvalue.policy.models import Measure, WeightingBasis
from socialvalue.policy.selectors import evaluation_rule_current
from socialvalue.procurement.models import Assessment, AssessmentMeasure, Lot, Project, Stage
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering import selectors
from socialvalue.tendering.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidResponse,
    BidStatus,
    Clarification,
    Criterion,
    CriterionKind,
    DeadlineExtension,
    FrozenProxy,
    OwnProposal,
    RuleBasis,
    SocialValueMethod,
    TargetMeasure,
    Tender,
    TenderDocument,
    TenderDocumentVersion,
    TenderStatus,
)


class ModelProblems(DomainError):
    """Publishing refused: ``problems`` lists everything wrong with the evaluation model."""

    default_code = "tender.model_incomplete"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "The tender cannot be published yet",
            problems=[Problem("tender.model_incomplete", text) for text in problems],
        )


class BidsClosed(DomainError):
    """The tender does not accept bids (its deadline has passed, or it is not open)."""

    default_code = "bid.closed"


class BidIncomplete(DomainError):
    """Submission refused: ``problems`` says what is missing (``price``, or
    ``responses.<criterion id>`` for an unanswered question)."""

    default_code = "bid.incomplete"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("Your bid cannot be submitted yet", problems=problems)


MANAGE = "tendering.manage_tenders"
BID = "tendering.bid"


@dataclass(frozen=True)
class TenderInput:
    """A tender's details and the price side of its evaluation model."""

    project: Project
    reference: str
    title: str
    description: str
    deadline: datetime
    quality_weight: Decimal
    price_weight: Decimal
    price_method: str
    lot: Lot | None = None
    estimated_value: Decimal | None = None
    price_difference_deduction: Decimal | None = None
    price_band_lowest: Decimal | None = None
    price_band_highest: Decimal | None = None
    social_value_relevant: bool = True
    prices_open_after_moderation: bool = True
    abnormally_low_share: Decimal | None = None
    commitments_share: Decimal | None = None
    past_delivery_threshold: Decimal | None = None
    clarification_deadline: date | None = None


@dataclass(frozen=True)
class CriterionInput:
    """A quality or social value question with its weight, scale, descriptors (score and
    words, as text) and pass mark."""

    code: str
    title: str
    kind: str
    weight: Decimal
    question: str = ""
    scale_minimum: Decimal = Decimal(0)
    scale_maximum: Decimal = Decimal(5)
    scale_step: Decimal = Decimal(1)
    descriptors: list[list[str]] | None = None  # None: keep the criterion's own
    pass_mark: Decimal | None = None
    sv_method: str = ""
    sv_target: Decimal | None = None


@dataclass(frozen=True)
class OwnProposalInput:
    """A bidder's social value idea outside the measures library."""

    description: str
    unit: str
    quantity: Decimal
    year: int = 1


# Tenders ----------------------------------------------------------------------------------


def _check_manager(actor) -> None:
    permission_check(actor, MANAGE, "Only procurement officers and administrators set tenders up")


def _check_draft(tender: Tender) -> None:
    if tender.status != TenderStatus.DRAFT:
        raise DomainError(
            "The tender is published: its evaluation model can no longer be changed",
            code="tender.not_draft",
        )


def _check_project_and_lot(tender: Tender) -> None:
    stage = Project.objects.filter(pk=tender.project_id).values_list("stage", flat=True).get()
    if stage != Stage.TENDER:
        raise DomainError(
            f"{tender.project.title} is at {Stage(stage).label.lower()}: "
            "a tender can be created only for a project at the tender stage",
            code="tender.project_not_at_tender",
            field="project",
        )
    if tender.lot_id is not None and tender.lot.project_id != tender.project_id:
        raise DomainError(
            f"{tender.lot.title} is not a lot of {tender.project.title}",
            code="tender.lot_of_another_project",
            field="lot",
        )


def _check_clarification_deadline(tender: Tender) -> None:
    """Questions close on a day before the day bids close, so every answer reaches the
    bidders in time to use it."""
    last_day = tender.clarification_deadline
    if last_day is not None and last_day >= timezone.localdate(tender.deadline):
        raise DomainError(
            "The last day for questions must be before the day of the deadline for bids "
            f"({timezone.localtime(tender.deadline):%d %B %Y})",
            code="tender.clarification_deadline_too_late",
            field="clarification_deadline",
        )


def _tender_fill(tender: Tender, data: TenderInput) -> list[str]:
    changed, _ = record_fill(tender, values_of(data))
    return changed


@transaction.atomic
def tender_create(*, actor, data: TenderInput) -> Tender:
    """Create a draft tender for a project at the tender stage (optionally one of its lots).

    When the project's social value assessment is signed off, the tender starts from it:
    its weighting becomes the social value criteria, its measures and targets the tender's
    target measures (``tender.prefilled_from``; the audit event says what was copied). The
    officer changes them afterwards like any other part of a draft."""
    _check_manager(actor)
    tender = Tender()
    _tender_fill(tender, data)
    _check_project_and_lot(tender)
    _check_clarification_deadline(tender)
    tender.created_by = actor  # a new tender starts as a draft (the field's default)
    tender.save()
    event_record(
        actor=actor,
        verb=AuditEvent.TENDER_CREATED,
        target=tender,
        data={"project": tender.project_id, "lot": tender.lot_id} | prefill_from_assessment(tender),
    )
    return tender


def signed_off_assessment(project: Project) -> Assessment | None:
    """The project's social value assessment if it is signed off (what a tender starts from)."""
    return (
        Assessment.objects.filter(project=project, signed_off_at__isnull=False)
        .select_related("signed_off_by")
        .first()
    )


def prefill_criteria(weighting: Decimal) -> list[tuple[str, CriterionKind, Decimal]]:
    """The social value criteria a tender starts with for an assessed weighting (% of the
    quality element): a method statement and the commitments, half each (the commitments
    rounded down to the penny of a percent, the method statement the rest), or the
    commitments alone when the weighting is too small to halve. (code, kind, weight)."""
    half = (weighting / 2).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if half <= 0:
        return [("SV1", CriterionKind.SV_QUANTITATIVE, weighting)]
    return [
        ("SV1", CriterionKind.SV_QUALITATIVE, weighting - half),
        ("SV2", CriterionKind.SV_QUANTITATIVE, half),
    ]


def _measures_text(measures: list[AssessmentMeasure]) -> str:
    return "; ".join(
        f"{m.measure.code} {m.measure.title} (target {format_quantity(m.target, m.measure.unit)})"
        for m in measures
    )


def prefill_from_assessment(tender: Tender) -> dict:
    """Copy the signed-off assessment into a new tender (nothing when there is none): part of
    ``tender_create`` (the demo loader, which writes its tenders directly, calls it too).
    Returns what was copied, for the audit event."""
    assessment = signed_off_assessment(tender.project)
    if assessment is None:
        return {}
    after = tender.criteria.order_by("-position").values_list("position", flat=True).first()
    measures = list(assessment.measures.select_related("measure"))
    for row in measures:
        TargetMeasure.objects.create(tender=tender, measure=row.measure, target=row.target)
    codes = []
    if assessment.relevant and assessment.weighting_percent:
        wanted = _measures_text(measures)
        questions = {
            CriterionKind.SV_QUALITATIVE: "How will you deliver your social value commitments, "
            "with whom, and how will you evidence them?",
            CriterionKind.SV_QUANTITATIVE: "Your commitments, by contract year"
            + (f", against the measures we ask for: {wanted}." if wanted else "."),
        }
        standard = [[str(score), text] for score, text in DEFAULT_SCALE.descriptors]
        for position, (code, kind, weight) in enumerate(
            prefill_criteria(assessment.weighting_percent), 1
        ):
            quantitative = kind == CriterionKind.SV_QUANTITATIVE
            Criterion.objects.create(
                tender=tender,
                code=code,
                title="Social value commitments"
                if quantitative
                else "Social value: how you will deliver it",
                question=questions[kind],
                kind=kind,
                weight=weight,
                descriptors=[] if quantitative else standard,
                sv_method=SocialValueMethod.RELATIVE_TO_BEST if quantitative else "",
                position=(after or 0) + position,
            )
            codes.append(code)
    tender.prefilled_from = assessment
    tender.save(update_fields=["prefilled_from"])
    return {
        "prefilled_from_assessment": assessment.pk,
        "weighting": str(assessment.weighting_percent),
        "criteria": codes,
        "target_measures": {row.measure.code: str(row.target) for row in measures},
    }


@transaction.atomic
def tender_update(*, actor, tender: Tender, data: TenderInput) -> Tender:
    """Change a draft tender's details and weights."""
    _check_manager(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_draft(tender)
    changed = _tender_fill(tender, data)
    _check_project_and_lot(tender)
    _check_clarification_deadline(tender)
    tender.save()
    event_record(
        actor=actor,
        verb=AuditEvent.TENDER_CHANGED,
        target=tender,
        data={"fields": sorted(changed)},
    )
    return tender


@transaction.atomic
def criterion_save(
    *, actor, tender: Tender, data: CriterionInput, criterion: Criterion | None = None
) -> Criterion:
    """Add a criterion to a draft tender, or change one of its criteria (``criterion``)."""
    _check_manager(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_draft(tender)
    if criterion is not None and criterion.tender_id != tender.pk:
        raise DomainError(
            "That criterion is not part of this tender", code="tender.criterion_foreign"
        )
    criterion = Criterion.objects.get(pk=criterion.pk) if criterion is not None else Criterion()
    created = criterion.pk is None
    criterion.tender = tender
    values = values_of(data)
    if values["descriptors"] is None:
        del values["descriptors"]
    changed, _ = record_fill(criterion, values)
    clash = tender.criteria.filter(code=criterion.code).exclude(pk=criterion.pk)
    if clash.exists():
        raise DomainError(
            f"Another criterion is already coded {criterion.code}",
            code="tender.criterion_code_taken",
            field="code",
        )
    if created:
        last = tender.criteria.order_by("-position").first()
        criterion.position = (last.position + 1) if last else 1
    criterion.save()
    event_record(
        actor=actor,
        verb=AuditEvent.TENDER_CRITERION_ADDED if created else AuditEvent.TENDER_CRITERION_CHANGED,
        target=tender,
        data={"criterion": criterion.code, "fields": sorted(changed)},
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor, tender: Tender, criterion: Criterion) -> None:
    _check_manager(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_draft(tender)
    if criterion.tender_id != tender.pk:
        raise DomainError(
            "That criterion is not part of this tender", code="tender.criterion_foreign"
        )
    code = criterion.code
    criterion.delete()
    event_record(
        actor=actor,
        verb=AuditEvent.TENDER_CRITERION_REMOVED,
        target=tender,
        data={"criterion": code},
    )


@transaction.atomic
def target_measure_save(
    *, actor, tender: Tender, measure: Measure, target: Decimal
) -> TargetMeasure:
    """Ask bidders for a measure with a target in its own units (or change the target of
    one the draft tender already asks for)."""
    _check_manager(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_draft(tender)
    if target <= 0:
        raise DomainError(
            "The target must be more than 0", code="tender.target_not_positive", field="target"
        )
    if not measure.active:
        raise DomainError(
            f"{measure.code} is no longer in use in the measures library",
            code="tender.measure_inactive",
            field="measure",
        )
    row, created = TargetMeasure.objects.get_or_create(
        tender=tender, measure=measure, defaults={"target": target}
    )
    before = None if created else str(row.target)
    if not created and row.target != target:
        row.target = target
        row.save(update_fields=["target"])
    event_record(
        actor=actor,
        verb=AuditEvent.TENDER_TARGET_MEASURE_SET,
        target=tender,
        data={"measure": measure.code, "target": str(target), "before": before},
    )
    return row


@transaction.atomic
def target_measure_remove(*, actor, tender: Tender, target_measure: TargetMeasure) -> None:
    """Stop asking bidders for a measure (draft tenders only)."""
    _check_manager(actor)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_draft(tender)
    if target_measure.tender_id != tender.pk:
        raise DomainError(
            "That measure is not one this tender asks for", code="tender.target_measure_foreign"
        )
    data = {"measure": target_measure.measure.code, "target": str(target_measure.target)}
    target_measure.delete()
    event_record(
        actor=actor, verb=AuditEvent.TENDER_TARGET_MEASURE_REMOVED, target=tender, data=data
    )


def publish_problems(tender: Tender, now: datetime | None = None) -> list[str]:
    """Everything that stops the tender being published, in words (empty when none)."""
    now = now or timezone.now()
    problems = [str(error) for error in validate_model(selectors.tender_model_for_page(tender))]
    if tender.deadline <= now:
        problems.append("deadline: the deadline for bids must be in the future")
    if (
        _needs_proxies(tender)
        and not _proxy_measures().exists()
        and not tender.target_measures.exists()
    ):
        problems.append(
            "social value: the measures library has no measure with a proxy value and the "
            "tender has no target measures, so commitments cannot be scored"
        )
    return problems


def _needs_proxies(tender: Tender) -> bool:
    return tender.criteria.filter(kind=CriterionKind.SV_QUANTITATIVE).exists()


def _proxy_measures():
    return Measure.objects.filter(active=True, proxy_value__isnull=False)


@transaction.atomic
def tender_publish(*, actor, tender: Tender, now: datetime | None = None) -> Tender:
    """Publish a draft tender: copy the policy rule in force, freeze the proxy values of every
    active measure that has one, and open the tender for bids until its deadline."""
    _check_manager(actor)
    now = now or timezone.now()
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_draft(tender)
    _copy_policy_rule(tender, now)
    problems = publish_problems(tender, now)
    if problems:
        raise ModelProblems(problems)
    frozen = 0
    for measure in _proxy_measures():
        FrozenProxy.objects.update_or_create(
            tender=tender,
            measure=measure,
            defaults={
                "code": measure.code,
                "title": measure.title,
                "unit": measure.unit,
                "proxy_value": measure.proxy_value,
                "proxy_source": measure.proxy_source,
            },
        )
        frozen += 1
    move(tender.publish, by=actor, at=now)
    tender.save()
    event_record(
        actor=actor,
        verb=AuditEvent.TENDER_PUBLISHED,
        target=tender,
        data={
            "deadline": tender.deadline.isoformat(),
            "proxies_frozen": frozen,
            "rule": f"{tender.rule_minimum_percent} {tender.rule_basis}",
        },
    )
    _tell_interested_suppliers(tender)
    return tender


def _tell_interested_suppliers(tender: Tender) -> None:
    """Tell the suppliers registered for the tender's category (or for every category) that
    it is open: what the public page shows, nothing more."""
    category = tender.project.category
    notify(
        kind=NotificationKind.TENDER_PUBLISHED,
        users=notification_selectors.users_interested_in(category),
        title=f"New tender: {tender.title}",
        body=(
            f"{tender.reference} {tender.title} ({tender.project.get_category_display()}) is "
            f"open for bids until {timezone.localtime(tender.deadline):%-d %B %Y at %H:%M}."
        ),
        path=reverse("tendering:public_detail", args=[tender.pk]),
        target=tender,
    )


def _copy_policy_rule(tender: Tender, now: datetime) -> None:
    rule = evaluation_rule_current(timezone.localdate(now))
    if rule is None:
        return  # the tender keeps the default rule (2.5% of the quality element)
    tender.rule_minimum_percent = rule.minimum_weighting_percent
    tender.rule_basis = RuleBasis.TOTAL if rule.basis == WeightingBasis.TOTAL else RuleBasis.QUALITY


# Tender documents, questions and deadline extensions ------------------------------------
#
# Each answer published and each deadline extension is to be told to everyone with an
# interest in the tender (``selectors.tender_interested_users``): the one call site of each
# is marked "NOTIFY" below, where the notifications app's ``notify`` is called.


def tender_document_upload(
    *,
    actor,
    tender: Tender,
    upload,
    media_type: str,
    title: str = "",
    document: TenderDocument | None = None,
    now: datetime | None = None,
) -> TenderDocumentVersion:
    """Upload a file (already checked by ``core.uploads.check_upload``) as a new document of
    the tender called ``title``, or as the next version of ``document``. Older versions are
    kept. Allowed while the tender is a draft or open for bids."""
    _check_manager(actor)
    now = now or timezone.now()
    with transaction.atomic():
        tender = Tender.objects.select_for_update().get(pk=tender.pk)  # versions numbered in turn
        if tender.status != TenderStatus.DRAFT and not tender.accepts_bids(now):
            raise DomainError(
                "Documents can be added only until the deadline for bids",
                code="tender.documents_closed",
            )
        if document is None:
            document = _document_new(tender, title)
        elif document.tender_id != tender.pk:
            raise DomainError(
                "That document is not part of this tender", code="tender.document_foreign"
            )
        last = document.versions.order_by("-number").first()
        version = TenderDocumentVersion.objects.create(
            document=document,
            number=last.number + 1 if last else 1,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            content_type=media_type,
            uploaded_by=actor,
            uploaded_at=now,
        )
        event_record(
            actor=actor,
            verb=AuditEvent.TENDER_DOCUMENT_UPLOADED,
            target=tender,
            data={"document": document.title, "version": version.number, "file": version.name},
        )
    return version


def _document_new(tender: Tender, title: str) -> TenderDocument:
    title = title.strip()
    if not title:
        raise DomainError(
            "Enter the title of the document", code="tender.document_title_missing", field="title"
        )
    if tender.documents.filter(title__iexact=title).exists():
        raise DomainError(
            f"This tender already has a document called {title}: upload a new version of it",
            code="tender.document_title_taken",
            field="title",
        )
    return TenderDocument.objects.create(tender=tender, title=title[:200])


def question_ask(
    *, actor, tender: Tender, question: str, now: datetime | None = None
) -> Clarification:
    """A supplier's question about a published tender, until the end of its last day for
    questions. Any supplier user may ask: a supplier often needs the answer before deciding
    to bid. Only the asker's organisation and the officers see it until it is answered."""
    _check_bidder(actor)
    now = now or timezone.now()
    text = question.strip()
    if not text:
        raise DomainError("Enter your question", code="question.missing", field="question")
    with transaction.atomic():
        tender = Tender.objects.get(pk=tender.pk)
        _check_takes_questions(tender, now)
        clarification = Clarification.objects.create(
            tender=tender,
            supplier_id=actor.supplier_id,
            asked_by=actor,
            asked_at=now,
            question=text,
        )
        event_record(
            actor=actor,
            verb=AuditEvent.TENDER_QUESTION_ASKED,
            target=tender,
            data={"question": clarification.pk, "supplier": actor.supplier_id},
        )
    return clarification


def _check_takes_questions(tender: Tender, now: datetime) -> None:
    if tender.takes_questions(now):
        return
    if tender.accepts_bids(now):
        raise DomainError(
            f"Questions closed at the end of {tender.clarification_deadline:%d %B %Y}",
            code="question.closed",
        )
    raise DomainError("This tender is not open for questions", code="question.tender_not_open")


def question_answer(
    *,
    actor,
    question: Clarification,
    published_question: str,
    answer: str,
    now: datetime | None = None,
) -> Clarification:
    """Answer a question and publish it to every bidder and on the public tender page, worded
    as ``published_question`` (the officer removes anything that names the asker). Answered
    once; allowed until the deadline for bids."""
    _check_manager(actor)
    now = now or timezone.now()
    wording, answer = published_question.strip(), answer.strip()
    problems = []
    if not wording:
        problems.append(
            Problem(
                "question.wording_missing",
                "Enter the question as bidders will read it",
                "published_question",
            )
        )
    if not answer:
        problems.append(Problem("question.answer_missing", "Enter the answer", "answer"))
    if problems:
        raise DomainError("The answer cannot be published yet", problems=problems)
    with transaction.atomic():
        question = (
            Clarification.objects.select_for_update().select_related("tender").get(pk=question.pk)
        )
        tender = question.tender
        if question.is_answered:
            raise DomainError("This question is already answered", code="question.already_answered")
        if not tender.accepts_bids(now):
            raise DomainError(
                "The deadline for bids has passed: answers can no longer be published",
                code="question.tender_closed",
            )
        question.published_question, question.answer = wording, answer
        question.answered_by, question.answered_at = actor, now
        question.save()
        event_record(
            actor=actor,
            verb=AuditEvent.TENDER_QUESTION_ANSWERED,
            target=tender,
            data={"question": question.pk, "reworded": wording != question.question},
        )
        notify(
            kind=NotificationKind.QUESTION_ANSWERED,
            users=selectors.tender_interested_users(tender),
            title=f"Question answered: {tender.reference} {tender.title}",
            body=f"A question about {tender.reference} {tender.title} has been answered. The "
            "answer is published to every supplier; it does not say who asked.",
            path=reverse("tendering:public_detail", args=[tender.pk]),
            target=question,
        )
    return question


def tender_deadline_extend(
    *,
    actor,
    tender: Tender,
    new_deadline: datetime,
    reason: str,
    now: datetime | None = None,
) -> DeadlineExtension:
    """Move a published tender's deadline for bids later, before it passes, with the reason
    bidders are given. Bids stay sealed until the new deadline (``tendering.sealing`` reads
    the tender's current deadline)."""
    _check_manager(actor)
    now = now or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        tender = Tender.objects.select_for_update().get(pk=tender.pk)
        _check_extendable(tender, now)
        old_deadline = tender.deadline
        problems = []
        if new_deadline <= old_deadline:
            problems.append(
                Problem(
                    "tender.extension_not_later",
                    "The new deadline must be later than the current one "
                    f"({timezone.localtime(old_deadline):%d %B %Y at %H:%M})",
                    "new_deadline",
                )
            )
        if not reason:
            problems.append(
                Problem("tender.extension_reason_missing", "Enter the reason", "reason")
            )
        if problems:
            raise DomainError("The deadline cannot be extended", problems=problems)
        tender.deadline = new_deadline
        tender.save(update_fields=["deadline"])
        extension = DeadlineExtension.objects.create(
            tender=tender,
            old_deadline=old_deadline,
            new_deadline=new_deadline,
            reason=reason,
            extended_by=actor,
            extended_at=now,
        )
        event_record(
            actor=actor,
            verb=AuditEvent.TENDER_DEADLINE_EXTENDED,
            target=tender,
            reason=reason,
            data={
                "old_deadline": old_deadline.isoformat(),
                "new_deadline": new_deadline.isoformat(),
            },
        )
        notify(
            kind=NotificationKind.DEADLINE_CHANGED,
            users=[
                *selectors.tender_interested_users(tender),
                *notification_selectors.users_interested_in(tender.project.category),
            ],
            title=f"New deadline: {tender.reference} {tender.title}",
            body=f"The deadline for bids for {tender.reference} {tender.title} has changed from "
            f"{timezone.localtime(old_deadline):%-d %B %Y at %H:%M} to "
            f"{timezone.localtime(new_deadline):%-d %B %Y at %H:%M}.\n\nWhy: {reason}",
            path=reverse("tendering:public_detail", args=[tender.pk]),
            target=tender,
        )
    return extension


def _check_extendable(tender: Tender, now: datetime) -> None:
    if tender.status != TenderStatus.PUBLISHED:
        raise DomainError(
            "Only a published tender still open for bids can have its deadline extended",
            code="tender.extension_not_open",
        )
    if tender.deadline_passed(now):
        raise DomainError(
            f"The deadline for bids passed on "
            f"{timezone.localtime(tender.deadline):%d %B %Y at %H:%M}: bids may have been "
            "opened, so it can no longer be extended",
            code="tender.extension_deadline_passed",
        )


# Bids by suppliers ------------------------------------------------------------------------


def _check_open(actor, tender: Tender, action: str, now: datetime | None) -> None:
    """Refuse a bid change once the tender stops accepting bids, recording the refusal.

    Called before the action's transaction so the audit event survives the refusal."""
    if tender.accepts_bids(now):
        return
    if tender.deadline_passed(now):
        event_record(
            actor=actor,
            verb=AuditEvent.BID_LATE_REFUSED,
            target=tender,
            reason="The deadline for bids has passed",
            data={"action": action, "supplier": getattr(actor, "supplier_id", None)},
        )
        raise BidsClosed(
            f"The deadline for bids was {timezone.localtime(tender.deadline):%d %B %Y at %H:%M}"
            ": your bid cannot be changed or submitted now",
            code="bid.deadline_passed",
        )
    raise BidsClosed("This tender is not open for bids", code="bid.tender_not_open")


def _check_bidder(actor) -> None:
    permission_check(actor, BID, "Only a supplier's users can bid")


def _check_own(actor, bid: Bid) -> None:
    _check_bidder(actor)
    if getattr(actor, "supplier_id", None) != bid.supplier_id:
        raise NotAllowed("This is not your organisation's bid", code="bid.not_own")


def _back_to_draft(bid: Bid) -> None:
    """A change to a submitted bid takes it back to draft until it is submitted again."""
    if bid.status != BidStatus.DRAFT:
        move(bid.reopen)
        bid.save(update_fields=["status"])


def bid_start(*, actor, tender: Tender, now: datetime | None = None) -> Bid:
    """The acting supplier user's bid for the tender, started as a draft if there is none."""
    _check_bidder(actor)
    _check_open(actor, tender, "start", now)
    with transaction.atomic():
        bid, created = Bid.objects.get_or_create(tender=tender, supplier_id=actor.supplier_id)
        if created or bid.status == BidStatus.WITHDRAWN:
            _back_to_draft(bid)
            event_record(actor=actor, verb=AuditEvent.BID_STARTED, target=bid)
    return bid


def parse_price(text: str) -> Decimal:
    """A bid price from what the bidder typed ('£1,234.56' is fine), or a DomainError."""
    try:
        price = parse_amount(text)
    except AmountError as error:
        raise DomainError(
            f"Enter the price as an amount in pounds: {error}",
            code="bid.price_not_an_amount",
            field="price",
        ) from error
    if price <= 0:
        raise DomainError(
            "The price must be more than £0", code="bid.price_not_positive", field="price"
        )
    return price


def bid_save(
    *,
    actor,
    bid: Bid,
    price_text: str,
    responses: dict[int, str],
    now: datetime | None = None,
) -> Bid:
    """Save the price and the written responses (criterion id -> text) of a bid."""
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "save", now)
    with transaction.atomic():
        bid = Bid.objects.select_for_update().get(pk=bid.pk)
        price = parse_price(price_text) if price_text.strip() else None
        criteria = {c.pk: c for c in bid.tender.criteria.all()}
        changed = []
        if price != bid.price:
            bid.price = price
            bid.save(update_fields=["price"])
            changed.append("price")
        for criterion_id, text in responses.items():
            criterion = criteria.get(criterion_id)
            if criterion is None:
                raise DomainError(
                    "That question is not part of this tender",
                    code="bid.question_foreign",
                    field=f"responses.{criterion_id}",
                )
            response, _ = BidResponse.objects.get_or_create(bid=bid, criterion=criterion)
            if response.text != text:
                response.text = text
                response.save(update_fields=["text"])
                changed.append(criterion.code)
        if changed:
            _back_to_draft(bid)
            event_record(
                actor=actor, verb=AuditEvent.BID_CHANGED, target=bid, data={"changed": changed}
            )
    return bid


def attachment_add(
    *, actor, bid: Bid, criterion: Criterion, upload, media_type: str, now=None
) -> BidAttachment:
    """Attach a file (already checked by ``core.uploads.check_upload``) to a response."""
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "attach a file", now)
    if criterion.tender_id != bid.tender_id:
        raise DomainError(
            "That question is not part of this tender",
            code="bid.question_foreign",
            field="criterion",
        )
    with transaction.atomic():
        response, _ = BidResponse.objects.get_or_create(bid=bid, criterion=criterion)
        attachment = BidAttachment.objects.create(
            response=response,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            content_type=media_type,
            uploaded_by=actor,
        )
        _back_to_draft(bid)
        event_record(
            actor=actor,
            verb=AuditEvent.BID_ATTACHMENT_ADDED,
            target=bid,
            data={"criterion": criterion.code, "attachment": attachment.pk},
        )
    return attachment


def attachment_remove(*, actor, bid: Bid, attachment: BidAttachment, now=None) -> None:
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "remove a file", now)
    if attachment.response.bid_id != bid.pk:
        raise DomainError("That file is not part of this bid", code="bid.file_foreign")
    with transaction.atomic():
        data = {"attachment": attachment.pk}
        attachment.file.delete(save=False)
        attachment.delete()
        _back_to_draft(bid)
        event_record(actor=actor, verb=AuditEvent.BID_ATTACHMENT_REMOVED, target=bid, data=data)


def commitment_add(
    *, actor, bid: Bid, measure: Measure, quantity: Decimal, year: int, now=None
) -> BidCommitment:
    """Commit to deliver a quantity of a measure in a contract year: one with a frozen proxy
    (valued in pounds), or one the buyer asks for with a target (counted in its own units
    when it has no proxy value)."""
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "add a commitment", now)
    _check_committable(bid.tender, measure, "measure")
    with transaction.atomic():
        commitment = BidCommitment.objects.create(
            bid=bid, measure=measure, quantity=quantity, year=year
        )
        _back_to_draft(bid)
        event_record(
            actor=actor,
            verb=AuditEvent.BID_COMMITMENT_ADDED,
            target=bid,
            data={"commitment": commitment.pk},
        )
    return commitment


def committable_measure_ids(tender: Tender) -> set[int]:
    """The measures a bidder may commit to: those with a frozen proxy value and the buyer's
    target measures."""
    return set(tender.proxies.values_list("measure_id", flat=True)) | set(
        tender.target_measures.values_list("measure_id", flat=True)
    )


def _check_committable(tender: Tender, measure: Measure, field: str) -> None:
    if measure.pk not in committable_measure_ids(tender):
        raise DomainError(
            f"{measure.code} has no proxy value in this tender and is not one of the "
            "measures the buyer asks for: choose a listed measure",
            code="bid.measure_without_proxy",
            field=field,
        )


def commitment_remove(*, actor, bid: Bid, commitment: BidCommitment, now=None) -> None:
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "remove a commitment", now)
    if commitment.bid_id != bid.pk:
        raise DomainError("That commitment is not part of this bid", code="bid.commitment_foreign")
    with transaction.atomic():
        data = {"commitment": commitment.pk}
        commitment.delete()
        _back_to_draft(bid)
        event_record(actor=actor, verb=AuditEvent.BID_COMMITMENT_REMOVED, target=bid, data=data)


def own_proposal_add(*, actor, bid: Bid, data: OwnProposalInput, now=None) -> OwnProposal:
    """A social value idea of the bidder's own, outside the library (valued only once the
    evaluators agree a unit value)."""
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "add an own proposal", now)
    with transaction.atomic():
        proposal = OwnProposal.objects.create(bid=bid, **values_of(data))
        _back_to_draft(bid)
        event_record(
            actor=actor,
            verb=AuditEvent.BID_OWN_PROPOSAL_ADDED,
            target=bid,
            data={"proposal": proposal.pk},
        )
    return proposal


def own_proposal_remove(*, actor, bid: Bid, proposal: OwnProposal, now=None) -> None:
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "remove an own proposal", now)
    if proposal.bid_id != bid.pk:
        raise DomainError("That proposal is not part of this bid", code="bid.proposal_foreign")
    with transaction.atomic():
        data = {"proposal": proposal.pk}
        proposal.delete()
        _back_to_draft(bid)
        event_record(actor=actor, verb=AuditEvent.BID_OWN_PROPOSAL_REMOVED, target=bid, data=data)


def bid_problems(bid: Bid) -> list[Problem]:
    """What stops the bid being submitted: about ``price``, or ``responses.<criterion id>``
    for a question without an answer (or, for a commitments question, commitments)."""
    problems: list[Problem] = []
    if bid.price is None:
        problems.append(Problem("bid.price_missing", "Enter your total price", "price"))
    texts = {r.criterion_id: r.text.strip() for r in bid.responses.all()}
    has_commitments = bid.commitments.exists() or bid.own_proposals.exists()
    for criterion in bid.tender.criteria.all():
        if texts.get(criterion.pk):
            continue
        if criterion.kind == CriterionKind.SV_QUANTITATIVE and has_commitments:
            continue
        message = f"Answer {criterion.code} {criterion.title}" + (
            ", or add your commitments" if criterion.kind == CriterionKind.SV_QUANTITATIVE else ""
        )
        problems.append(Problem("bid.answer_missing", message, f"responses.{criterion.pk}"))
    return problems


def bid_submit(*, actor, bid: Bid, now: datetime | None = None) -> Bid:
    """Submit the bid: all of it (a price and an answer to every question) or nothing.

    The bid row is locked and read again, so simultaneous submits (a double click, several
    tabs) take turns: the first submits, the others find it submitted and record nothing.
    Any change to a submitted bid takes it back to draft, so a submitted bid is unchanged
    since its submission and submitting it again is the same submission."""
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "submit", now)
    with transaction.atomic():
        bid = Bid.objects.select_for_update().get(pk=bid.pk)
        if bid.status == BidStatus.SUBMITTED:
            return bid
        problems = bid_problems(bid)
        if problems:
            raise BidIncomplete(problems)
        move(bid.submit, by=actor, at=now or timezone.now())
        bid.save(update_fields=["status", "submitted_at", "submitted_by"])
        fingerprint = selectors.bid_fingerprint(bid)
        event_record(
            actor=actor,
            verb=AuditEvent.BID_SUBMITTED,
            target=bid,
            data={"fingerprint": fingerprint},
        )
        _send_receipt(bid, fingerprint)
    return bid


def _send_receipt(bid: Bid, fingerprint: str) -> None:
    """A receipt to the bidder's own users (and no one else): when the bid was received and
    the fingerprint of what was submitted, never the content itself."""
    tender = bid.tender
    received = timezone.localtime(bid.submitted_at)
    how = "Your paper bid was recorded as received" if bid.is_paper else "We received your bid"
    notify(
        kind=NotificationKind.BID_RECEIPT,
        users=notification_selectors.supplier_users(bid.supplier_id),
        title=f"Bid received: {tender.reference} {tender.title}",
        body=(
            f"{how} for {tender.reference} {tender.title} on "
            f"{received:%-d %B %Y at %H:%M:%S}.\n\n"
            f"Fingerprint of what was submitted (SHA-256):\n{fingerprint}\n\n"
            "Keep this receipt: the fingerprint identifies exactly the bid we hold. Any "
            "change to the bid takes it back to draft, and it must be submitted again "
            "before the deadline (with a new receipt)."
        ),
        path=reverse("tendering:bid_detail", args=[bid.pk]),
        target=bid,
    )


def bid_withdraw(*, actor, bid: Bid, now: datetime | None = None) -> Bid:
    """Withdraw the bid: it will not be opened or scored. It can be started again before
    the deadline."""
    _check_own(actor, bid)
    _check_open(actor, bid.tender, "withdraw", now)
    with transaction.atomic():
        bid = Bid.objects.select_for_update().get(pk=bid.pk)
        if bid.status == BidStatus.WITHDRAWN:
            return bid  # withdrawn already (a double click): recorded once
        move(bid.withdraw)
        bid.save(update_fields=["status"])
        event_record(actor=actor, verb=AuditEvent.BID_WITHDRAWN, target=bid)
    return bid


# Paper bids -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentLine:
    measure: Measure
    quantity: Decimal
    year: int


def paper_bid_create(
    *,
    actor,
    tender: Tender,
    supplier: Supplier,
    received_at: datetime,
    price_text: str,
    responses: dict[int, str],
    commitments: list[CommitmentLine],
    now: datetime | None = None,
) -> Bid:
    """Record a bid that arrived on paper, as submitted at the time it was received.

    Refused when it was received after the deadline (the refusal is recorded), when the
    tender is not published or evaluation has moved on, or when the supplier already bid."""
    _check_manager(actor)
    now = now or timezone.now()
    if not tender.is_published or tender.status != TenderStatus.PUBLISHED:
        raise DomainError(
            "Paper bids can be entered only for a published tender still taking bids",
            code="bid.paper_tender_not_open",
        )
    if received_at > now:
        raise DomainError(
            "The time received cannot be in the future",
            code="bid.paper_received_in_future",
            field="received_at",
        )
    if received_at > tender.deadline:
        event_record(
            actor=actor,
            verb=AuditEvent.BID_LATE_REFUSED,
            target=tender,
            reason="A paper bid received after the deadline",
            data={"supplier": supplier.pk, "received_at": received_at.isoformat(), "paper": True},
        )
        raise BidsClosed(
            f"The paper bid was received after the deadline "
            f"({timezone.localtime(tender.deadline):%d %B %Y at %H:%M}): it cannot be accepted",
            code="bid.paper_late",
            field="received_at",
        )
    price = parse_price(price_text)
    with transaction.atomic():
        if Bid.objects.filter(tender=tender, supplier=supplier).exists():
            raise DomainError(
                f"{supplier} already has a bid for this tender",
                code="bid.paper_supplier_has_bid",
                field="supplier",
            )
        bid = Bid.objects.create(
            tender=tender,
            supplier=supplier,
            price=price,
            is_paper=True,
            paper_received_at=received_at,
        )
        criteria = {c.pk: c for c in tender.criteria.all()}
        for criterion_id, text in responses.items():
            BidResponse.objects.create(bid=bid, criterion=criteria[criterion_id], text=text)
        for line in commitments:
            _check_committable(tender, line.measure, "commitments")
            BidCommitment.objects.create(
                bid=bid, measure=line.measure, quantity=line.quantity, year=line.year
            )
        problems = bid_problems(bid)
        if problems:
            raise BidIncomplete(problems)
        move(bid.submit, by=actor, at=received_at)  # the same move as a bid made online
        bid.save(update_fields=["status", "submitted_at", "submitted_by"])
        fingerprint = selectors.bid_fingerprint(bid)
        event_record(
            actor=actor,
            verb=AuditEvent.BID_PAPER_ENTERED,
            target=bid,
            data={"received_at": received_at.isoformat(), "fingerprint": fingerprint},
        )
        _send_receipt(bid, fingerprint)
    return bid
