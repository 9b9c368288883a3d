"""Scoring every bid of a tender or lot: the one function the web, the CLI and the
benchmark all call.

Precision: every criterion's marks, the price score and the price per quality point are
rounded to 4 decimal places (half up) once, when computed; the quality score is the exact
sum of the rounded criterion marks and the total the exact sum of price and quality scores.
People see 2 decimal places (``q2``). The ranking uses the 4-place figures.

Order of work: scale scores -> pass marks (failing bids leave the competition) -> social
value per pound among the remaining bids -> price scores among the remaining bids (the
lowest price is the lowest REMAINING price) -> totals -> ranking -> flags.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from socialvalue.domain.evaluation.flags import Flag, FlagSettings, PricedBid, all_flags
from socialvalue.domain.evaluation.model import (
    CriterionKind,
    EvaluationModel,
    ModelError,
    validate_model,
)
from socialvalue.domain.evaluation.price import ZERO, PricePerQualityPoint, n
from socialvalue.domain.evaluation.quality import criterion_marks, criterion_marks_from_fraction
from socialvalue.domain.evaluation.social_value import (
    Commitment,
    OwnProposal,
    UnitResult,
    Valuation,
    combined_fraction,
    per_pound,
    unit_measures,
    unit_results,
    value_commitments,
)


@dataclass(frozen=True)
class Bid:
    """A bid as the panel left it: price, consensus scores and commitments."""

    bidder: str
    price: Decimal
    scores: Mapping[str, Decimal]  # criterion code -> consensus score on its scale
    commitments: tuple[Commitment, ...] = ()
    own_proposals: tuple[OwnProposal, ...] = ()


@dataclass(frozen=True)
class CriterionResult:
    code: str
    score: Decimal | None  # None for the commitments criterion (scored from pounds)
    marks: Decimal  # marks of the total score


@dataclass(frozen=True)
class BidResult:
    """One bid's scores. ``rank`` and ``total`` are None for an excluded bid.

    ``quality_score`` is the whole quality element INCLUDING social value;
    ``social_value_score`` is the part of it from social value criteria (not added again).
    ``price_score`` is None under price per quality point, which has no separate price score.
    """

    bidder: str
    price: Decimal
    criteria: tuple[CriterionResult, ...]
    quality_score: Decimal
    social_value_score: Decimal
    social_value_pounds: Decimal
    social_value_per_pound: Decimal
    price_score: Decimal | None = None
    total: Decimal | None = None
    rank: int | None = None
    price_per_quality_point: Decimal | None = None
    excluded_reason: str | None = None
    awaiting_agreement: tuple[str, ...] = ()
    units: tuple[UnitResult, ...] = ()  # commitments to target measures without a proxy

    @property
    def sort_key(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """Tie-break order: higher total, higher quality, higher social value, lower price."""
        return (-(self.total or ZERO), -self.quality_score, -self.social_value_score, self.price)


@dataclass(frozen=True)
class Evaluation:
    """Results in rank order (shared ranks by bidder name), then excluded bids by name."""

    results: tuple[BidResult, ...]
    flags: tuple[Flag, ...]
    formulas: Mapping[str, str]
    social_value_share_of_quality: Decimal
    social_value_share_of_total: Decimal
    tie_break: str = field(
        default="equal totals: higher quality score, then higher social value score, then "
        "lower price; if all are equal the bids share the rank"
    )

    @property
    def ranked(self) -> tuple[BidResult, ...]:
        return tuple(r for r in self.results if r.rank is not None)

    @property
    def excluded(self) -> tuple[BidResult, ...]:
        return tuple(r for r in self.results if r.rank is None)


class InvalidTender(ValueError):
    """The model or the bids cannot be scored; ``errors`` says where and why."""

    def __init__(self, errors: Sequence[ModelError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


def validate_bids(
    model: EvaluationModel,
    bids: Sequence[Bid],
    proxies: Mapping[str, Decimal],
    targets: Mapping[str, Decimal] | None = None,
) -> list[ModelError]:
    """Problems with the bids (missing or off-scale scores, unknown measures...).
    ``targets``: the buyer's target per measure code, in the measure's own units."""
    targets = targets or {}
    errors: list[ModelError] = [
        ModelError(f"target {code}", f"the target {n(target)} must be more than 0")
        for code, target in sorted(targets.items())
        if target <= 0
    ]
    seen: set[str] = set()
    scored = [c for c in model.criteria if c.is_scored_on_scale]
    codes = {c.code for c in model.criteria}
    for bid in bids:
        where = f"bid {bid.bidder}"
        if bid.bidder in seen:
            errors.append(ModelError(where, "the bidder appears more than once"))
        seen.add(bid.bidder)
        if bid.price <= 0:
            errors.append(ModelError(where, f"the price {bid.price} must be more than 0"))
        for c in scored:
            score = bid.scores.get(c.code)
            if score is None:
                errors.append(ModelError(f"{where}, {c.code}", "no consensus score"))
            elif not c.scale.allows(score):
                errors.append(
                    ModelError(
                        f"{where}, {c.code}", f"{n(score)} is not on the {c.scale.label} scale"
                    )
                )
        for code in sorted(set(bid.scores) - codes):
            errors.append(ModelError(f"{where}, {code}", "there is no criterion with this code"))
        for code in sorted(set(bid.scores) & codes - {c.code for c in scored}):
            errors.append(ModelError(f"{where}, {code}", "commitments are scored from their value"))
        errors += _commitment_errors(where, bid, proxies, targets)
    return errors


def _commitment_errors(
    where: str, bid: Bid, proxies: Mapping[str, Decimal], targets: Mapping[str, Decimal]
) -> list[ModelError]:
    errors = []
    for c in bid.commitments:
        if c.measure not in proxies and c.measure not in targets:
            errors.append(
                ModelError(where, f"measure {c.measure} has no frozen proxy value and no target")
            )
        if c.quantity < 0:
            errors.append(ModelError(where, f"measure {c.measure}: quantity {c.quantity} < 0"))
    for p in bid.own_proposals:
        if p.agreed_unit_value is not None and not p.agreed_reason:
            errors.append(
                ModelError(
                    where,
                    f"own proposal '{p.description}': give the reason for the agreed unit value",
                )
            )
    return errors


def evaluate(
    model: EvaluationModel,
    bids: Sequence[Bid],
    proxies: Mapping[str, Decimal],
    *,
    settings: FlagSettings | None = None,
    past_delivery: Mapping[str, Decimal] | None = None,
    targets: Mapping[str, Decimal] | None = None,
) -> Evaluation:
    """Score, rank and flag every bid. Raises ``InvalidTender`` listing every problem.

    ``targets`` (measure code -> target in the measure's own units) are the buyer's target
    measures: commitments to one without a proxy value are scored against its target."""
    targets = targets or {}
    errors = validate_model(model) + validate_bids(model, bids, proxies, targets)
    if errors:
        raise InvalidTender(errors)
    settings = settings or FlagSettings()
    units = unit_measures(targets, proxies)
    valuations = {
        b.bidder: value_commitments(
            [c for c in b.commitments if c.measure in proxies], b.own_proposals, proxies
        )
        for b in bids
    }
    draft = {
        b.bidder: replace(
            _score_scales(model, b, valuations[b.bidder]),
            units=unit_results(b.commitments, units),
        )
        for b in bids
    }
    in_play = [b for b in bids if draft[b.bidder].excluded_reason is None]
    draft = _score_commitments(model, in_play, draft)
    if model.price_method.divides_quality:
        draft = _price_per_quality_point(model, in_play, draft)
    else:
        draft = _price_and_total(model, in_play, draft)
    results = _rank(list(draft.values()))
    priced = [
        PricedBid(r.bidder, r.price, r.social_value_pounds, r.awaiting_agreement)
        for r in results
        if r.rank is not None
    ]
    return Evaluation(
        results=tuple(results),
        flags=tuple(all_flags(priced, past_delivery or {}, settings)),
        formulas=_formulas(model, tuple(sorted(units))),
        social_value_share_of_quality=model.social_value_share_of_quality,
        social_value_share_of_total=model.social_value_share_of_total,
    )


def _score_scales(model: EvaluationModel, bid: Bid, valuation: Valuation) -> BidResult:
    lines, failures = [], []
    for c in model.criteria:
        if not c.is_scored_on_scale:
            continue
        score = bid.scores[c.code]
        lines.append(CriterionResult(c.code, score, criterion_marks(model, c, score)))
        if c.pass_mark is not None and score < c.pass_mark:
            failures.append(
                f"{c.code} {c.title} scored {n(score)}, below the pass mark of {n(c.pass_mark)}"
            )
    return BidResult(
        bidder=bid.bidder,
        price=bid.price,
        criteria=tuple(lines),
        quality_score=sum((line.marks for line in lines), ZERO),
        social_value_score=_sv_marks(model, lines),
        social_value_pounds=valuation.total,
        social_value_per_pound=per_pound(valuation.total, bid.price),
        excluded_reason="; ".join(failures) or None,
        awaiting_agreement=valuation.awaiting_agreement,
    )


def _sv_marks(model: EvaluationModel, lines: Sequence[CriterionResult]) -> Decimal:
    sv_codes = {c.code for c in model.criteria if c.is_social_value}
    return sum((line.marks for line in lines if line.code in sv_codes), ZERO)


def _score_commitments(
    model: EvaluationModel, in_play: Sequence[Bid], draft: dict[str, BidResult]
) -> dict[str, BidResult]:
    """Add the commitments criterion, scored among the bids still in the competition."""
    quantitative = [c for c in model.criteria if c.kind == CriterionKind.SV_QUANTITATIVE]
    if not quantitative:
        return draft
    criterion = quantitative[0]
    assert criterion.sv_method is not None  # checked by validate_model
    fractions = criterion.sv_method.fractions(
        {b.bidder: draft[b.bidder].social_value_per_pound for b in in_play}
    )
    updated = dict(draft)
    for bidder, old in draft.items():
        # Excluded bids are shown with 0 for commitments: they were not compared.
        fraction = combined_fraction(fractions[bidder], old.units) if bidder in fractions else ZERO
        marks = criterion_marks_from_fraction(model, criterion, fraction)
        line = CriterionResult(criterion.code, None, marks)
        lines = tuple(sorted((*old.criteria, line), key=_criterion_order(model)))
        updated[bidder] = replace(
            old,
            criteria=lines,
            quality_score=old.quality_score + marks,
            social_value_score=old.social_value_score + marks,
        )
    return updated


def _criterion_order(model: EvaluationModel) -> Callable[[CriterionResult], int]:
    position = {c.code: i for i, c in enumerate(model.criteria)}
    return lambda line: position[line.code]


def _price_and_total(
    model: EvaluationModel, in_play: Sequence[Bid], draft: dict[str, BidResult]
) -> dict[str, BidResult]:
    prices = {b.bidder: b.price for b in in_play}
    price_scores = model.price_method.scores(prices, model.price_weight)
    updated = dict(draft)
    for bidder, score in price_scores.items():
        old = draft[bidder]
        updated[bidder] = replace(old, price_score=score, total=score + old.quality_score)
    return updated


def _price_per_quality_point(
    model: EvaluationModel, in_play: Sequence[Bid], draft: dict[str, BidResult]
) -> dict[str, BidResult]:
    method = model.price_method
    assert isinstance(method, PricePerQualityPoint)
    updated = dict(draft)
    per_point = {}
    for b in in_play:
        points = draft[b.bidder].quality_score
        if points <= 0:
            updated[b.bidder] = replace(
                draft[b.bidder],
                excluded_reason="no quality points, so there is no price per quality point",
            )
        else:
            per_point[b.bidder] = method.per_point(b.price, points)
    for bidder, total in method.totals(per_point).items():
        updated[bidder] = replace(
            draft[bidder], total=total, price_per_quality_point=per_point[bidder]
        )
    return updated


def _rank(results: list[BidResult]) -> list[BidResult]:
    """Competition ranking (1, 1, 3) on the tie-break key; excluded bids last, by name."""
    scored = sorted(
        (r for r in results if r.total is not None), key=lambda r: (r.sort_key, r.bidder)
    )
    ranked: list[BidResult] = []
    for position, result in enumerate(scored, start=1):
        tied = ranked and ranked[-1].sort_key == result.sort_key
        rank = ranked[-1].rank if tied else position
        ranked.append(replace(result, rank=rank))
    excluded = sorted((r for r in results if r.total is None), key=lambda r: r.bidder)
    return ranked + excluded


def _formulas(model: EvaluationModel, units: Sequence[str] = ()) -> dict[str, str]:
    """The written formulas; ``units``: codes of the target measures scored in units."""
    formulas = {"price": model.price_method.formula(model.price_weight)}
    for c in model.criteria:
        marks = model.marks(c)
        if c.sv_method is not None and units:
            parts = 1 + len(units)
            formulas[c.code] = (
                f"{c.code} marks = (pounds part + share of the target met for "
                f"{', '.join(units)}, each at most 1) / {parts} x {n(marks)}, the pounds part "
                f"(0 to 1) scored {c.sv_method.name} (social value per £1 of price)"
            )
        elif c.sv_method is not None:
            formulas[c.code] = f"{c.code} {c.sv_method.formula(marks)}"
        else:
            formulas[c.code] = (
                f"{c.code} marks = consensus score / {n(c.scale.maximum)} x {n(marks)}"
            )
    if not model.price_method.divides_quality:
        formulas["total"] = "total = price score + quality score (social value is inside quality)"
    return formulas
