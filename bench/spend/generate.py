"""Synthetic payment files for the spend benchmark (seeded, so every run is the same).

Real postcode sectors from the shipped ONS table (a quarter of suppliers inside the
Lancashire force area's sectors), a Zipf-like long tail of suppliers, about 2% credit
notes, amounts written as finance systems write them (``1234.56``, ``"1,234.56"``,
``-56.10``), day-first dates over two financial years. Also writes a supplier register.

    python bench/spend/generate.py --lines 1000000 --out /tmp/spend-bench
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from socialvalue.domain.geography import LANCASHIRE_PFA_LADS, default_lookup

CATEGORIES = [
    "Agency Staff",
    "Computer Software",
    "Computer Hardware",
    "Vehicle Purchase",
    "Vehicle & Plant R&M (External)",
    "Training Expenses (External)",
    "Equipment General",
    "Rents - General",
    "Catering Service (External)",
    "Postage & Carriage",
    "Police - Other Third Party Payments",
    "Works Fees (External)",
    "Fuel",
    "Utilities",
    "Grants to Voluntary Organisations",
    "Consultancy",
    "Legal Fees",
    "Cleaning",
    "Clothing & Uniform",
    "Mobile Phone Costs",
]
WORDS = [
    "NORTH",
    "WEST",
    "PENNINE",
    "RIBBLE",
    "RED ROSE",
    "BOWLAND",
    "LUNE",
    "FYLDE",
    "PREMIER",
    "ALLIED",
    "UNITED",
    "SOLUTIONS",
    "SERVICES",
    "GROUP",
    "SUPPLIES",
    "TECHNOLOGY",
    "CONSTRUCTION",
    "CATERING",
    "TRAINING",
    "SECURITY",
    "MOTORS",
    "CLEANING",
    "SYSTEMS",
    "HEALTHCARE",
    "ENERGY",
    "LEISURE",
    "TRANSPORT",
    "PRINT",
]
SUFFIXES = ["LTD", "LIMITED", "PLC", "CIC", "LLP", "", "TRUST"]
HEADER = ["Expenditure Category", "Payment Date", "Supplier", "Supplier Postcode", "Amount Paid"]


def supplier_table(n: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    """n suppliers: a made-up name and a full postcode in a real sector."""
    lookup = default_lookup()
    local = sorted(
        s
        for s, shares in lookup.sectors.items()
        if any(lad in LANCASHIRE_PFA_LADS for lad in shares)
    )
    elsewhere = sorted(lookup.sectors)
    suppliers = []
    for i in range(n):
        words = rng.choice(WORDS, size=2, replace=False)
        name = f"{words[0]} {words[1]} {i:05d} {rng.choice(SUFFIXES)}".strip()
        pool = local if rng.random() < 0.25 else elsewhere
        sector = pool[int(rng.integers(len(pool)))]
        unit = "".join(rng.choice(list("ABDEFGHJLNPQRSTUWXYZ"), size=2))
        suppliers.append((name, f"{sector}{unit}"))
    return suppliers


def write_register(path: Path, suppliers: list[tuple[str, str]], rng: np.random.Generator):
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["name", "postcode", "employees", "turnover", "legal_form", "local_respend_share"]
        )
        for name, postcode in suppliers[: len(suppliers) // 2]:
            employees = int(rng.lognormal(3, 1.6))
            turnover = employees * 90_000
            share = f"{rng.uniform(0.1, 0.6):.2f}" if rng.random() < 0.2 else ""
            form = "Community Interest Company" if name.endswith("CIC") else ""
            writer.writerow([name, postcode, employees, turnover, form, share])


def write_payments(path: Path, lines: int, suppliers: list[tuple[str, str]], seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    chunk = 500_000
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\r\n")
        for start in range(0, lines, chunk):
            size = min(chunk, lines - start)
            out.write(_chunk(size, suppliers, rng))


def _chunk(size: int, suppliers: list[tuple[str, str]], rng: np.random.Generator) -> str:
    who = (rng.zipf(1.3, size) - 1) % len(suppliers)
    pence = np.round(rng.lognormal(7.5, 1.4, size) * 100).astype(np.int64) + 100
    credit = rng.random(size) < 0.02
    commas = rng.random(size) < 0.3
    days = rng.integers(0, 730, size)
    cats = rng.integers(0, len(CATEGORIES), size)
    base = np.datetime64("2022-04-01")
    dates = (base + days.astype("timedelta64[D]")).astype(str)
    rows = []
    for i in range(size):
        name, postcode = suppliers[who[i]]
        pounds = f"{pence[i] // 100}.{pence[i] % 100:02d}"
        if commas[i] and pence[i] >= 100_000:
            pounds = f'"{pence[i] // 100:,}.{pence[i] % 100:02d}"'
        if credit[i]:
            pounds = "-" + pounds if not pounds.startswith('"') else '"-' + pounds[1:]
        y, m, d = dates[i].split("-")
        rows.append(f"{CATEGORIES[cats[i]]},{d}/{m}/{y},{name},{postcode},{pounds}\r\n")
    return "".join(rows)


def generate(lines: int, out_dir: Path, seed: int = 2024, n_suppliers: int = 20_000):
    """Write payments-<lines>.csv and suppliers.csv under out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    suppliers = supplier_table(n_suppliers, rng)
    register = out_dir / "suppliers.csv"
    if not register.exists():
        write_register(register, suppliers, rng)
    payments = out_dir / f"payments-{lines}.csv"
    if not payments.exists():
        write_payments(payments, lines, suppliers, seed)
    return payments, register


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/spend-bench"))
    args = parser.parse_args()
    print(*generate(args.lines, args.out))


if __name__ == "__main__":
    main()
