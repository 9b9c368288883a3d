"""Expected figures for the real files, computed WITHOUT the code under test.

Plain openpyxl / csv and Decimal, written separately from the reader: a data row is
any row after the first with something in it; amounts are floats turned to pence via
their repr (or text with '£', ',' and a trailing '-' for credits).
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl

PENNY = Decimal("0.01")


def workbook_lines(path: Path) -> dict[str, list[Decimal]]:
    """Sheet name -> the amounts of its data rows (amount is the third column)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))[1:]
        out[sheet.title] = [
            Decimal(repr(r[2])).quantize(PENNY, ROUND_HALF_UP)
            for r in rows
            if any(v not in (None, "") for v in r)
        ]
    book.close()
    return out


def csv_lines(path: Path) -> list[Decimal]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    amounts = []
    for r in rows:
        if not any(c.strip() for c in r):
            continue
        text_amount = r[7].replace("£", "").replace(",", "").strip()
        sign = -1 if text_amount.endswith("-") else 1
        amounts.append(sign * Decimal(text_amount.rstrip("-")))
    return amounts
