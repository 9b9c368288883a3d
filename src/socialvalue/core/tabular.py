"""Reading uploaded tables (CSV or XLSX) with the row numbers a person sees in Excel.

Every import reads its file here, so the limits that keep a hostile or mistaken file from
exhausting the worker live here too: a number of data rows (``IMPORT_MAX_ROWS``) and, for
XLSX, the size the workbook unpacks to (``IMPORT_MAX_XLSX_UNPACKED_BYTES``) and the
compression ratio of its parts (``IMPORT_MAX_XLSX_COMPRESSION_RATIO``), both read from the
zip directory BEFORE openpyxl parses anything. The spend reader (analytics/reader.py) uses
the same XLSX check through ``xlsx_unpacked_problem``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from socialvalue.core.exports import unquote
from socialvalue.domain import spreadsheet
from socialvalue.domain.spreadsheet import (  # noqa: F401 (re-exported)
    DEFAULT_MAX_XLSX_COMPRESSION_RATIO,
    DEFAULT_MAX_XLSX_UNPACKED_BYTES,
    file_size_text,
)

# Defaults when Django settings do not say otherwise (see config/settings.py).
DEFAULT_MAX_ROWS = 50_000


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, no header row, bad encoding,
    over a limit)."""


def _setting(name: str, default: int) -> int:
    # The spend engine, which runs without Django, calls the pure check in domain/ itself.
    return int(getattr(settings, name, default))


def max_rows() -> int:
    return _setting("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def xlsx_unpacked_problem(content: bytes, filename: str) -> str | None:
    """Why this XLSX file is refused before it is parsed (the limits from settings), or None.
    The rule itself is pure: ``domain.spreadsheet.xlsx_unpacked_problem``."""
    return spreadsheet.xlsx_unpacked_problem(
        content,
        filename,
        max_unpacked=_setting("IMPORT_MAX_XLSX_UNPACKED_BYTES", DEFAULT_MAX_XLSX_UNPACKED_BYTES),
        max_ratio=_setting("IMPORT_MAX_XLSX_COMPRESSION_RATIO", DEFAULT_MAX_XLSX_COMPRESSION_RATIO),
    )


def _too_many_rows(filename: str, limit: int, figure: str) -> TableError:
    return TableError(
        f"{filename} has {figure} data rows, over the limit of {limit:,} rows for an import "
        "(IMPORT_MAX_ROWS). Split it into smaller files."
    )


@dataclass(frozen=True)
class TableRow:
    sheet: str  # "" for CSV
    number: int  # 1 is the header row, so the first data row is 2, as in Excel
    values: dict[str, object]  # header (as written, stripped) -> cell value

    def text(self, column: str) -> str:
        """The cell as stripped text; a whole-number spreadsheet float reads as '12', not '12.0';
        text our own download quoted against formulas ("'=x") reads as it was ("=x")."""
        value = self.values.get(column, "")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else unquote(str(value).strip())


@dataclass(frozen=True)
class Table:
    filename: str
    headers: list[str]
    rows: list[TableRow]

    def column_letter(self, header: str) -> str:
        return get_column_letter(self.headers.index(header) + 1)


def read_table(content: bytes, filename: str) -> Table:
    """Read the first sheet of an XLSX file or a CSV file; blank rows are skipped."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(content, filename)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(content, filename)
    raise TableError(
        f"{filename}: upload a CSV or XLSX file (this file ends {suffix or 'with no type'})"
    )


def _read_csv(content: bytes, filename: str) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="strict")
    reader = csv.reader(io.StringIO(text))
    return _table(filename, "", enumerate(reader, start=1))


def _read_xlsx(content: bytes, filename: str) -> Table:
    problem = xlsx_unpacked_problem(content, filename)
    if problem:
        raise TableError(problem)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not XLSX
        raise TableError(f"{filename}: this is not a readable XLSX file ({exc})") from exc
    sheet = workbook.worksheets[0]
    # Rows are counted as they are read (not from the sheet's stated dimension, which
    # counts formatted blank rows too): reading stops at the first row over the limit.
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    try:
        return _table(filename, sheet.title, rows)
    finally:
        workbook.close()


def _table(filename: str, sheet: str, numbered_rows: Iterator[tuple[int, object]]) -> Table:
    headers: list[str] | None = None
    rows: list[TableRow] = []
    limit = max_rows()
    for number, raw in numbered_rows:
        cells = ["" if cell is None else cell for cell in raw]
        if all(str(cell).strip() == "" for cell in cells):
            continue
        if headers is None:
            headers = [str(cell).strip() for cell in cells]
            continue
        values = {
            header: (cells[index] if index < len(cells) else "")
            for index, header in enumerate(headers)
            if header
        }
        if len(rows) >= limit:
            raise _too_many_rows(filename, limit, f"more than {limit:,}")
        rows.append(TableRow(sheet=sheet, number=number, values=values))
    if headers is None:
        raise TableError(f"{filename}: the file is empty: the first row must hold the column names")
    return Table(filename=filename, headers=headers, rows=rows)
