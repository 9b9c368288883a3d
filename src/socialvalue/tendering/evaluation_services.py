"""Business actions of the evaluation: the panel, declarations, scores, moderation, prices,
flag answers and the award recommendation. Each takes the acting user, runs in one
transaction, checks the rules and records an audit event. After award the scores are locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from socialvalue.accounts.roles import Role
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.core.transitions import ensure, move
from socialvalue.domain.evaluation import FlagKind
from socialvalue.domain.money import format_gbp
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering.models import (
    Bid,
    ConsensusScore,
    Criterion,
    EvaluatorAssignment,
    FlagAnswer,
    OwnProposal,
    Score,
    Tender,
    TenderStatus,
)
from socialvalue.tendering.selectors import criterion_scale

LOCKED = "The award was decided on {:%d %B %Y}: the scores are locked and cannot change"


def _lock(tender: Tender) -> Tender:
    """The tender row locked for this transaction, refused once awarded."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.scores_locked:
        raise DomainError(
            LOCKED.format(timezone.localtime(tender.award_decided_at or tender.awarded_at)),
            code="evaluation.locked",
        )
    return tender


def _moderator(actor) -> None:
    if not actor.has_perm("tendering.manage_evaluation"):
        raise NotAllowed("Only a procurement officer can do this")


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field, code=f"evaluation.{field}_missing")
    return value


# Panel ------------------------------------------------------------------------------------


@transaction.atomic
def evaluator_assign(*, actor, tender: Tender, evaluator) -> EvaluatorAssignment:
    _moderator(actor)
    tender = _lock(tender)
    if tender.status == TenderStatus.CANCELLED:
        raise DomainError(
            "The tender is cancelled", field="evaluator", code="panel.tender_cancelled"
        )
    if not evaluator.groups.filter(name=Role.EVALUATOR).exists() or not evaluator.is_active:
        raise DomainError(
            "Choose a user with the Evaluator role", field="evaluator", code="panel.not_evaluator"
        )
    if tender.evaluators.filter(evaluator=evaluator).exists():
        raise DomainError(
            f"{sel.person(evaluator)} is already on the panel",
            field="evaluator",
            code="panel.already_member",
        )
    assignment = EvaluatorAssignment.objects.create(
        tender=tender, evaluator=evaluator, assigned_by=actor
    )
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_EVALUATOR_ASSIGNED,
        target=tender,
        data={"evaluator": evaluator.username},
    )
    return assignment


@transaction.atomic
def evaluator_remove(*, actor, assignment: EvaluatorAssignment, reason: str = "") -> None:
    _moderator(actor)
    tender = _lock(assignment.tender)
    if assignment.scores.exists():
        raise DomainError(
            f"{sel.person(assignment.evaluator)} has recorded scores, which stay in the record: "
            "they can declare a conflict of interest instead",
            code="panel.evaluator_has_scores",
        )
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_EVALUATOR_REMOVED,
        target=tender,
        reason=reason,
        data={"evaluator": assignment.evaluator.username},
    )
    assignment.delete()


@transaction.atomic
def interests_declare(
    *, actor, assignment: EvaluatorAssignment, has_conflict: bool, details: str = ""
) -> EvaluatorAssignment:
    """The evaluator declares, before seeing any bid, whether they have a conflict of
    interest. A conflict removes them from the panel: they no longer see the bids or scores."""
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.evaluator_id != actor.pk:
        raise NotAllowed("Only the evaluator can declare their own interests")
    _lock(assignment.tender)
    if assignment.has_conflict:
        raise DomainError(
            "You declared a conflict of interest, so you are off this panel: ask the "
            "procurement officer if that was a mistake",
            field="has_conflict",
            code="panel.conflicted",
        )
    if has_conflict:
        details = _text(details, "details", "Say what the conflict of interest is and with whom")
    elif assignment.declared_at is not None:
        raise DomainError(
            "You have already declared no conflict of interest",
            field="has_conflict",
            code="panel.no_conflict_already_declared",
        )
    assignment.has_conflict = has_conflict
    assignment.conflict_details = details.strip() if has_conflict else ""
    assignment.declared_at = timezone.now()
    assignment.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_CONFLICT_DECLARED
        if has_conflict
        else AuditEvent.EVALUATION_NO_CONFLICT_DECLARED,
        target=assignment.tender,
        reason=assignment.conflict_details,
        data={"evaluator": actor.username},
    )
    return assignment


