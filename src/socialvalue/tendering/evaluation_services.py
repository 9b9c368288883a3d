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
from socialvalue.core.errors import DomainError, NotAllowed, Problem, permission_check
from socialvalue.core.transitions import ensure, move
from socialvalue.domain import evaluation as ev
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
    permission_check(actor, "tendering.manage_evaluation", "Only a procurement officer can do this")


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
    earlier = tender.evaluators.filter(evaluator=evaluator).first()
    if earlier is not None and earlier.removed_at is not None:
        raise DomainError(
            f"{sel.person(evaluator)} was taken off this panel after scoring and cannot rejoin it",
            field="evaluator",
            code="panel.removed_after_scoring",
        )
    if earlier is not None:
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
    """Take an evaluator off the panel. Before they record a score this simply undoes the
    assignment. After, it needs a reason: the evaluator and their scores stay in the record
    (marked as taken off, with who did it and why) but the scores no longer count and the
    evaluator no longer sees the tender. Once moderation is complete the panel is fixed: the
    record must show who moderated (a conflict found later is declared, not removed)."""
    _moderator(actor)
    tender = _lock(assignment.tender)
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    who = sel.person(assignment.evaluator)
    if assignment.removed_at is not None:
        raise DomainError(f"{who} is already off the panel", code="panel.already_removed")
    if tender.moderation_completed_at is not None:
        raise DomainError(
            "Moderation is complete, so the panel can no longer change: if a conflict of "
            f"interest has come to light, {who} declares it",
            code="panel.moderation_complete",
        )
    scores = assignment.scores.count()
    reason = (reason or "").strip()
    if scores:
        if not reason:
            raise DomainError(
                f"{who} has recorded scores: say why they are leaving the panel",
                field="reason",
                code="panel.removal_reason_missing",
            )
        assignment.removed_at = timezone.now()
        assignment.removed_by = actor
        assignment.removal_reason = reason
        assignment.save()
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_EVALUATOR_REMOVED,
        target=tender,
        reason=reason,
        data={"evaluator": assignment.evaluator.username, "scores_kept": scores},
    )
    if not scores:
        assignment.delete()


@transaction.atomic
def interests_declare(
    *, actor, assignment: EvaluatorAssignment, has_conflict: bool, details: str = ""
) -> EvaluatorAssignment:
    """The evaluator declares, before seeing any bid, whether they have a conflict of
    interest. A conflict removes them from the panel: they no longer see the bids or scores."""
    assignment = EvaluatorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.evaluator_id != actor.pk or assignment.removed_at is not None:
        raise NotAllowed("Only the evaluator on the panel can declare their own interests")
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
    if assignment.removed_at is not None:
        raise NotAllowed("You were taken off this panel")
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


@dataclass(frozen=True)
class ConsensusEntry:
    """The panel's consensus on one bid against the criterion being moderated: the score,
    the moderation note (the rationale that goes into the report) and, for a score outside
    the evaluators' own, why."""

    bid: Bid
    score: Decimal | None
    rationale: str
    outside_range_reason: str = ""

    @property
    def is_blank(self) -> bool:
        return (
            self.score is None
            and not self.rationale.strip()
            and not self.outside_range_reason.strip()
        )


AGREED_RATIONALE = "Every evaluator scored {score}: accepted as the consensus without discussion"


def _moderation_open(tender: Tender, criterion: Criterion, field: str | None) -> None:
    """Refuse a consensus on a criterion not of this tender, or before every evaluator has
    submitted."""
    if criterion.tender_id != tender.pk or not criterion.is_scored_on_scale:
        raise DomainError(
            f"{criterion.code} is not scored on a scale",
            field=field,
            code="moderation.criterion_not_scaled",
        )
    if not sel.all_submitted(tender):
        raise DomainError(
            "Every evaluator on the panel must declare and submit their scores before moderation",
            field=field,
            code="moderation.panel_not_submitted",
        )


def _consensus_record(
    actor, tender: Tender, row: sel.ModerationRow, entry: ConsensusEntry, prefix: str
) -> ConsensusScore:
    """Check one consensus and record it (or nothing, if it is the one already recorded).
    ``prefix`` names the entry's fields in a refusal: "" for one, "entries.<bid id>." in a
    page of many."""
    criterion, score = row.criterion, entry.score
    if score is None:
        raise DomainError(
            f"Choose the consensus score for {row.bidder}",
            field=f"{prefix}score",
            code="moderation.score_missing",
        )
    scale = criterion_scale(criterion)
    if not scale.allows(score):
        raise DomainError(
            f"{score.normalize():f} is not a point on the {scale.label} scale",
            field=f"{prefix}score",
            code="moderation.score_not_on_scale",
        )
    rationale = (entry.rationale or "").strip()
    if not rationale:
        raise DomainError(
            f"Give the panel's rationale for the score of {row.bidder}",
            field=f"{prefix}rationale",
            code="moderation.rationale_missing",
        )
    outside = ev.consensus_needs_reason(score, [s.score for s in row.scores])
    reason = (entry.outside_range_reason or "").strip() if outside else ""
    if outside and not reason:
        raise DomainError(
            f"{score.normalize():f} is outside the evaluators' scores of {row.bidder} "
            f"({row.range.label if row.range else ''}): say why the panel agreed it",
            field=f"{prefix}outside_range_reason",
            code="moderation.outside_range_reason_missing",
        )
    consensus = row.consensus
    agreement = (score, rationale, reason)
    if consensus is not None and agreement == (
        consensus.score,
        consensus.rationale,
        consensus.outside_range_reason,
    ):
        return consensus  # the same agreement sent again (a double click): nothing changes
    before = None if consensus is None else str(consensus.score)
    if consensus is None:
        consensus = ConsensusScore(bid=row.bid, criterion=criterion)
    consensus.score = score
    consensus.rationale = rationale
    consensus.outside_range_reason = reason
    consensus.agreed_by = actor
    consensus.save()
    data = {"criterion": criterion.code, "bid": row.bid.pk, "from": before, "to": str(score)}
    if outside:
        data |= {"evaluators_scored": row.range.label if row.range else "", "outside_range": reason}
    event_record(
        actor=actor,
        verb=AuditEvent.EVALUATION_CONSENSUS_AGREED
        if before is None
        else AuditEvent.EVALUATION_CONSENSUS_CHANGED,
        target=consensus,
        reason=rationale,
        data=data,
    )
    if before is not None:
        _withdraw_recommendation(actor, tender, f"Consensus of {criterion.code} changed")
    return consensus


