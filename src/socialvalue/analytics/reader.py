"""Reading payment files as finance systems and transparency pages publish them.

``read_payments`` takes CSV and XLSX files (every sheet of a workbook), finds the date,
amount and supplier columns by their header (or an explicit mapping), and gives back
normalised ``Payment`` rows and a ``RowError`` for each line that cannot be read, naming
the file, sheet, row and column as the user sees them in Excel (the header row is 1).

Strict mode (the default) raises ``PaymentFileError`` carrying every error, so a caller
that saves what it reads cannot save half a file. Lenient mode returns the good rows
and the errors together.

Every payment carries a fingerprint (the file's sha256, the sheet and the row) and every
file its sha256, so importing the same file twice can add nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from socialvalue.analytics.columns import (
    SYNONYMS,
    ColumnMap,
    column_letter,
    find_columns,
    header_key,
)
from socialvalue.domain.dates import DateError, parse_date
from socialvalue.domain.money import AmountError, parse_amount

# How far down a sheet to look for the header row (some files start with a title).
HEADER_SEARCH_ROWS = 10
_ALL_SYNONYMS = {s for names in SYNONYMS.values() for s in names}


@dataclass(frozen=True)
class Payment:
    """One payment line, normalised. ``row_number`` is the row as Excel numbers it."""

    source_file: str
    sheet: str | None
    row_number: int
    payment_date: date
    amount: Decimal
    supplier_name: str
    category: str | None
    postcode: str | None
    company_number: str | None
    fingerprint: str


@dataclass(frozen=True)
class RowError:
    """Why one line (or a whole sheet, when ``row_number`` is None) could not be read."""

    source_file: str
    sheet: str | None
    row_number: int | None
    column: str | None  # the header text as the file has it
    column_letter: str | None
    problem: str

    def __str__(self) -> str:
        where = [self.source_file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row_number is not None:
            where.append(f"row {self.row_number}")
        if self.column:
            where.append(f"column {self.column_letter} ({self.column})")
        return f"{', '.join(where)}: {self.problem}"


@dataclass(frozen=True)
class SourceFile:
    """A file that was read: its name, sha256 and how many payments it gave."""

    name: str
    sha256: str
    payments: int
    sheets: tuple[str, ...] = ()


@dataclass
class ReadResult:
    payments: list[Payment] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class PaymentFileError(ValueError):
    """Strict mode: at least one line could not be read; nothing should be saved."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        shown = "\n".join(str(e) for e in self.errors[:20])
        more = f"\n... and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(f"{len(self.errors)} problem(s) reading payments:\n{shown}{more}")


def file_fingerprint(data: bytes) -> str:
    """The sha256 of a file's bytes: the same file gives the same fingerprint."""
    return hashlib.sha256(data).hexdigest()


def row_fingerprint(file_sha256: str, sheet: str | None, row_number: int) -> str:
    """A stable id for one line of one file's content."""
    text = f"{file_sha256}\x1f{sheet or ''}\x1f{row_number}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


Source = str | Path | tuple[str, bytes]


def read_payments(
    sources: Iterable[Source],
    mapping: Mapping[str, str] | None = None,
    lenient: bool = False,
) -> ReadResult:
    """Read payment files (paths, or (name, bytes) pairs as uploaded).

    ``mapping`` names the file's header for any of our fields (``date``, ``amount``,
    ``supplier``, ``category``, ``postcode``, ``company_number``) when the synonyms do
    not find it. Strict (default): raises ``PaymentFileError`` if anything could not be
    read. Lenient: returns the good rows and the errors.
    """
    result = ReadResult()
    for source in sources:
        name, data = _load(source)
        sha = file_fingerprint(data)
        before = len(result.payments)
        sheets: list[str] = []
        for item in iter_file(name, data, mapping, sha):
            if isinstance(item, RowError):
                result.errors.append(item)
            else:
                result.payments.append(item)
                if item.sheet and (not sheets or sheets[-1] != item.sheet):
                    sheets.append(item.sheet)
        result.files.append(SourceFile(name, sha, len(result.payments) - before, tuple(sheets)))
    if result.errors and not lenient:
        raise PaymentFileError(result.errors)
    return result


def _load(source: Source) -> tuple[str, bytes]:
    if isinstance(source, tuple):
        return source
    path = Path(source)
    return path.name, path.read_bytes()