# Scores -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreEntry:
    criterion: Criterion
    score: Decimal | None
    justification: str


def _check_scorer(actor, assignment: EvaluatorAssignment) -> None:
    if assignment.evaluator_id != actor.pk:
        raise NotAllowed("Only the evaluator can record their own scores")
    if not assignment.may_score:
        raise NotAllowed("Declare that you have no conflict of interest before scoring")
    if not assignment.tender.deadline_passed():
        raise DomainError(
            "Bids can be scored only after the deadline", code="score.before_deadline"
        )
    if assignment.scores_submitted_at:
        raise DomainError(
            "You have submitted your scores: they can change only through moderation",
            code="score.submitted",
        )


@transaction.atomic
def bid_scores_save(
    *, actor, assignment: EvaluatorAssignment, bid: Bid, entries: list[ScoreEntry]
) -> list[Score]:
    """Record an evaluator's scores of one bid, all or nothing. An entry with no score and
    no justification is left for later; a score needs a written justification."""
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    _lock(assignment.tender)
    _check_scorer(actor, assignment)
    in_evaluation = sel.submitted_bids(assignment.tender).filter(pk=bid.pk).exists()
    if bid.tender_id != assignment.tender_id or not in_evaluation:
        raise DomainError("This bid is not in the evaluation", code="score.bid_not_in_evaluation")
    saved = []
    for entry in entries:
        if entry.score is None and not entry.justification.strip():
            continue
        saved.append(_score_save(actor, assignment, bid, entry))
    return saved


def _score_save(actor, assignment: EvaluatorAssignment, bid: Bid, entry: ScoreEntry) -> Score:
    criterion = entry.criterion
    field = f"entries.{criterion.pk}.score"
    if criterion.tender_id != bid.tender_id or not criterion.is_scored_on_scale:
        raise DomainError(
            f"{criterion.code} is not scored on a scale",
            field=field,
            code="score.criterion_not_scaled",
        )
    if entry.score is None:
        raise DomainError(f"Choose a score for {criterion.code}", field=field, code="score.missing")
    scale = criterion_scale(criterion)
    if not scale.allows(entry.score):
        raise DomainError(
            f"{entry.score.normalize():f} is not a point on the {scale.label} scale of "
            f"{criterion.code}",
            field=field,
            code="score.not_on_scale",
        )
    justification = _text(
        entry.justification,
        f"entries.{criterion.pk}.justification",
        f"Write a justification for your score of {criterion.code}",
    )
    score = Score.objects.filter(assignment=assignment, bid=bid, criterion=criterion).first()
    before = None if score is None else (score.score, score.justification)
    if before == (entry.score, justification):
        return score
    if score is None:
        score = Score(assignment=assignment, bid=bid, criterion=criterion)
    score.score = entry.score
    score.justification = justification
    score.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_SCORE_RECORDED
        if before is None
        else AuditEvent.EVALUATION_SCORE_CHANGED,
        target=score,
        reason=justification,
        data={
            "criterion": criterion.code,
            "bid": bid.pk,
            "from": None if before is None else str(before[0]),
            "to": str(entry.score),
        },
    )
    return score


