"""``socialvalue tender score TENDER.json``: score a tender described in JSON.

Pure: reads a file (or ``-`` for standard input), prints results as JSON on standard output
and problems on standard error. The Django management command passes its arguments here.

Exit codes: 0 scored; 1 the model or bids break a rule (every problem is listed);
2 the input cannot be read (the message names the JSON path of the first problem).
"""

from __future__ import annotations

import argparse
import json
import sys

from socialvalue.domain.evaluation.jsonio import TenderJsonError, loads, tender_results_json
from socialvalue.domain.evaluation.results import InvalidTender, evaluate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialvalue tender score",
        description="Score a tender's bids from a JSON file and print the results as JSON.",
    )
    parser.add_argument("path", help="the tender JSON file, or - to read standard input")
    parser.add_argument("--indent", type=int, default=2, help="JSON indent (default 2)")
    return parser


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def main(argv: list[str]) -> int:
    """Run the command with ``argv`` (the arguments after ``tender score``); return the exit
    code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its usage message
        return int(exc.code or 0)
    try:
        tender = loads(_read(args.path))
    except OSError as exc:
        print(f"cannot read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    except TenderJsonError as exc:
        print(f"{args.path}: {exc}", file=sys.stderr)
        return 2
    evaluations = []
    for lot in tender.lots:
        try:
            evaluations.append(
                evaluate(
                    lot.model,
                    lot.bids,
                    lot.proxies,
                    settings=lot.settings,
                    past_delivery=lot.past_delivery,
                    targets=lot.targets,
                )
            )
        except InvalidTender as exc:
            where = f"lot {lot.reference}: " if tender.has_lots else ""
            for error in exc.errors:
                print(f"{where}{error}", file=sys.stderr)
            return 1
    output = tender_results_json(tender, tuple(evaluations))
    print(json.dumps(output, indent=args.indent, ensure_ascii=False))
    return 0
