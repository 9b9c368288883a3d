"""Reads for the evaluation: the panel, evaluators' progress, the moderation sheet and the
results, which come from ``socialvalue.domain.evaluation.evaluate`` (no arithmetic here).

Bid content is read through ``tendering.sealing``: ``domain_bids`` refuses a sealed bid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from socialvalue.core.errors import DomainError
from socialvalue.core.transitions import refusal
from socialvalue.domain import evaluation as ev
from socialvalue.tendering import sealing
from socialvalue.tendering.models import (
    Bid,
    BidStatus,
    ConsensusScore,
    Criterion,
    CriterionKind,
    EvaluatorAssignment,
    FlagAnswer,
    OwnProposal,
    Score,
    Tender,
    TenderStatus,
)
from socialvalue.tendering.selectors import (
    criterion_scale,
    tender_model,
    tender_proxies,
    tender_targets,
)

# URL-safe names of the flag kinds (FlagAnswer.kind keeps the domain's value).
FLAG_SLUGS = {kind.name.lower(): kind for kind in ev.FlagKind}


def person(user) -> str:
    return user.get_full_name() or user.username


# Panel ------------------------------------------------------------------------------------


def panel(tender: Tender) -> QuerySet[EvaluatorAssignment]:
    """The evaluators on the panel now (not those taken off it after scoring)."""
    return (
        tender.evaluators.filter(removed_at__isnull=True)
        .select_related("evaluator", "assigned_by")
        .order_by("pk")
    )


def removed_from_panel(tender: Tender) -> QuerySet[EvaluatorAssignment]:
    """Evaluators taken off the panel after scoring, with who did it and why: their scores
    stay in the record but do not count."""
    return (
        tender.evaluators.filter(removed_at__isnull=False)
        .select_related("evaluator", "removed_by")
        .order_by("removed_at")
    )


def cleared_panel(tender: Tender) -> list[EvaluatorAssignment]:
    """Evaluators on the panel who declared no conflict: their scores count."""
    return [a for a in panel(tender) if a.may_score]


def assignment_of(user, tender: Tender) -> EvaluatorAssignment | None:
    return tender.evaluators.filter(evaluator=user, removed_at__isnull=True).first()


def evaluations_of(user) -> list[dict]:
    """An evaluator's tenders with what they have to do on each."""
    rows = []
    assignments = (
        EvaluatorAssignment.objects.filter(evaluator=user, removed_at__isnull=True)
        .select_related("tender")
        .order_by("-tender__deadline")
    )
    for a in assignments:
        scored, needed = progress(a)
        rows.append({"assignment": a, "tender": a.tender, "scored": scored, "needed": needed})
    return rows


def progress(assignment: EvaluatorAssignment) -> tuple[int, int]:
    """(scores recorded, scores needed) for an evaluator: every bid x scale criterion."""
    tender = assignment.tender
    needed = submitted_bids(tender).count() * len(scale_criteria(tender))
    scored = assignment.scores.filter(
        bid__in=submitted_bids(tender), criterion__in=scale_criteria(tender)
    ).count()
    return scored, needed


# Bids and criteria ------------------------------------------------------------------------


def submitted_bids(tender: Tender) -> QuerySet[Bid]:
    """The bids in the evaluation: submitted in time (late ones are never submitted)."""
    return tender.bids.filter(status=BidStatus.SUBMITTED).select_related("supplier")


def scale_criteria(tender: Tender) -> list[Criterion]:
    """Criteria the evaluators score on a scale (quality and social value method statements)."""
    return [c for c in tender.criteria.all() if c.kind != CriterionKind.SV_QUANTITATIVE]


def bidder_names(bids: Iterable[Bid]) -> dict[int, str]:
    """Bid pk -> the name the results use: the supplier's name, made unique if need be."""
    names: dict[int, str] = {}
    seen: set[str] = set()
    for bid in sorted(bids, key=lambda b: b.pk):
        name = bid.supplier.name
        if name in seen:
            name = f"{name} (bid {bid.pk})"
        seen.add(name)
        names[bid.pk] = name
    return names


@dataclass(frozen=True)
class ValuedLine:
    label: str
    quantity: Decimal
    unit: str
    year: int
    unit_value: Decimal | None
    value: Decimal | None  # None: an own proposal with no agreed value yet, or units
    proposal: OwnProposal | None = None
    target: Decimal | None = None  # a target measure without a proxy: counted in units

    @property
    def in_units(self) -> bool:
        return self.target is not None


