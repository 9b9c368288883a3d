"""Benchmark: score 500 bids x 20 criteria x 5 evaluators with the domain code.

    .venv/bin/python bench/evaluation/run.py [--bids 500] [--repeat 3] [--seed 2026]

Times three things on the same seeded data and prints the figures:

1. the domain code (Decimal): moderation check + median consensus for every bid-criterion,
   then ``evaluate`` (scores, ranking, flags);
2. the same domain code on the first 50 bids, scaled x10 (is the work linear?);
3. a naive float implementation of the same arithmetic (the floor: what exactness costs),
   and whether its ranking agrees with the Decimal one.

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal

from socialvalue.domain.evaluation import (
    DEFAULT_SCALE,
    AgainstTarget,
    Bid,
    Commitment,
    Criterion,
    CriterionKind,
    EvaluationModel,
    RelativeToLowest,
    consensus_median,
    evaluate,
    needs_moderation,
)

EVALUATORS = [f"Evaluator {i}" for i in range(1, 6)]
SCALE_CRITERIA = 20
PROXIES = {
    f"M{i:02d}": Decimal(f"{random.Random(i).randint(500, 50000) / 100:.2f}") for i in range(1, 11)
}


def build_model() -> EvaluationModel:
    """18 quality criteria at 5% of quality, two method statements (3% and 2%) and one
    commitments criterion (5%, 50p target): 20 criteria scored by evaluators, 100% in all."""
    criteria = [Criterion(f"Q{i:02d}", f"Quality {i}", Decimal(5)) for i in range(1, 19)]
    criteria += [
        Criterion("SV1", "Method statement", Decimal(3), CriterionKind.SV_QUALITATIVE),
        Criterion("SV2", "Supply chain", Decimal(2), CriterionKind.SV_QUALITATIVE),
        Criterion(
            "SV3",
            "Commitments",
            Decimal(5),
            CriterionKind.SV_QUANTITATIVE,
            sv_method=AgainstTarget(),
        ),
    ]
    return EvaluationModel(Decimal(60), Decimal(40), RelativeToLowest(), tuple(criteria))


def generate(bids: int, seed: int) -> list[dict]:
    """Seeded raw bids: a price, 5 evaluators' scores per scale criterion, commitments."""
    rnd = random.Random(seed)
    codes = [f"Q{i:02d}" for i in range(1, 19)] + ["SV1", "SV2"]
    raw = []
    for i in range(bids):
        centre = rnd.randint(1, 4)  # evaluators cluster around a bid's real quality
        raw.append(
            {
                "bidder": f"Bidder {i:04d}",
                "price": Decimal(rnd.randint(15_000_000, 40_000_000)) / 100,
                "evaluations": {
                    code: {e: max(0, min(5, centre + _spread(rnd))) for e in EVALUATORS}
                    for code in codes
                },
                "commitments": [
                    (rnd.choice(sorted(PROXIES)), rnd.randint(0, 200)) for _ in range(4)
                ],
            }
        )
    return raw


def _spread(rnd: random.Random) -> int:
    """Most evaluators agree; one in ten is a point out and one in fifty two points."""
    roll = rnd.random()
    if roll < 0.02:
        return 2
    if roll < 0.12:
        return rnd.choice((-1, 1))
    return 0


def moderate(raw: list[dict]) -> tuple[list[dict[str, Decimal]], int]:
    """The moderation step alone: flag wide spreads, take the median as consensus."""
    consensus, flagged = [], 0
    for r in raw:
        agreed = {}
        for code, by_evaluator in r["evaluations"].items():
            scores = {e: Decimal(s) for e, s in by_evaluator.items()}
            if needs_moderation(scores, DEFAULT_SCALE):
                flagged += 1
            agreed[code] = consensus_median(list(scores.values()))
        consensus.append(agreed)
    return consensus, flagged


def score_with_domain(model: EvaluationModel, raw: list[dict]):
    """Moderation, consensus and final results, exactly as the web would run them."""
    consensus, flagged = moderate(raw)
    bids = []
    for r, agreed in zip(raw, consensus, strict=True):
        bids.append(
            Bid(
                r["bidder"],
                r["price"],
                agreed,
                tuple(Commitment(m, Decimal(q)) for m, q in r["commitments"]),
            )
        )
    return evaluate(model, bids, PROXIES), flagged


def score_with_floats(raw: list[dict]) -> dict[str, float]:
    """The same arithmetic in binary floats, without validation, rounding or flags."""
    weights = {f"Q{i:02d}": 5.0 for i in range(1, 19)} | {"SV1": 3.0, "SV2": 2.0}
    proxies = {k: float(v) for k, v in PROXIES.items()}
    lowest = min(float(r["price"]) for r in raw)
    totals = {}
    for r in raw:
        price = float(r["price"])
        quality = 0.0
        for code, by_evaluator in r["evaluations"].items():
            scores = sorted(by_evaluator.values())
            _ = scores[-1] - scores[0] >= 2  # the moderation check
            quality += 40 * weights[code] / 100 * statistics.median_low(scores) / 5
        sv = sum(q * proxies[m] for m, q in r["commitments"])
        quality += 40 * 5 / 100 * min(1.0, sv / price / 0.5)
        totals[r["bidder"]] = lowest / price * 60 + quality
    return totals


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    model = build_model()
    raw = generate(args.bids, args.seed)
    small = raw[: max(1, args.bids // 10)]
    scores = args.bids * SCALE_CRITERIA * len(EVALUATORS)
    print(
        f"{args.bids} bids x {SCALE_CRITERIA} criteria x {len(EVALUATORS)} evaluators "
        f"= {scores:,} evaluator scores (+1 commitments criterion, 4 commitments a bid)"
    )

    evaluation, flagged = score_with_domain(model, raw)
    floats = score_with_floats(raw)

    domain = best_of(args.repeat, lambda: score_with_domain(model, raw))
    domain_small = best_of(args.repeat, lambda: score_with_domain(model, small))
    naive = best_of(args.repeat, lambda: score_with_floats(raw))
    moderation = best_of(args.repeat, lambda: moderate(raw))

    float_order = sorted(floats, key=lambda b: -floats[b])
    decimal_order = [r.bidder for r in evaluation.ranked]
    print(f"moderation flags raised:           {flagged:,} of {args.bids * SCALE_CRITERIA:,}")
    print(f"domain code (Decimal), {args.bids} bids:   {domain * 1000:8.1f} ms")
    print(f"  of which moderation + consensus:  {moderation * 1000:8.1f} ms")
    print(
        f"domain code, {len(small)} bids x {args.bids // len(small)}:       "
        f"{domain_small * 1000 * args.bids / len(small):8.1f} ms  (scaled baseline)"
    )
    print(f"naive floats, {args.bids} bids:            {naive * 1000:8.1f} ms  (floor)")
    print(f"Decimal / float:                   {domain / naive:8.1f} x")
    print(f"top 10 identical in both:          {float_order[:10] == decimal_order[:10]}")
    print(
        f"largest |float - Decimal| total:   "
        f"{max(abs(floats[r.bidder] - float(r.total)) for r in evaluation.ranked):.6f}"
    )


if __name__ == "__main__":
    main()
