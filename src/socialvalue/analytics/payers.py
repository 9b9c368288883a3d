"""Which bodies a payments file names as the payer, from its payer column if it has one.

Reads the first ``max_rows`` lines under each sheet's header: a file's payer column almost
always holds one body, so the beginning is enough to ask before importing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from socialvalue.analytics.columns import find_columns, header_key
from socialvalue.analytics.reader import decode_text, is_workbook

# Header texts of a payer column, most specific first (after header_key's clean-up).
PAYER_HEADERS = (
    "body name",
    "paying body",
    "payer",
    "payer name",
    "body",
    "organisation name",
    "organisation",
    "organization name",
    "organization",
    "authority",
    "authority name",
)
HEADER_SEARCH_ROWS = 20


def file_payers(name: str, data: bytes, *, max_rows: int = 5000) -> set[str]:
    """The distinct non-blank values of the file's payer column (empty when it has none)."""
    payers: set[str] = set()
    for rows in _sheets(name, data):
        payers.update(_sheet_payers(rows, max_rows))
    return payers


def _sheets(name: str, data: bytes) -> Iterator[Iterable[Sequence[object]]]:
    if is_workbook(name, data):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # the import itself reports an unreadable workbook
            return
        try:
            for sheet in workbook.worksheets:
                yield sheet.iter_rows(min_row=1, values_only=True)
        finally:
            workbook.close()
    else:
        yield csv.reader(io.StringIO(decode_text(data), newline=""))


def _sheet_payers(rows: Iterable[Sequence[object]], max_rows: int) -> set[str]:
    column: int | None = None
    found: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if column is None:
            if number > HEADER_SEARCH_ROWS:
                return found
            columns = find_columns(row)
            if columns.missing():
                continue
            column = _payer_column(row, set(columns.positions.values()))
            if column is None:
                return found  # a header without a payer column
            continue
        if number > max_rows:
            break
        if column < len(row) and row[column] is not None and str(row[column]).strip():
            found.add(str(row[column]).strip())
    return found


def _payer_column(header: Sequence[object], taken: set[int]) -> int | None:
    keys = [header_key(h) for h in header]
    for wanted in PAYER_HEADERS:
        for index, key in enumerate(keys):
            if key == wanted and index not in taken:
                return index
    return None
