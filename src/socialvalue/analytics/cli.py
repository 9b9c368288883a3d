"""``spend analyse FILES...``: spend figures for payment files without importing them.

The Django ``socialvalue spend`` management command calls ``main`` with its arguments;
``spend import`` (saving payments) belongs to the web layer.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

import duckdb

from socialvalue.analytics.engine import AnalysisOptions, UnreadableLines, analyse, load_files
from socialvalue.analytics.figures import SpendFigures
from socialvalue.analytics.reader import PaymentFileError
from socialvalue.analytics.suppliers_file import SupplierFileError, read_supplier_register
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.money import format_gbp, share
from socialvalue.domain.place_coverage import PlaceBasis, place_share_text
from socialvalue.domain.spreadsheet import write_csv

_AMOUNT = re.compile(r"-?\d+(\.\d+)?")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spend", description="Analyse published spend files.")
    commands = parser.add_subparsers(dest="command", required=True)
    analyse_cmd = commands.add_parser("analyse", help="figures for payment files (CSV, XLSX)")
    analyse_cmd.add_argument("files", nargs="+", type=Path)
    analyse_cmd.add_argument("--suppliers", type=Path, help="supplier register CSV")
    analyse_cmd.add_argument("--year", help="one financial year, e.g. 2023-24")
    analyse_cmd.add_argument("--format", choices=("json", "csv", "table"), default="table")
    analyse_cmd.add_argument(
        "--lenient", action="store_true", help="report unreadable lines and analyse the rest"
    )
    analyse_cmd.add_argument(
        "--include-public-bodies",
        action="store_true",
        help="count spend with public bodies as influenceable",
    )
    analyse_cmd.add_argument("--top", type=int, default=10)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 bad input, 2 bad usage)."""
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        figures, problems = _run(args)
    except (PaymentFileError, SupplierFileError, ValueError, OSError) as exc:
        print(f"spend analyse: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    _write(figures, args.format, out)
    return 0


def _run(args: argparse.Namespace) -> tuple[SpendFigures, list[str]]:
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise ValueError(f"no such file: {', '.join(missing)}")
    year = FinancialYear.parse(args.year) if args.year else None
    register = read_supplier_register(args.suppliers) if args.suppliers else None
    options = AnalysisOptions(
        year=year, top=args.top, exclude_public_bodies=not args.include_public_bodies
    )
    con = duckdb.connect()
    try:
        try:
            # Fast: big CSVs are parsed by DuckDB as the figures are computed.
            loaded = load_files(con, args.files, lenient=args.lenient, materialise=False)
            figures = analyse(con, register, options)
        except (UnreadableLines, duckdb.Error):
            # Some line needs the careful reader, which also says what is wrong with it.
            loaded = load_files(con, args.files, lenient=args.lenient, materialise=True)
            figures = analyse(con, register, options)
    finally:
        con.close()
    if figures.lines == 0:
        problems = "".join(f"\n{e}" for e in loaded.errors[:20])
        raise ValueError(f"no readable payment lines in the files given{problems}")
    return figures, [str(e) for e in loaded.errors]


def _write(figures: SpendFigures, fmt: str, out: TextIO) -> None:
    data = figures.to_dict()
    if fmt == "json":
        json.dump(data, out, indent=2)
        out.write("\n")
    elif fmt == "csv":
        _write_csv(figures, out)
    else:
        _write_table(figures, out)


def _write_csv(figures: SpendFigures, out: TextIO) -> None:
    """One row per year, month and category: the figures a spreadsheet user wants, through
    the service's one CSV writer (a category from a payment file cannot start a formula)."""
    rows = figures.period_rows()
    if not rows:
        return
    header = list(rows[0])
    write_csv([header, *([_number(row[key]) for key in header] for row in rows)], out)


def _number(value: object) -> object:
    """Money is text in the JSON (exact); in the CSV it is a number again, credits included."""
    if isinstance(value, str) and _AMOUNT.fullmatch(value):
        return Decimal(value)
    return value


def _write_table(f: SpendFigures, out: TextIO) -> None:
    def pct(value: Decimal | None) -> str:
        return "-" if value is None else f"{float(value) * 100:.1f}%"

    out.write(f"{f.lines} lines, {f.negatives} credits, {f.first_date} to {f.last_date}\n")
    out.write(
        f"Total {format_gbp(f.total)}; influenceable {format_gbp(f.influenceable)}; "
        f"{f.suppliers} suppliers\n\n"
    )
    out.write(
        f"{'year':<9}{'total':>18}{'influenceable':>18}{'local':>8}{'NW':>8}"
        f"{'SME':>8}{'VCSE':>8}{'LM3':>6}\n"
    )
    lm3 = {x.year: x.lm3 for x in f.lm3}
    for y in f.years:
        # A place share resting on too little is not a figure: its range is given below.
        reliable = y.place_coverage.reliable
        local = pct(y.force_area_share) if reliable else "range"
        region = pct(y.north_west_share) if reliable else "range"
        sme = pct(y.sme_share) if y.size_coverage.reliable else "range"
        out.write(
            f"{y.year:<9}{format_gbp(y.total):>18}{format_gbp(y.influenceable):>18}"
            f"{local:>8}{region:>8}"
            f"{sme:>8}{pct(y.vcse_share):>8}{str(lm3.get(y.year, '-')):>6}\n"
        )
    _write_coverage(f, out)
    out.write("\nTop suppliers\n")
    for s in f.top_suppliers:
        out.write(f"  {format_gbp(s.total):>16}  {s.supplier}\n")
    for note in f.notes:
        out.write(f"\nNote: {note}")
    out.write("\n")


def _write_coverage(f: SpendFigures, out: TextIO) -> None:
    """How the places were decided, and each year's place shares that rest on too little."""
    coverage = f.place_coverage()
    out.write("\nHow places were decided (of influenceable spend)\n")
    for basis in PlaceBasis:
        amount = coverage.amount(basis)
        fraction = place_share_text(share(amount, coverage.whole), None)
        out.write(f"  {basis.label:<38}{format_gbp(amount):>18}{fraction:>8}\n")
    out.write(f"  {coverage.caveat()}\n")
    for y in f.years:
        if not y.place_coverage.reliable:
            out.write(
                f"  {y.year}: force area {y.force_area_share_text}; "
                f"North West {y.north_west_share_text}\n"
            )
        if not y.size_coverage.reliable:
            out.write(f"  {y.year}: SME {y.share_text('sme')} (size not known for too much)\n")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