def commitments_valued(bid: Bid) -> tuple[list[ValuedLine], Decimal]:
    """A readable bid's commitments and own proposals in pounds at the frozen proxies (the
    domain's valuation), and their total. Never the price."""
    proxies = tender_proxies(bid.tender)
    units = ev.unit_measures(tender_targets(bid.tender), proxies)
    frozen = {p.code: p for p in bid.tender.proxies.all()}
    lines = []
    for c in bid.commitments.select_related("measure"):
        code = c.measure.code
        proxy = frozen.get(code)
        value = (
            ev.value_commitments([_commitment(c)], [], proxies).total if code in proxies else None
        )
        lines.append(
            ValuedLine(
                f"{code} {c.measure.title}",
                c.quantity,
                proxy.unit if proxy else c.measure.unit,
                c.year,
                proxies.get(code),
                value,
                target=units.get(code),
            )
        )
    for p in bid.own_proposals.all():
        valuation = ev.value_commitments([], [_proposal(p)], proxies)
        agreed = not valuation.awaiting_agreement
        lines.append(
            ValuedLine(
                f"Own proposal: {p.description}",
                p.quantity,
                p.unit,
                p.year,
                p.agreed_unit_value if agreed else None,
                valuation.total if agreed else None,
                proposal=p,
            )
        )
    total = sum((line.value for line in lines if line.value is not None), Decimal(0))
    return lines, total


def _commitment(c) -> ev.Commitment:
    return ev.Commitment(measure=c.measure.code, quantity=c.quantity, year=c.year)


def _proposal(p: OwnProposal) -> ev.OwnProposal:
    return ev.OwnProposal(
        description=p.description,
        quantity=p.quantity,
        agreed_unit_value=p.agreed_unit_value,
        agreed_reason=p.agreed_reason or None,
    )


def own_proposals(tender: Tender) -> QuerySet[OwnProposal]:
    return OwnProposal.objects.filter(bid__in=submitted_bids(tender)).select_related(
        "bid__supplier", "agreed_by"
    )


# Moderation -------------------------------------------------------------------------------


@dataclass
class ModerationRow:
    bid: Bid
    bidder: str
    criterion: Criterion
    scores: list[Score]  # submitted scores of evaluators without a conflict
    flag: ev.ModerationFlag | None
    median: Decimal | None
    consensus: ConsensusScore | None
    cells: list[Score | None] = field(default_factory=list)  # per panel member, for pages
    range: ev.ScoreRange | None = None  # the lowest and highest submitted score
    agreed: Decimal | None = None  # the score every evaluator gave, when they all gave one

    @property
    def consensus_outside_range(self) -> bool:
        """The agreed consensus lies outside the evaluators' scores (it carries a reason)."""
        return self.consensus is not None and ev.consensus_needs_reason(
            self.consensus.score, [s.score for s in self.scores]
        )


def moderation_sheet(tender: Tender, criterion: Criterion | None = None) -> list[ModerationRow]:
    """Per bid and scale criterion (or one criterion): the submitted scores side by side,
    their range, the domain's flag when two are 2 or more scale points apart, the median to
    start from, the score they all agree on if they do, the consensus."""
    submitted = [a for a in cleared_panel(tender) if a.scores_submitted_at]
    bids = list(submitted_bids(tender).order_by("pk"))
    names = bidder_names(bids)
    criteria = scale_criteria(tender)
    if criterion is not None:
        criteria = [c for c in criteria if c.pk == criterion.pk]
    scores: dict[tuple[int, int], list[Score]] = {}
    for s in Score.objects.filter(assignment__in=submitted, bid__in=bids).select_related(
        "assignment__evaluator"
    ):
        scores.setdefault((s.bid_id, s.criterion_id), []).append(s)
    consensus = {
        (c.bid_id, c.criterion_id): c
        for c in ConsensusScore.objects.filter(bid__in=bids).select_related("agreed_by")
    }
    rows = []
    for bid in bids:
        for criterion in criteria:
            given = scores.get((bid.pk, criterion.pk), [])
            by_name = {person(s.assignment.evaluator): s.score for s in given}
            values = [s.score for s in given]
            rows.append(
                ModerationRow(
                    bid=bid,
                    bidder=names[bid.pk],
                    criterion=criterion,
                    scores=given,
                    flag=ev.needs_moderation(by_name, criterion_scale(criterion)),
                    median=ev.consensus_median(values) if given else None,
                    consensus=consensus.get((bid.pk, criterion.pk)),
                    range=ev.score_range(values),
                    # Agreed only when every evaluator who submitted scored it the same.
                    agreed=ev.agreed_score(values) if len(given) == len(submitted) else None,
                )
            )
    return rows