def is_workbook(name: str, data: bytes) -> bool:
    """XLSX files are zip archives; trust the bytes over the file name."""
    return data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm"))


def iter_file(
    name: str, data: bytes, mapping: Mapping[str, str] | None = None, sha: str | None = None
) -> Iterator[Payment | RowError]:
    """Yield each payment or error of one file, in file order."""
    sha = sha or file_fingerprint(data)
    if is_workbook(name, data):
        yield from _iter_workbook(name, data, mapping, sha)
    else:
        yield from _iter_rows(name, None, _csv_rows(data), mapping, sha)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> Iterator[Sequence[object]]:
    yield from csv.reader(io.StringIO(decode_text(data), newline=""))


def _iter_workbook(
    name: str, data: bytes, mapping: Mapping[str, str] | None, sha: str
) -> Iterator[Payment | RowError]:
    import openpyxl  # imported here: CSV-only callers should not pay for it

    from socialvalue.domain.spreadsheet import xlsx_unpacked_problem

    problem = xlsx_unpacked_problem(data, name)  # the default limits: no settings here
    if problem:  # refused from the zip directory, before openpyxl unpacks anything
        yield RowError(name, None, None, None, None, problem)
        return
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        yield RowError(name, None, None, None, None, f"not a readable workbook: {exc}")
        return
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(min_row=1, values_only=True)
            yield from _iter_rows(name, sheet.title, rows, mapping, sha)
    finally:
        workbook.close()


def _blank(row: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _iter_rows(
    name: str,
    sheet: str | None,
    rows: Iterable[Sequence[object]],
    mapping: Mapping[str, str] | None,
    sha: str,
) -> Iterator[Payment | RowError]:
    columns: ColumnMap | None = None
    first_nonblank: tuple[int, Sequence[object]] | None = None
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if _blank(row):
                continue
            first_nonblank = first_nonblank or (number, row)
            found = find_columns(row, mapping)
            if not found.missing():
                columns = found
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if _blank(row):
            continue
        yield _read_row(name, sheet, number, row, columns, sha)
    if columns is None and first_nonblank is not None:
        error = _missing_columns(name, sheet, first_nonblank, mapping)
        if error is not None:
            yield error


def _missing_columns(
    name: str,
    sheet: str | None,
    first: tuple[int, Sequence[object]],
    mapping: Mapping[str, str] | None,
) -> RowError | None:
    """Report a sheet whose header lacks a required column; None for a notes sheet."""
    number, row = first
    keys = {header_key(v) for v in row}
    if not keys & _ALL_SYNONYMS and not mapping:
        return None  # nothing like a payment header: a cover or notes sheet
    missing = find_columns(row, mapping).missing()
    return RowError(
        name,
        sheet,
        number,
        None,
        None,
        f"no {', '.join(missing)} column found in the header "
        f"(looked for e.g. {', '.join(SYNONYMS[m][0] for m in missing)}; "
        "name the column in the mapping if it is called something else)",
    )


def _cell(row: Sequence[object], pos: int | None) -> object:
    if pos is None or pos >= len(row):
        return None
    return row[pos]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _read_row(
    name: str, sheet: str | None, number: int, row: Sequence[object], cols: ColumnMap, sha: str
) -> Payment | RowError:
    def error(field_name: str, problem: str) -> RowError:
        pos = cols.positions[field_name]
        return RowError(name, sheet, number, cols.headers[field_name], column_letter(pos), problem)

    pos = cols.positions
    try:
        amount = parse_amount(_cell(row, pos["amount"]))  # type: ignore[arg-type]
    except AmountError as exc:
        return error("amount", str(exc))
    try:
        day = parse_date(_cell(row, pos["date"]))
    except DateError as exc:
        return error("date", str(exc))
    supplier = _text(_cell(row, pos["supplier"]))
    if supplier is None:
        return error("supplier", "the supplier is blank")
    return Payment(
        source_file=name,
        sheet=sheet,
        row_number=number,
        payment_date=day,
        amount=amount,
        supplier_name=supplier,
        category=_text(_cell(row, pos.get("category"))),
        postcode=_text(_cell(row, pos.get("postcode"))),
        company_number=_text(_cell(row, pos.get("company_number"))),
        fingerprint=row_fingerprint(sha, sheet, number),
    )