@transaction.atomic
def scores_submit(*, actor, assignment: EvaluatorAssignment) -> EvaluatorAssignment:
    """Submit every score: from now the evaluator sees the panel's submitted scores and
    their own change only through moderation."""
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    _lock(assignment.tender)
    _check_scorer(actor, assignment)
    scored, needed = sel.progress(assignment)
    if needed == 0:
        raise DomainError("There are no bids to score", code="score.no_bids")
    if scored < needed:
        raise DomainError(
            f"You have scored {scored} of {needed}: score every bid against every criterion "
            "before submitting",
            code="score.incomplete",
        )
    assignment.scores_submitted_at = timezone.now()
    assignment.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_SCORES_SUBMITTED,
        target=assignment.tender,
        data={"evaluator": actor.username, "scores": scored},
    )
    return assignment


# Moderation -------------------------------------------------------------------------------


def _withdraw_recommendation(actor, tender: Tender, why: str) -> None:
    """A score change after the recommendation withdraws it: it was made on other figures."""
    if tender.status != TenderStatus.RECOMMENDED:
        return
    move(tender.withdraw_recommendation)
    tender.save()
    event_record(
        actor=actor, verb=AuditEvent.EVALUATION_RECOMMENDATION_WITHDRAWN, target=tender, reason=why
    )


@transaction.atomic
def consensus_save(
    *, actor, bid: Bid, criterion: Criterion, score: Decimal | None, rationale: str
) -> ConsensusScore:
    """Agree the panel's consensus score of a bid against a criterion, with the rationale."""
    _moderator(actor)
    tender = _lock(bid.tender)
    if criterion.tender_id != tender.pk or not criterion.is_scored_on_scale:
        raise DomainError(
            f"{criterion.code} is not scored on a scale",
            field="score",
            code="moderation.criterion_not_scaled",
        )
    if not sel.all_submitted(tender):
        raise DomainError(
            "Every evaluator on the panel must declare and submit their scores before moderation",
            field="score",
            code="moderation.panel_not_submitted",
        )
    if score is None:
        raise DomainError(
            "Choose the consensus score", field="score", code="moderation.score_missing"
        )
    scale = criterion_scale(criterion)
    if not scale.allows(score):
        raise DomainError(
            f"{score} is not a point on the {scale.label} scale",
            field="score",
            code="moderation.score_not_on_scale",
        )
    rationale = _text(rationale, "rationale", "Give the panel's rationale for the score")
    consensus = ConsensusScore.objects.filter(bid=bid, criterion=criterion).first()
    if consensus is not None and consensus.score == score and consensus.rationale == rationale:
        return consensus  # the same agreement sent again (a double click): nothing changes
    before = None if consensus is None else str(consensus.score)
    if consensus is None:
        consensus = ConsensusScore(bid=bid, criterion=criterion)
    consensus.score = score
    consensus.rationale = rationale
    consensus.agreed_by = actor
    consensus.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_CONSENSUS_AGREED
        if before is None
        else AuditEvent.EVALUATION_CONSENSUS_CHANGED,
        target=consensus,
        reason=rationale,
        data={"criterion": criterion.code, "bid": bid.pk, "from": before, "to": str(score)},
    )
    if before is not None:
        _withdraw_recommendation(actor, tender, f"Consensus of {criterion.code} changed")
    return consensus


@transaction.atomic
def moderation_complete(*, actor, tender: Tender) -> Tender:
    _moderator(actor)
    tender = _lock(tender)
    ensure(tender.complete_moderation)  # "Moderation is already complete", or the status
    missing = sel.moderation_missing(tender)
    if missing:
        raise DomainError(
            "Moderation cannot be completed yet: " + "; ".join(missing),
            code="moderation.incomplete",
        )
    move(tender.complete_moderation, at=timezone.now())
    tender.save()
    event_record(actor=actor, verb=AuditEvent.EVALUATION_MODERATION_COMPLETED, target=tender)
    return tender


