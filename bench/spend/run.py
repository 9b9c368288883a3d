"""Benchmark ``spend analyse`` against pandas and a hand-written DuckDB query.

    python bench/spend/run.py --lines 1000000 --lines 10000000

Each contender runs as its own child process; wall time from the parent, peak memory
is the child's maximum resident set size from ``os.wait4`` (the RUSAGE_CHILDREN figure
for that one child). Data goes to /tmp/spend-bench, never into the repository.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
TARGET_VS_FLOOR = 1.5
TARGET_VS_PANDAS = 10.0
TARGET_MEMORY_MB = 2048


def run_child(argv: list[str]) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB, exit status, CPU seconds) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        print(f"  {' '.join(argv[:4])} failed:\n{stderr[-2000:]}", file=sys.stderr)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def contenders(payments: Path, register: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "spend analyse": [
            py,
            "-m",
            "socialvalue.analytics.cli",
            "analyse",
            str(payments),
            "--suppliers",
            str(register),
            "--format",
            "json",
        ],
        "hand-written query": [
            py,
            str(HERE / "handwritten_query.py"),
            str(payments),
            str(register),
        ],
        "pandas": [py, str(HERE / "pandas_baseline.py"), str(payments), str(register)],
    }


def bench(lines: int, out_dir: Path, skip_pandas: bool, repeat: int = 1) -> list[tuple]:
    print(f"generating {lines:,} lines ...", flush=True)
    payments, register = generate(lines, out_dir)
    results = []
    timings: dict[str, list[tuple[float, float, int, float]]] = {}
    # Contenders take turns, so a busy spell on the machine hits them alike.
    for _ in range(repeat):
        for name, argv in contenders(payments, register).items():
            if skip_pandas and name == "pandas":
                continue
            timings.setdefault(name, []).append(run_child(argv))
    for name, runs in timings.items():
        best = min(runs)  # best wall time of the repeats
        mb = max(r[1] for r in runs)
        status = max(r[2] for r in runs)
        cpu = min(r[3] for r in runs)
        results.append((lines, name, best[0], lines / best[0], mb, status, cpu))
        print(
            f"  {name:<20} {best[0]:8.1f} s {lines / best[0]:12,.0f} rows/s {mb:8.0f} MB "
            f"{cpu:8.1f} CPU s",
            flush=True,
        )
    return results


def report(results: list[tuple]) -> None:
    print("\n| lines | contender | wall s | rows/s | peak MB | CPU s | exit |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for lines, name, seconds, rate, mb, status, cpu in results:
        print(
            f"| {lines:,} | {name} | {seconds:.1f} | {rate:,.0f} | {mb:,.0f} | {cpu:.1f} "
            f"| {status} |"
        )
    for lines in sorted({r[0] for r in results}):
        by = {r[1]: r for r in results if r[0] == lines}
        ours = by["spend analyse"]
        floor = by["hand-written query"][2]
        line = f"\n{lines:,} lines: {ours[2] / floor:.2f}x the hand-written query "
        line += f"(target <= {TARGET_VS_FLOOR}x)"
        if "pandas" in by:
            line += f", {by['pandas'][2] / ours[2]:.1f}x faster than pandas "
            line += f"(target >= {TARGET_VS_PANDAS}x)"
        line += f", peak {ours[4]:,.0f} MB (target < {TARGET_MEMORY_MB} MB)"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, action="append")
    parser.add_argument("--out", type=Path, default=Path("/tmp/spend-bench"))
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="best wall time of N runs")
    args = parser.parse_args()
    results = []
    for lines in args.lines or [1_000_000]:
        results.extend(bench(lines, args.out, args.skip_pandas, args.repeat))
    report(results)


if __name__ == "__main__":
    main()
