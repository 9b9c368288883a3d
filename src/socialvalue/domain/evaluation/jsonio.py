"""Reading a tender from JSON and writing its results as JSON.

The format is documented in docs/tender-scoring.md. Numbers may be written as JSON numbers
or as strings ("60", "£1,250.00"); they are read as Decimal, never as binary floats. The
first problem found is reported with its JSON path, e.g. ``bids[2].price: "12,x" is not an
amount``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from socialvalue.domain.evaluation.flags import FlagSettings
from socialvalue.domain.evaluation.model import (
    DEFAULT_SCALE,
    PERCENT_SCALE,
    Criterion,
    CriterionKind,
    EvaluationModel,
    RuleBasis,
    Scale,
    SocialValueRule,
)
from socialvalue.domain.evaluation.price import (
    PriceDifference,
    PriceMethod,
    PricePerQualityPoint,
    RelativeToLowest,
    SetPriceBand,
    q2,
    q4,
)
from socialvalue.domain.evaluation.results import Bid, BidResult, Evaluation
from socialvalue.domain.evaluation.social_value import (
    AgainstTarget,
    Commitment,
    OwnProposal,
    RelativeToBest,
    SocialValueMethod,
)
from socialvalue.domain.money import AmountError, parse_amount

T = TypeVar("T")


class TenderJsonError(ValueError):
    """Input that cannot be read; the message starts with the JSON path of the problem."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True)
class Lot:
    """Everything needed to score one lot (or a tender without lots)."""

    reference: str
    title: str
    model: EvaluationModel
    bids: tuple[Bid, ...]
    proxies: Mapping[str, Decimal]
    settings: FlagSettings
    past_delivery: Mapping[str, Decimal]
    targets: Mapping[str, Decimal] = field(default_factory=dict)  # in the measures' units


@dataclass(frozen=True)
class Tender:
    reference: str
    title: str
    lots: tuple[Lot, ...]
    has_lots: bool  # False: the JSON described one evaluation at the top level


# --- reading values ------------------------------------------------------------------


def _shown(raw: object) -> str:
    """The value as it was written in the JSON (true, "12,x", 12.5)."""
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, dict | list):
        return "an object" if isinstance(raw, dict) else "a list"
    return json.dumps(raw)