@transaction.atomic
def proposal_value_agree(
    *, actor, proposal: OwnProposal, unit_value: Decimal | None, reason: str
) -> OwnProposal:
    """Agree what one unit of a bidder's own proposal is worth, and why: until then it
    counts £0."""
    _moderator(actor)
    tender = _lock(proposal.bid.tender)
    if not tender.deadline_passed():
        raise DomainError(
            "Own proposals are valued after the deadline",
            field="unit_value",
            code="own_proposal.before_deadline",
        )
    if unit_value is None or unit_value < 0:
        raise DomainError(
            "Enter the agreed value per unit, £0 or more",
            field="unit_value",
            code="own_proposal.value_invalid",
        )
    reason = _text(reason, "reason", "Say why the panel agreed this value")
    before = proposal.agreed_unit_value
    proposal.agreed_unit_value = unit_value
    proposal.agreed_reason = reason
    proposal.agreed_by = actor
    proposal.agreed_at = timezone.now()
    proposal.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_PROPOSAL_VALUE_AGREED,
        target=proposal,
        reason=reason,
        data={"from": None if before is None else str(before), "to": str(unit_value)},
    )
    if before is not None and before != unit_value:
        _withdraw_recommendation(actor, tender, "The value of an own proposal changed")
    return proposal


# Prices, flags and the recommendation ------------------------------------------------------


@transaction.atomic
def prices_open(*, actor, tender: Tender) -> Tender:
    _moderator(actor)
    tender = _lock(tender)
    move(tender.open_prices, at=timezone.now())  # refused with why (sel.prices_may_open)
    tender.save()
    event_record(actor=actor, verb=AuditEvent.EVALUATION_PRICES_OPENED, target=tender)
    return tender


@transaction.atomic
def flag_answer(*, actor, tender: Tender, bid: Bid, kind: FlagKind, answer: str) -> FlagAnswer:
    """Answer a flag raised by the results, as it stands now."""
    _moderator(actor)
    tender = _lock(tender)
    answer = _text(answer, "answer", "Say what you found and what you decided")
    results = sel.tender_results(tender)
    row = next((f for f in results.flags if f.bid.pk == bid.pk and f.flag.kind == kind), None)
    if row is None:
        raise DomainError("This bid has no such flag now", field="answer", code="flag.no_such_flag")
    saved, _ = FlagAnswer.objects.update_or_create(
        bid=bid,
        kind=kind.value,
        defaults={"tender": tender, "message": row.message, "answer": answer, "answered_by": actor},
    )
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_FLAG_ANSWERED,
        target=tender,
        reason=answer,
        data={"bid": bid.pk, "flag": kind.value, "message": row.message},
    )
    return saved


@transaction.atomic
def award_recommend(*, actor, tender: Tender, bid: Bid, reason: str) -> Tender:
    """Recommend the award. The top-ranked bid is the normal choice; another needs a reason
    saying why. Every flag must be answered first."""
    _moderator(actor)
    tender = _lock(tender)
    if (
        tender.status == TenderStatus.RECOMMENDED
        and tender.recommended_bid_id == bid.pk
        and (not (reason or "").strip() or tender.recommendation_reason == reason.strip())
    ):
        return tender  # the same recommendation sent again (a double click): recorded once
    results = sel.tender_results(tender)
    blockers = sel.recommendation_blockers(tender, results)
    if blockers:
        raise DomainError(
            "The award cannot be recommended yet: " + "; ".join(blockers),
            code="recommendation.blocked",
        )
    ranked = {results.bid_of(r).pk: r for r in results.evaluation.ranked}
    if bid.pk not in ranked:
        raise DomainError(
            "Choose a bid still in the competition",
            field="bid",
            code="recommendation.bid_not_in_competition",
        )
    is_top = ranked[bid.pk].rank == 1
    if is_top:
        reason = (reason or "").strip() or "The highest-ranked bid"
    else:
        reason = _text(reason, "reason", "Say why you recommend a bid that is not ranked first")
    move(tender.recommend, bid=bid, reason=reason, by=actor)
    tender.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_AWARD_RECOMMENDED,
        target=tender,
        reason=reason,
        data={
            "bid": bid.pk,
            "bidder": ranked[bid.pk].bidder,
            "rank": ranked[bid.pk].rank,
            "top_ranked": is_top,
            "price": format_gbp(bid.price) if bid.price is not None else None,
        },
    )
    return tender
