"""Benchmark the stored side of spend: importing generated payment files into SQLite and
PostgreSQL, computing the figures snapshot, and the pages that read it.

    PYTHONPATH=src .venv/bin/python bench/spend/store.py --lines 1000000
    PYTHONPATH=src .venv/bin/python bench/spend/store.py --lines 10000000 --db postgres

For each database and file: a fresh database (SQLite file under --out; PostgreSQL database
``spendbench`` on DATABASE_URL's server, dropped and made again), migrated; then, each in
its own child process (wall time from the parent, peak memory = the child's max RSS):

* the floor: DuckDB just reading the file into a table (all columns as text);
* on PostgreSQL, a bare COPY: the rows the import would write, made beforehand as one CSV,
  copied into the payments table (with its indexes and foreign key) and rolled back; and the
  same rows into an unlogged table of the same columns with no index or constraint (the
  fastest PostgreSQL takes these rows in at all);
* ``socialvalue spend import FILE`` (the command line's import: streamed, bulk loaded);
* computing the figures snapshot (``spend.snapshots.figures_compute``);
* the pages, in one child with Django's test client: the figures page (/spend/, all years
  and one year), the public page (/transparency/) and the API's figures, ``--requests``
  times each after 3 warm-up requests: median, p95 and max.

Targets (issue 12): import of 10M lines into PostgreSQL within 5x the floor with a peak
under 1 GB; figures and public pages p95 under 300 ms with 10M payments stored.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
TARGET_IMPORT_VS_FLOOR = 5.0
TARGET_IMPORT_MB = 1024
TARGET_PAGE_P95_MS = 300

FLOOR = """
import sys, duckdb
con = duckdb.connect()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [sys.argv[1]])
"""
# PostgreSQL only: the same rows the import writes, made beforehand by DuckDB as one CSV
# (untimed), then a bare COPY of it into the payments table, timed, in a transaction rolled
# back. The least any import into this table, with its indexes and foreign key, can take.
BARE_COPY = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import connection, transaction
from socialvalue.spend.bulk import _ROWS_SQL, COLUMNS, FastLines
from socialvalue.spend.models import Payment, SpendImport
path = Path(sys.argv[1])
lines = FastLines.open(path)
assert lines is not None, "not a clean CSV for the fast path"
csv_path = Path(sys.argv[2])
lines._con.execute("SET memory_limit = '4GB'")  # one sort of every line (untimed)
lines._con.execute("SET enable_progress_bar = false")  # stdout carries the time only
with transaction.atomic():
    spend_import = SpendImport.objects.create(filename="bare copy", sha256="0" * 64)
    select = f"SELECT {spend_import.pk} AS spend_import_id, * FROM ({_ROWS_SQL})"
    params = {"file": path.name, "sha": "0" * 64, "first": 0, "stop": lines.count}
    lines._con.execute(f"COPY ({select}) TO '{csv_path}' (HEADER false, FORCE_QUOTE *)", params)
    table = connection.ops.quote_name(Payment._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)

    def timed_copy(into: str) -> float:
        start = time.perf_counter()
        with connection.cursor() as cursor, open(csv_path, "rb") as data:
            with cursor.cursor.copy(f"COPY {into} ({names}) FROM STDIN (FORMAT csv)") as copy:
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
        return time.perf_counter() - start

    # PostgreSQL's own floor: the same rows into a table of the same columns with no index,
    # no constraint and no write-ahead log (UNLOGGED), as fast as the server takes rows in
    # (the ids still drawn from a sequence, as in the table).
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNLOGGED TABLE bench_floor (LIKE {table} INCLUDING IDENTITY)")
    unindexed = timed_copy("bench_floor")
    print(timed_copy(table), unindexed)
    transaction.set_rollback(True)
# The rolled-back rows are dead tuples in the table and its indexes until vacuumed: the
# import timed next would pay for them.
with connection.cursor() as cursor:
    cursor.execute(f"VACUUM FULL {table}")
lines.close()
csv_path.unlink()
"""
COMPUTE = """
import django
django.setup()
from socialvalue.spend.snapshots import figures_compute
figures_compute()
"""
PAGES = """
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create
user = User.objects.filter(username="bench").first() or user_create(
    actor=None, username="bench", email="bench@example.org", role=Role.VIEWER
)
staff, public = Client(), Client()
staff.force_login(user)
year = sys.argv[2]
pages = {
    "figures page, every year (/spend/)": (staff, "/spend/"),
    f"figures page, {year}": (staff, f"/spend/?year={year}"),
    "public page (/transparency/)": (public, f"/transparency/?year={year}"),
    "API figures (/api/spend/figures/)": (staff, "/api/spend/figures/"),
}
out = {}
for name, (client, url) in pages.items():
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(int(sys.argv[1])):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    out[name] = {
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "max": times[-1],
    }
print(json.dumps(out))
"""


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one child process; exits on failure.

    Peak memory is the child's max RSS from ``os.wait4`` (that one child only)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=REPO)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            sys.exit(f"{' '.join(argv[:5])} failed:\n{err.read()[-3000:]}")
        return elapsed, usage.ru_maxrss / 1024, out.read()