def _object(raw: object, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise TenderJsonError(path, f"expected an object {{...}}, found {_shown(raw)}")
    return raw


def _list(raw: object, path: str) -> list[Any]:
    if not isinstance(raw, list):
        raise TenderJsonError(path, f"expected a list [...], found {_shown(raw)}")
    return raw


def _text(raw: object, path: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise TenderJsonError(path, f"expected some text, found {_shown(raw)}")
    return raw.strip()


def _number(raw: object, path: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | str):
        raise TenderJsonError(path, f"{_shown(raw)} is not a number")
    try:
        value = Decimal(raw.strip() if isinstance(raw, str) else raw)
    except InvalidOperation:
        raise TenderJsonError(path, f"{_shown(raw)} is not a number") from None
    if not value.is_finite():
        raise TenderJsonError(path, f"{_shown(raw)} is not a number")
    return value


def _label(raw: object, path: str) -> str:
    """A name or number used as a label ("lot": 2 or "lot": "2a")."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return _text(raw, path)


def _amount(raw: object, path: str) -> Decimal:
    if not isinstance(raw, str | int | float | Decimal):
        raise TenderJsonError(path, f"{_shown(raw)} is not an amount")
    try:
        return parse_amount(raw)
    except AmountError:
        raise TenderJsonError(path, f"{_shown(raw)} is not an amount") from None


def _integer(raw: object, path: str) -> int:
    value = _number(raw, path)
    if value != value.to_integral_value():
        raise TenderJsonError(path, f"{_shown(raw)} is not a whole number")
    return int(value)


def _get(data: Mapping[str, Any], key: str, path: str, read: Callable[[object, str], T]) -> T:
    where = f"{path}.{key}" if path else key
    if key not in data:
        raise TenderJsonError(where, "required, but missing")
    return read(data[key], where)


def _optional(
    data: Mapping[str, Any], key: str, path: str, read: Callable[[object, str], T], default: T
) -> T:
    if data.get(key) is None:
        return default
    return _get(data, key, path, read)


def _choice(raw: object, path: str, choices: Mapping[str, T]) -> T:
    if not isinstance(raw, str) or raw not in choices:
        allowed = ", ".join(json.dumps(c) for c in choices)
        raise TenderJsonError(path, f"{_shown(raw)} is not one of {allowed}")
    return choices[raw]


# --- reading the model ---------------------------------------------------------------

_KINDS = {
    "quality": CriterionKind.QUALITY,
    "social_value_qualitative": CriterionKind.SV_QUALITATIVE,
    "social_value_quantitative": CriterionKind.SV_QUANTITATIVE,
}
_BASES = {"quality": RuleBasis.QUALITY, "total": RuleBasis.TOTAL}
_NAMED_SCALES = {"0-5": DEFAULT_SCALE, "0-100": PERCENT_SCALE}


def _scale(raw: object, path: str) -> Scale:
    if isinstance(raw, str):
        return _choice(raw, path, _NAMED_SCALES)
    data = _object(raw, path)
    descriptors: dict[str, Any] = _optional(data, "descriptors", path, _object, {})
    return Scale(
        minimum=_optional(data, "minimum", path, _number, Decimal(0)),
        maximum=_get(data, "maximum", path, _number),
        step=_optional(data, "step", path, _number, Decimal(1)),
        descriptors=tuple(
            sorted(
                (
                    _number(key, f"{path}.descriptors"),
                    _text(text, f"{path}.descriptors.{key}"),
                )
                for key, text in descriptors.items()
            )
        ),
    )


def _price_method(raw: object, path: str) -> PriceMethod:
    data = _object(raw, path)
    build = _get(data, "method", path, lambda r, p: _choice(r, p, _PRICE))
    return build(data, path)


_PRICE: dict[str, Callable[[dict[str, Any], str], PriceMethod]] = {
    "relative": lambda d, p: RelativeToLowest(),
    "price_difference": lambda d, p: PriceDifference(_optional(d, "deduction", p, _number, None)),
    "set_band": lambda d, p: SetPriceBand(
        _get(d, "lowest", p, _amount), _get(d, "highest", p, _amount)
    ),
    "price_per_quality_point": lambda d, p: PricePerQualityPoint(),
}

_SV: dict[str, Callable[[dict[str, Any], str], SocialValueMethod]] = {
    "relative_to_best": lambda d, p: RelativeToBest(),
    "target": lambda d, p: AgainstTarget(
        _optional(d, "target_per_pound", p, _number, Decimal("0.50"))
    ),
}


def _sv_method(raw: object, path: str) -> SocialValueMethod:
    data = _object(raw, path)
    build = _get(data, "method", path, lambda r, p: _choice(r, p, _SV))
    return build(data, path)


def _criterion(raw: object, path: str, default_scale: Scale) -> Criterion:
    data = _object(raw, path)
    return Criterion(
        code=_get(data, "code", path, _text),
        title=_optional(data, "title", path, _text, ""),
        weight=_get(data, "weight", path, _number),
        kind=_optional(
            data, "kind", path, lambda r, p: _choice(r, p, _KINDS), CriterionKind.QUALITY
        ),
        scale=_optional(data, "scale", path, _scale, default_scale),
        pass_mark=_optional(data, "pass_mark", path, _number, None),
        sv_method=_optional(data, "method", path, _sv_method, None),
    )


def _model(data: dict[str, Any], path: str) -> EvaluationModel:
    weights = _get(data, "weights", path, _object)
    wpath = f"{path}.weights" if path else "weights"
    default_scale = _optional(data, "scale", path, _scale, DEFAULT_SCALE)
    criteria_path = f"{path}.criteria" if path else "criteria"
    criteria = _get(data, "criteria", path, _list)
    sv: dict[str, Any] = _optional(data, "social_value", path, _object, {})
    svpath = f"{path}.social_value" if path else "social_value"
    return EvaluationModel(
        price_weight=_get(weights, "price", wpath, _number),
        quality_weight=_get(weights, "quality", wpath, _number),
        price_method=_get(data, "price_method", path, _price_method),
        criteria=tuple(
            _criterion(c, f"{criteria_path}[{i}]", default_scale) for i, c in enumerate(criteria)
        ),
        social_value_relevant=_optional(sv, "relevant", svpath, _boolean, True),
        rule=SocialValueRule(
            minimum=_optional(sv, "minimum_weighting", svpath, _number, Decimal("2.5")),
            basis=_optional(
                sv, "basis", svpath, lambda r, p: _choice(r, p, _BASES), RuleBasis.QUALITY
            ),
        ),
    )


def _boolean(raw: object, path: str) -> bool:
    if not isinstance(raw, bool):
        raise TenderJsonError(path, f"expected true or false, found {_shown(raw)}")
    return raw


# --- reading bids --------------------------------------------------------------------


def _commitment(raw: object, path: str) -> Commitment:
    data = _object(raw, path)
    return Commitment(
        measure=_get(data, "measure", path, _text),
        quantity=_get(data, "quantity", path, _number),
        year=_optional(data, "year", path, _integer, 1),
    )


def _own_proposal(raw: object, path: str) -> OwnProposal:
    data = _object(raw, path)
    return OwnProposal(
        description=_get(data, "description", path, _text),
        quantity=_get(data, "quantity", path, _number),
        agreed_unit_value=_optional(data, "agreed_unit_value", path, _amount, None),
        agreed_reason=_optional(data, "agreed_reason", path, _text, None),
    )


def _bid(raw: object, path: str) -> Bid:
    data = _object(raw, path)
    scores: dict[str, Any] = _optional(data, "scores", path, _object, {})
    commitments: list[Any] = _optional(data, "commitments", path, _list, [])
    proposals: list[Any] = _optional(data, "own_proposals", path, _list, [])
    return Bid(
        bidder=_get(data, "bidder", path, _text),
        price=_get(data, "price", path, _amount),
        scores={code: _number(score, f"{path}.scores.{code}") for code, score in scores.items()},
        commitments=tuple(
            _commitment(c, f"{path}.commitments[{i}]") for i, c in enumerate(commitments)
        ),
        own_proposals=tuple(
            _own_proposal(p, f"{path}.own_proposals[{i}]") for i, p in enumerate(proposals)
        ),
    )


def _settings(raw: object, path: str) -> FlagSettings:
    data = _object(raw, path)
    default = FlagSettings()
    return FlagSettings(
        abnormally_low_share=_optional(
            data, "abnormally_low_share", path, _number, default.abnormally_low_share
        ),
        pre_tender_estimate=_optional(data, "pre_tender_estimate", path, _amount, None),
        commitments_share=_optional(
            data, "commitments_share", path, _number, default.commitments_share
        ),
        past_delivery_threshold=_optional(
            data, "past_delivery_threshold", path, _number, default.past_delivery_threshold
        ),
    )


def _shares(raw: object, path: str) -> dict[str, Decimal]:
    return {k: _number(v, f"{path}.{k}") for k, v in _object(raw, path).items()}


def _proxies(raw: object, path: str) -> dict[str, Decimal]:
    return {k: _amount(v, f"{path}.{k}") for k, v in _object(raw, path).items()}


@dataclass(frozen=True)
class _Inherited:
    """What a lot takes from the tender unless it says otherwise."""

    reference: str
    title: str
    proxies: dict[str, Decimal]
    settings: FlagSettings
    past: dict[str, Decimal]
    targets: dict[str, Decimal]


def _lot(data: dict[str, Any], path: str, inherited: _Inherited) -> Lot:
    bids = _get(data, "bids", path, _list)
    bids_path = f"{path}.bids" if path else "bids"
    return Lot(
        reference=_optional(data, "lot", path, _label, inherited.reference),
        title=_optional(data, "title", path, _text, inherited.title),
        model=_model(data, path),
        bids=tuple(_bid(b, f"{bids_path}[{i}]") for i, b in enumerate(bids)),
        proxies=_optional(data, "proxies", path, _proxies, inherited.proxies),
        settings=_optional(data, "flags", path, _settings, inherited.settings),
        past_delivery=_optional(data, "past_delivery", path, _shares, inherited.past),
        targets=_optional(data, "targets", path, _shares, inherited.targets),
    )


def tender_from_json(raw: object) -> Tender:
    """Build a tender from decoded JSON (decode with ``parse_float=Decimal``)."""
    data = _object(raw, "")
    inherited = _Inherited(
        reference=_optional(data, "reference", "", _text, "tender"),
        title=_optional(data, "title", "", _text, ""),
        proxies=_optional(data, "proxies", "", _proxies, {}),
        settings=_optional(data, "flags", "", _settings, FlagSettings()),
        past=_optional(data, "past_delivery", "", _shares, {}),
        targets=_optional(data, "targets", "", _shares, {}),
    )
    if "lots" in data:
        lots = _get(data, "lots", "", _list)
        return Tender(
            inherited.reference,
            inherited.title,
            tuple(
                _lot(_object(lot, f"lots[{i}]"), f"lots[{i}]", inherited)
                for i, lot in enumerate(lots)
            ),
            has_lots=True,
        )
    return Tender(
        inherited.reference, inherited.title, (_lot(data, "", inherited),), has_lots=False
    )


def loads(text: str) -> Tender:
    """Parse JSON text into a tender, numbers as Decimal."""
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise TenderJsonError(
            "", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    return tender_from_json(raw)


# --- writing results -----------------------------------------------------------------


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(q2(value))


def bid_result_json(r: BidResult) -> dict[str, Any]:
    """One bid's result: 4-place strings for checking, ``shown`` at 2 places for reports."""
    return {
        "bidder": r.bidder,
        "rank": r.rank,
        "price": str(r.price),
        "price_score": _d(r.price_score),
        "quality_score": _d(r.quality_score),
        "social_value_score": _d(r.social_value_score),
        "total": _d(r.total),
        "shown": {
            "price_score": _s(r.price_score),
            "quality_score": _s(r.quality_score),
            "social_value_score": _s(r.social_value_score),
            "total": _s(r.total),
        },
        "criteria": {c.code: {"score": _d(c.score), "marks": _d(c.marks)} for c in r.criteria},
        "social_value_pounds": str(r.social_value_pounds),
        "social_value_per_pound": str(r.social_value_per_pound),
        "price_per_quality_point": _d(r.price_per_quality_point),
        "excluded_reason": r.excluded_reason,
        "awaiting_agreement": list(r.awaiting_agreement),
        "units": {
            u.measure: {
                "committed": str(u.committed),
                "target": str(u.target),
                "share": _d(q4(u.share)),
            }
            for u in r.units
        },
    }


def evaluation_json(lot: Lot, evaluation: Evaluation) -> dict[str, Any]:
    """The results of one lot as JSON-ready data."""
    m = lot.model
    return {
        "model": {
            "price_weight": str(m.price_weight),
            "quality_weight": str(m.quality_weight),
            "price_method": m.price_method.name,
            "social_value_share_of_quality": str(q2(evaluation.social_value_share_of_quality)),
            "social_value_share_of_total": str(q2(evaluation.social_value_share_of_total)),
            "formulas": dict(evaluation.formulas),
            "tie_break": evaluation.tie_break,
        },
        "results": [bid_result_json(r) for r in evaluation.results],
        "flags": [
            {"bidder": f.bidder, "kind": str(f.kind), "message": f.message}
            for f in evaluation.flags
        ],
    }


def tender_results_json(tender: Tender, evaluations: tuple[Evaluation, ...]) -> dict[str, Any]:
    """The whole tender's results; lots nest under ``lots`` when the input had them."""
    head: dict[str, Any] = {"reference": tender.reference, "title": tender.title}
    if not tender.has_lots:
        return head | evaluation_json(tender.lots[0], evaluations[0])
    head["lots"] = [
        {"lot": lot.reference, "title": lot.title} | evaluation_json(lot, ev)
        for lot, ev in zip(tender.lots, evaluations, strict=True)
    ]
    return head