@dataclass
class CriterionProgress:
    """One line of the moderation overview: a criterion and how far its moderation is."""

    criterion: Criterion
    bids: int
    agreed: int  # consensus scores recorded
    to_discuss: int  # bids flagged for discussion with no consensus yet
    to_accept: int  # bids every evaluator scored the same, with no consensus yet

    @property
    def waiting(self) -> int:
        return self.bids - self.agreed


def moderation_progress(tender: Tender) -> list[CriterionProgress]:
    rows = moderation_sheet(tender)
    found = []
    for criterion in scale_criteria(tender):
        mine = [r for r in rows if r.criterion.pk == criterion.pk]
        waiting = [r for r in mine if r.consensus is None]
        found.append(
            CriterionProgress(
                criterion=criterion,
                bids=len(mine),
                agreed=len(mine) - len(waiting),
                to_discuss=len([r for r in waiting if r.flag is not None]),
                to_accept=len([r for r in waiting if r.agreed is not None]),
            )
        )
    return found


def moderation_missing(tender: Tender) -> list[str]:
    """What stops moderation being completed (empty when it can be)."""
    missing = []
    cleared = cleared_panel(tender)
    undeclared = [a for a in panel(tender) if a.declared_at is None]
    if not cleared:
        missing.append("No evaluator without a conflict of interest is on the panel")
    for a in undeclared:
        missing.append(f"{person(a.evaluator)} has not declared their interests")
    for a in cleared:
        if a.scores_submitted_at is None:
            missing.append(f"{person(a.evaluator)} has not submitted their scores")
    if missing:
        return missing
    waiting = [r for r in moderation_sheet(tender) if r.consensus is None]
    if waiting:
        missing.append(f"{len(waiting)} consensus score{'s' if len(waiting) != 1 else ''} to agree")
    return missing


def all_submitted(tender: Tender) -> bool:
    cleared = cleared_panel(tender)
    undeclared = any(a.declared_at is None for a in panel(tender))
    return bool(cleared) and not undeclared and all(a.scores_submitted_at for a in cleared)


# Prices and results -----------------------------------------------------------------------


def prices_may_open(tender: Tender) -> str | None:
    """Why prices cannot be opened now, or None when they can: the guards of the tender's
    ``open_prices`` move, in words."""
    return refusal(tender.open_prices)


def flag_settings(tender: Tender) -> ev.FlagSettings:
    return ev.FlagSettings(
        abnormally_low_share=tender.abnormally_low_share,
        pre_tender_estimate=tender.estimated_value,
        commitments_share=tender.commitments_share,
        past_delivery_threshold=tender.past_delivery_threshold,
    )


def domain_bids(tender: Tender) -> list[ev.Bid]:
    """The tender's submitted bids as the scoring rules take them: price, consensus scores,
    commitments and own proposals (with any agreed unit value). Needs prices open."""
    if tender.prices_opened_at is None:
        raise DomainError(
            "Prices are not open yet, so the bids cannot be scored", code="scoring.prices_not_open"
        )
    bids = list(submitted_bids(tender).prefetch_related("commitments__measure", "own_proposals"))
    names = bidder_names(bids)
    consensus: dict[int, dict[str, Decimal]] = {}
    for c in ConsensusScore.objects.filter(bid__in=bids).select_related("criterion"):
        consensus.setdefault(c.bid_id, {})[c.criterion.code] = c.score
    result = []
    for bid in bids:
        if sealing.bid_is_sealed(bid):
            raise DomainError(f"{names[bid.pk]}'s bid is still sealed", code="scoring.bid_sealed")
        result.append(
            ev.Bid(
                bidder=names[bid.pk],
                price=bid.price or Decimal(0),
                scores=consensus.get(bid.pk, {}),
                commitments=tuple(_commitment(c) for c in bid.commitments.all()),
                own_proposals=tuple(_proposal(p) for p in bid.own_proposals.all()),
            )
        )
    return result


def past_delivery(bids: Sequence[Bid], names: dict[int, str]) -> dict[str, Decimal]:
    """Bidder -> delivered share of past social value commitments on our contracts."""
    try:
        from socialvalue.contracts.selectors import supplier_delivery_record
    except ImportError:  # the contracts app may not provide it yet
        return {}
    record = supplier_delivery_record([b.supplier_id for b in bids])
    return {names[b.pk]: record[b.supplier_id] for b in bids if b.supplier_id in record}