def database_env(db: str, lines: int, out_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{REPO / 'src'}:{HERE}"
    env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    env["SOCIALVALUE_VAR_DIR"] = str(out_dir / "var")
    if db == "sqlite":
        path = out_dir / f"store-{lines}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as con:
            con.execute("DROP DATABASE IF EXISTS spendbench")
            con.execute("CREATE DATABASE spendbench")
        env["DATABASE_URL"] = f"{PG_SERVER}/spendbench"
    return env


def bench(lines: int, db: str, out_dir: Path, requests: int, floors_only: bool) -> dict:
    payments, _register = generate(lines, out_dir)
    env = database_env(db, lines, out_dir)
    py = sys.executable
    print(f"{lines:,} lines into {db}: migrate", flush=True)
    run_child([py, "-m", "django", "migrate", "-v0"], env)
    print("  DuckDB reads the file; import; snapshot; pages", flush=True)
    floor, floor_mb, _ = run_child([py, "-c", FLOOR, str(payments)], env)
    bare_copy = unindexed_copy = None
    if db == "postgres":
        rows_csv = out_dir / f"rows-{lines}.csv"
        _, _, seconds = run_child([py, "-c", BARE_COPY, str(payments), str(rows_csv)], env)
        bare_copy, unindexed_copy = map(float, seconds.strip().splitlines()[-1].split())
    if floors_only:
        result = {"lines": lines, "db": db, "floor_s": floor, "bare_copy_s": bare_copy}
        print(json.dumps(result | {"unindexed_copy_s": unindexed_copy}), flush=True)
        return result
    wall, peak, out = run_child([py, "-m", "django", "spend", "import", str(payments)], env)
    compute, compute_mb, _ = run_child([py, "-c", COMPUTE], env)
    _, _, pages = run_child([py, "-c", PAGES, str(requests), "2023-24"], env)
    result = {
        "lines": lines,
        "db": db,
        "floor_s": floor,
        "floor_mb": floor_mb,
        "bare_copy_s": bare_copy,
        "unindexed_copy_s": unindexed_copy,
        "import_s": wall,
        "import_mb": peak,
        "import_message": out.strip(),
        "compute_s": compute,
        "compute_mb": compute_mb,
        "pages": json.loads(pages),
    }
    print(json.dumps(result), flush=True)
    return result


def report(results: list[dict]) -> None:
    print(
        "\n| lines | database | DuckDB reads the file s | import s | rows/s | import x floor "
        "| import peak MB | snapshot s | snapshot peak MB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['lines']:,} | {r['db']} | {r['floor_s']:.1f} | {r['import_s']:.1f} "
            f"| {r['lines'] / r['import_s']:,.0f} | {r['import_s'] / r['floor_s']:.1f} "
            f"| {r['import_mb']:,.0f} | {r['compute_s']:.1f} | {r['compute_mb']:,.0f} |"
        )
    print("\n| lines | database | page | median ms | p95 ms | max ms |")
    print("|---:|---|---|---:|---:|---:|")
    for r in results:
        for name, t in r["pages"].items():
            print(
                f"| {r['lines']:,} | {r['db']} | {name} | {t['median']:.0f} | {t['p95']:.0f} "
                f"| {t['max']:.0f} |"
            )
    for r in results:
        if r.get("bare_copy_s"):
            print(
                f"\n{r['lines']:,} lines, {r['db']}: a bare COPY of the same rows into the "
                f"payments table takes {r['bare_copy_s']:.1f} s; the import is "
                f"{r['import_s'] / r['bare_copy_s']:.1f}x that. Into a table of the same "
                f"columns with no index, constraint or log: {r['unindexed_copy_s']:.1f} s, "
                f"{r['unindexed_copy_s'] / r['floor_s']:.1f}x DuckDB's read of the file."
            )
    print(
        f"\nTargets: import within {TARGET_IMPORT_VS_FLOOR}x the floor and under "
        f"{TARGET_IMPORT_MB} MB (PostgreSQL, 10M lines); pages p95 under {TARGET_PAGE_P95_MS} ms."
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, action="append")
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--out", type=Path, default=Path("/tmp/spend-bench"))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--floors-only", action="store_true", help="time DuckDB's read and the bare COPYs only"
    )
    args = parser.parse_args()
    results = []
    for lines in args.lines or [1_000_000]:
        for db in args.db or ["sqlite", "postgres"]:
            results.append(bench(lines, db, args.out, args.requests, args.floors_only))
    if not args.floors_only:
        report(results)


if __name__ == "__main__":
    main()