def _row_of(tender: Tender, criterion: Criterion, bid: Bid, field: str) -> sel.ModerationRow:
    row = next((r for r in sel.moderation_sheet(tender, criterion) if r.bid.pk == bid.pk), None)
    if row is None:
        raise DomainError(
            "This bid is not in the evaluation",
            field=field,
            code="moderation.bid_not_in_evaluation",
        )
    return row


@transaction.atomic
def consensus_save(
    *,
    actor,
    bid: Bid,
    criterion: Criterion,
    score: Decimal | None,
    rationale: str,
    outside_range_reason: str = "",
) -> ConsensusScore:
    """Agree the panel's consensus score of a bid against a criterion, with the rationale
    (and why, for a score outside the evaluators' own)."""
    _moderator(actor)
    tender = _lock(bid.tender)
    _moderation_open(tender, criterion, "score")
    row = _row_of(tender, criterion, bid, "score")
    return _consensus_record(
        actor, tender, row, ConsensusEntry(bid, score, rationale, outside_range_reason), ""
    )


@transaction.atomic
def criterion_consensus_save(
    *, actor, criterion: Criterion, entries: list[ConsensusEntry]
) -> list[ConsensusScore]:
    """Agree the consensus of several bids against one criterion, all or nothing: the
    moderation page of a criterion. A blank entry is left for later. Every entry is checked
    and every problem reported (``entries.<bid id>.score``, ``.rationale``,
    ``.outside_range_reason``) before anything is kept."""
    _moderator(actor)
    tender = _lock(criterion.tender)
    _moderation_open(tender, criterion, None)
    rows = {r.bid.pk: r for r in sel.moderation_sheet(tender, criterion)}
    saved: list[ConsensusScore] = []
    problems: list[Problem] = []
    for entry in entries:
        if entry.is_blank:
            continue
        prefix = f"entries.{entry.bid.pk}."
        row = rows.get(entry.bid.pk)
        try:
            if row is None:
                raise DomainError(
                    "This bid is not in the evaluation",
                    field=f"{prefix}score",
                    code="moderation.bid_not_in_evaluation",
                )
            saved.append(_consensus_record(actor, tender, row, entry, prefix))
        except DomainError as error:
            problems += error.problems
    if problems:
        # Raised inside the transaction: the consensus scores saved above are undone.
        raise DomainError(
            f"{len(problems)} consensus score{'s' if len(problems) != 1 else ''} "
            "could not be agreed",
            problems=problems,
        )
    if not saved:
        raise DomainError(
            "Enter a consensus score and the panel's rationale for at least one bid",
            code="moderation.nothing_entered",
        )
    return saved


@transaction.atomic
def agreed_scores_accept(*, actor, criterion: Criterion) -> list[ConsensusScore]:
    """Accept as the consensus, in one go, the score of every bid that every evaluator
    scored the same against this criterion and that has no consensus yet. One audit event
    per consensus, as for one agreed by hand."""
    _moderator(actor)
    tender = _lock(criterion.tender)
    _moderation_open(tender, criterion, None)
    accepted: list[ConsensusScore] = []
    for row in sel.moderation_sheet(tender, criterion):
        if row.consensus is not None or row.agreed is None:
            continue
        consensus = ConsensusScore.objects.create(
            bid=row.bid,
            criterion=criterion,
            score=row.agreed,
            rationale=AGREED_RATIONALE.format(score=f"{row.agreed.normalize():f}"),
            agreed_by=actor,
        )
        event_record(
            actor=actor,
            verb=AuditEvent.EVALUATION_AGREED_SCORE_ACCEPTED,
            target=consensus,
            reason=consensus.rationale,
            data={
                "criterion": criterion.code,
                "bid": row.bid.pk,
                "to": str(row.agreed),
                "evaluators": len(row.scores),
            },
        )
        accepted.append(consensus)
    if not accepted:
        raise DomainError(
            f"No bid is waiting for a consensus on {criterion.code} with every evaluator "
            "giving the same score",
            code="moderation.nothing_agreed",
        )
    return accepted


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