@dataclass
class FlagRow:
    flag: ev.Flag
    bid: Bid
    slug: str
    answer: FlagAnswer | None
    locked: bool = False  # the tender is awarded: the flags are those answered before award

    @property
    def answered(self) -> bool:
        # Before award an answer counts only for the flag as it stands: if the figures behind
        # it change, the flag must be answered again.
        if self.answer is None:
            return False
        return self.locked or self.answer.message == self.message

    @property
    def message(self) -> str:
        return self.flag.message


@dataclass
class TenderResults:
    evaluation: ev.Evaluation | None
    errors: list[str] = field(default_factory=list)
    bids: dict[str, Bid] = field(default_factory=dict)  # bidder name -> bid
    flags: list[FlagRow] = field(default_factory=list)

    @property
    def unanswered(self) -> list[FlagRow]:
        return [f for f in self.flags if not f.answered]

    @property
    def top(self) -> Bid | None:
        if self.evaluation is None or not self.evaluation.ranked:
            return None
        return self.bids[self.evaluation.ranked[0].bidder]

    def bid_of(self, result: ev.BidResult) -> Bid:
        return self.bids[result.bidder]


def tender_results(tender: Tender) -> TenderResults:
    """The domain's evaluation of the tender, its flags grouped per bid and kind with their
    answers. ``errors`` lists why it cannot be scored (e.g. a missing consensus score)."""
    try:
        bids = domain_bids(tender)
    except DomainError as error:
        return TenderResults(None, [error.message])
    rows = {b.pk: b for b in submitted_bids(tender)}
    names = bidder_names(rows.values())
    by_name = {names[pk]: bid for pk, bid in rows.items()}
    try:
        evaluation = ev.evaluate(
            tender_model(tender),
            bids,
            tender_proxies(tender),
            settings=flag_settings(tender),
            past_delivery=past_delivery(list(rows.values()), names),
            targets=tender_targets(tender),
        )
    except ev.InvalidTender as error:
        return TenderResults(None, [str(e) for e in error.errors], by_name)
    answers = {(a.bid_id, a.kind): a for a in FlagAnswer.objects.filter(tender=tender)}
    flags = _flag_rows(evaluation, by_name, answers)
    if tender.scores_locked:
        # Delivery records keep changing after award; the award's flags are the answered ones.
        flags = [replace(f, locked=True) for f in flags if f.answer is not None]
    return TenderResults(evaluation, [], by_name, flags)


def _flag_rows(evaluation: ev.Evaluation, bids: dict[str, Bid], answers: dict) -> list[FlagRow]:
    """One row per bid and kind (several own proposals of a bid make one flag to answer)."""
    grouped: dict[tuple[str, ev.FlagKind], list[ev.Flag]] = {}
    for flag in evaluation.flags:
        grouped.setdefault((flag.bidder, flag.kind), []).append(flag)
    rows = []
    for (bidder, kind), flags in grouped.items():
        bid = bids[bidder]
        merged = ev.Flag(bidder, kind, " ".join(f.message for f in flags))
        rows.append(FlagRow(merged, bid, kind.name.lower(), answers.get((bid.pk, kind.value))))
    return rows


def recommendation_blockers(tender: Tender, results: TenderResults) -> list[str]:
    """What must happen before an award can be recommended."""
    if tender.scores_locked:
        return ["The tender has been awarded"]
    if tender.prices_opened_at is None:
        return ["Prices are not open yet"]
    blockers = list(results.errors)
    if tender.moderation_completed_at is None:
        blockers.append("Quality moderation is not complete")
    if results.evaluation is not None and not results.evaluation.ranked:
        blockers.append("No bid is left in the competition")
    blockers += [f"Answer the flag for {f.flag.bidder}: {f.flag.kind}" for f in results.unanswered]
    return blockers


def tenders_in_evaluation() -> QuerySet[Tender]:
    """Published tenders past their deadline and not yet awarded (or cancelled)."""
    return Tender.objects.filter(
        published_at__isnull=False,
        deadline__lte=timezone.now(),
        awarded_at__isnull=True,
        status__in=[
            TenderStatus.PUBLISHED,
            TenderStatus.MODERATED,
            TenderStatus.PRICES_OPEN,
            TenderStatus.RECOMMENDED,
        ],
    ).order_by("deadline")
