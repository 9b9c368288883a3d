"""Reading payment files as finance systems and transparency pages publish them.

``read_payments`` takes CSV and XLSX files (every sheet of a workbook), finds the date,
amount and supplier columns by their header (or an explicit mapping), and gives back
normalised ``Payment`` rows and a ``RowError`` for each line that cannot be read, naming
the file, sheet, row and column as the user sees them in Excel (the header row is 1).

Strict mode (the default) raises ``PaymentFileError`` carrying every error, so a caller
that saves what it reads cannot save half a file. Lenient mode returns the good rows
and the errors together.

A file that gives nothing at all says why, in one plain sentence: it is empty, it is not a
spreadsheet or text (an image or PDF renamed, an old .xls), it has a header row and no lines,
its header lacks a required column (naming it, the headings found and the accepted ones), or
its headings are spread over two rows. A formula cell saved without its value (by a program
that does not calculate) is named as such, not as a blank cell.

Every payment carries a fingerprint (the file's sha256, the sheet and the row) and every
file its sha256, so importing the same file twice can add nothing.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from socialvalue.analytics.columns import (
    REQUIRED,
    SYNONYMS,
    ColumnMap,
    accepted_headings,
    column_letter,
    find_columns,
    header_key,
    recognised_fields,
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
    invoice_date: date | None = None  # when the file has an invoice date column


@dataclass(frozen=True)
class RowError:
    """Why one line, a sheet or a whole file could not be read (``row_number`` None: the
    problem has no one row; a header problem names the header row)."""

    source_file: str
    sheet: str | None
    row_number: int | None
    column: str | None  # the header text as the file has it
    column_letter: str | None
    problem: str
    # True when the file (or a whole sheet) could not be read at all, not just one line:
    # empty, not a spreadsheet, no usable header row, headers only.
    file_level: bool = False

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


def unreadable_file_message(errors: Sequence[RowError]) -> str | None:
    """For an import of one file: the message when the file itself could not be read (every
    problem is ``file_level``: empty, not a spreadsheet, no usable header, headers only);
    None when the problems are lines, which the caller counts and may skip."""
    if not errors or not all(e.file_level for e in errors):
        return None
    if len(errors) == 1:
        return f"Nothing was imported from {errors[0]}."
    files = sorted({e.source_file for e in errors})
    return (
        f"Nothing was imported from {', '.join(files)}: no sheet could be read "
        "(the reasons are listed below)."
    )


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
    ``supplier``, ``category``, ``postcode``, ``company_number``, ``invoice_date``) when
    the synonyms do not find it. Strict (default): raises ``PaymentFileError`` if anything
    could not be read. Lenient: returns the good rows and the errors.
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
    """Yield each payment or error of one file, in file order.

    A file that yields nothing else yields at least one ``file_level`` error saying why.
    """
    sha = sha or file_fingerprint(data)
    problem = file_problem(name, data)
    if problem is not None:
        yield RowError(name, None, None, None, None, problem, file_level=True)
        return
    sheets: list[_Sheet] = []
    workbook = is_workbook(name, data)
    if workbook:
        items = _iter_workbook(name, data, mapping, sha, sheets)
    else:
        sheets.append(_Sheet(None))
        items = _iter_rows(name, _csv_rows(data), mapping, sha, sheets[0])
    anything = False
    for item in items:
        anything = True
        yield item
    if not anything:
        yield from _why_nothing(name, sheets, workbook)


def iter_path(
    name: str, path: Path, mapping: Mapping[str, str] | None = None, sha: str | None = None
) -> Iterator[Payment | RowError]:
    """:func:`iter_file` for a file on disk. A CSV is read as a stream, so memory stays flat
    at any size; a workbook is read whole (openpyxl needs it; it is zip-compressed)."""
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE_BYTES)
    if not head or is_workbook(name, head[:4]):
        yield from iter_file(name, path.read_bytes(), mapping, sha)
        return
    problem = file_problem(name, head)  # a text file's problems show in its first bytes
    if problem is not None:
        yield RowError(name, None, None, None, None, problem, file_level=True)
        return
    sha = sha or path_fingerprint(path)
    sheet = _Sheet(None)
    anything = False
    with path.open(encoding=text_encoding(path), errors="replace", newline="") as text:
        for item in _iter_rows(name, csv.reader(text), mapping, sha, sheet):
            anything = True
            yield item
    if not anything:
        yield from _why_nothing(name, [sheet], False)


_CHUNK_BYTES = 1 << 20


def path_fingerprint(path: Path) -> str:
    """:func:`file_fingerprint` of a file on disk, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def text_encoding(path: Path) -> str:
    """What :func:`decode_text` would choose, found without holding the file in memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


# The first bytes of files people upload by mistake, and what they are.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, old Word, Outlook .msg
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that never appear in a text file (tab, line feed, form feed and return do).
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F or b in b"\t\n\x0b\x0c\r")
_SAMPLE_BYTES = 64 * 1024
_EXPORT_ADVICE = "import the payments as a CSV file or an Excel workbook (.xlsx)"


def file_problem(name: str, data: bytes) -> str | None:
    """Why a file cannot be read at all, from its bytes; None when it may be readable.

    Empty, an image or PDF (whatever its name), an old .xls, a zip that is not an Excel
    workbook, UTF-16 text, or binary data: none of these is a payment file.
    """
    if not data:
        return "the file is empty (0 bytes), so there is nothing in it to read"
    if data.startswith(_OLE2):
        return (
            "the file is an Excel 97-2003 workbook (.xls) or another old Office file, which "
            "cannot be read: open it in Excel or LibreOffice, save it as an Excel workbook "
            "(.xlsx) or as CSV, and import that"
        )
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return f"the file is neither a spreadsheet nor text: it is {what}; {_EXPORT_ADVICE}"
    if data[:2] == b"PK":
        return _zip_problem(data)
    if data.startswith(_UTF16_BOMS):
        return (
            'the file is saved as UTF-16 text (Excel\'s "Unicode Text"), which cannot be '
            'read: save it as "CSV UTF-8 (Comma delimited)" and import that'
        )
    sample = data[:_SAMPLE_BYTES]
    binary = len(sample.translate(None, _TEXT_BYTES)) * 50 > len(sample)  # over 2% control
    if binary:
        return (
            "the file is neither a spreadsheet nor text (it holds binary data, perhaps a "
            f"picture or a document saved under another name); {_EXPORT_ADVICE}"
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        return (
            "the file is named as an Excel workbook but holds text, not a workbook: "
            "if it is a CSV file, name it .csv and import it again"
        )
    return None


def _zip_problem(data: bytes) -> str | None:
    """A zip archive that is not an Excel workbook (an OpenDocument or Word file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            kind = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None  # damaged: openpyxl says so
    if any(n.startswith("xl/") for n in names):
        return None
    if b"opendocument.spreadsheet" in kind:
        return (
            "the file is an OpenDocument spreadsheet (.ods), which cannot be read: save it as "
            "an Excel workbook (.xlsx) or as CSV, and import that"
        )
    what = "a Word document" if any(n.startswith("word/") for n in names) else "a zip archive"
    return f"the file is {what}, not an Excel workbook (.xlsx); {_EXPORT_ADVICE}"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> Iterator[Sequence[object]]:
    yield from csv.reader(io.StringIO(decode_text(data), newline=""))


@dataclass
class _Sheet:
    """What reading one sheet (or a CSV file) found, to explain a file that gave nothing."""

    title: str | None
    header_row: int | None = None  # where the header was found
    unexplained: RowError | None = None  # no header, and the sheet may be only notes


class _Formulas:
    """The formulas of one worksheet, read (once, forwards) only when a blank cell needs
    explaining: ``data_only`` gives None for a formula whose value was never saved."""

    def __init__(self, data: bytes, title: str):
        self._data, self._title = data, title
        self._book: Any = None
        self._rows: Iterator[tuple[object, ...]] | None = None
        self._number = 0
        self._row: tuple[object, ...] = ()

    def at(self, number: int, pos: int) -> str | None:
        """The formula in row ``number`` (as Excel numbers it), column ``pos`` (0-based)."""
        if self._rows is None or number < self._number:
            self.close()
            self._open()
        assert self._rows is not None
        while self._number < number:
            row = next(self._rows, None)
            if row is None:
                return None
            self._number += 1
            self._row = row
        value = _cell(self._row, pos)
        text = getattr(value, "text", value)  # array formulas come as objects
        return text if isinstance(text, str) and text.startswith("=") else None

    def _open(self) -> None:
        import openpyxl

        self._book = openpyxl.load_workbook(io.BytesIO(self._data), read_only=True)
        self._rows = self._book[self._title].iter_rows(min_row=1, values_only=True)
        self._number = 0

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
        self._book, self._rows = None, None


def _iter_workbook(
    name: str, data: bytes, mapping: Mapping[str, str] | None, sha: str, sheets: list[_Sheet]
) -> Iterator[Payment | RowError]:
    import openpyxl  # imported here: CSV-only callers should not pay for it

    from socialvalue.domain.spreadsheet import xlsx_unpacked_problem

    problem = xlsx_unpacked_problem(data, name)  # the default limits: no settings here
    if problem:  # refused from the zip directory, before openpyxl unpacks anything
        yield RowError(name, None, None, None, None, problem, file_level=True)
        return
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        yield RowError(
            name, None, None, None, None, f"not a readable workbook: {exc}", file_level=True
        )
        return
    try:
        for sheet in workbook.worksheets:
            outcome = _Sheet(sheet.title)
            sheets.append(outcome)
            formulas = _Formulas(data, sheet.title)
            try:
                rows = sheet.iter_rows(min_row=1, values_only=True)
                yield from _iter_rows(name, rows, mapping, sha, outcome, formulas)
            finally:
                formulas.close()
    finally:
        workbook.close()


def _blank(row: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _iter_rows(
    name: str,
    rows: Iterable[Sequence[object]],
    mapping: Mapping[str, str] | None,
    sha: str,
    outcome: _Sheet,
    formulas: _Formulas | None = None,
) -> Iterator[Payment | RowError]:
    sheet = outcome.title
    columns: ColumnMap | None = None
    seen: list[tuple[int, Sequence[object]]] = []  # the non-blank rows above the header
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if _blank(row):
                continue
            seen.append((number, row))
            found = find_columns(row, mapping)
            if not found.missing():
                columns = found
                outcome.header_row = number
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if _blank(row):
            continue
        yield _read_row(name, sheet, number, row, columns, sha, formulas)
    if columns is None and seen:
        error = _no_header(name, sheet, seen, mapping)
        if _header_like(seen[0][1], mapping):
            yield error  # the sheet meant to hold payments
        else:
            outcome.unexplained = error  # perhaps a cover or notes sheet: said if all are


def _header_like(row: Sequence[object], mapping: Mapping[str, str] | None) -> bool:
    """A row naming any of our columns: the sheet was meant to hold payments."""
    return bool(mapping) or bool({header_key(v) for v in row} & _ALL_SYNONYMS)


def _why_nothing(name: str, sheets: list[_Sheet], workbook: bool) -> Iterator[RowError]:
    """The errors of a file that gave no payment and no error: headers only, no header
    row anywhere, or nothing in it."""
    headed = [s for s in sheets if s.header_row is not None]
    for s in headed:
        what = "sheet" if workbook else "file"
        yield RowError(
            name,
            s.title,
            s.header_row,
            None,
            None,
            f"the {what} has a header row but no payment lines under it",
            file_level=True,
        )
    if headed:
        return
    unexplained = [s.unexplained for s in sheets if s.unexplained is not None]
    if unexplained:
        yield from unexplained
        return
    if not workbook:
        problem = "the file holds only blank lines: there are no headings or payment lines in it"
    elif sheets:
        problem = "every sheet of the workbook is empty: there are no headings or payment lines"
    else:
        problem = "the workbook has no worksheets, so there is nothing in it to read"
    yield RowError(name, None, None, None, None, problem, file_level=True)


def _no_header(
    name: str,
    sheet: str | None,
    seen: Sequence[tuple[int, Sequence[object]]],
    mapping: Mapping[str, str] | None,
) -> RowError:
    """Why no header row was found among the first rows of a sheet (or CSV file)."""
    merged = _spread_header(seen, mapping)
    if merged is not None:
        first, second = merged
        return RowError(
            name,
            sheet,
            first,
            None,
            None,
            f"the column headings are spread over two rows ({first} and {second}), as merged "
            "header cells make them: put each column's whole heading in one row (unmerge the "
            "cells) and import the file again",
            file_level=True,
        )

    def score(item: tuple[int, Sequence[object]]) -> tuple[int, int, int]:
        number, row = item
        fields = recognised_fields(row, mapping)
        return len(fields & set(REQUIRED)), len(fields), -number

    number, row = max(seen, key=score)
    if not recognised_fields(row, mapping) and not mapping:
        first_number, first_row = seen[0]
        return RowError(
            name,
            sheet,
            None,
            None,
            None,
            f"no header row found: none of the first {HEADER_SEARCH_ROWS} rows has headings "
            "for the date, the amount and the supplier (such as Date, Amount and Supplier); "
            f"row {first_number} reads {_headings(first_row)}",
            file_level=True,
        )
    missing = find_columns(row, mapping).missing()
    accepted = "; ".join(f"for the {m}: {accepted_headings(m)}" for m in missing)
    return RowError(
        name,
        sheet,
        number,
        None,
        None,
        f"the header row has no {_either(missing)} column; its headings are {_headings(row)}. "
        f"Give the column one of the accepted headings (capitals and punctuation do not "
        f"matter) {accepted}",
        file_level=True,
    )


def _spread_header(
    seen: Sequence[tuple[int, Sequence[object]]], mapping: Mapping[str, str] | None
) -> tuple[int, int] | None:
    """Two adjacent rows whose headings together (or cell by cell joined, as merged cells
    leave them) name every required column that neither names alone."""
    for (first, upper), (second, lower) in zip(seen, seen[1:], strict=False):
        if second != first + 1:
            continue
        width = max(len(upper), len(lower))
        joined = [
            " ".join(t for t in (_text(_cell(upper, i)), _text(_cell(lower, i))) if t)
            for i in range(width)
        ]
        fields = (
            recognised_fields(upper, mapping)
            | recognised_fields(lower, mapping)
            | recognised_fields(joined, mapping)
        )
        if set(REQUIRED) <= fields:
            return first, second
    return None


def _either(fields: Sequence[str]) -> str:
    """['date', 'amount'] -> 'date or amount'."""
    if len(fields) <= 1:
        return "".join(fields)
    return f"{', '.join(fields[:-1])} or {fields[-1]}"


def _headings(row: Sequence[object], most: int = 12) -> str:
    """'"Date", "Supplier", "Notes"' (the non-blank cells, each cut to 40 characters)."""
    texts = [t if len(t) <= 40 else t[:39] + "…" for t in (_text(v) for v in row) if t]
    shown = ", ".join(f'"{t}"' for t in texts[:most])
    return shown + (f" and {len(texts) - most} more" if len(texts) > most else "")


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
    name: str,
    sheet: str | None,
    number: int,
    row: Sequence[object],
    cols: ColumnMap,
    sha: str,
    formulas: _Formulas | None = None,
) -> Payment | RowError:
    def error(field_name: str, problem: str) -> RowError:
        pos = cols.positions[field_name]
        formula = formulas.at(number, pos) if formulas and _cell(row, pos) is None else None
        if formula is not None:
            shown = formula if len(formula) <= 40 else formula[:39] + "…"
            problem = (
                f"the cell holds a formula ({shown}) with no saved value: open the file in "
                "Excel or LibreOffice and save it again"
            )
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
    invoice_date = None
    if "invoice_date" in pos and _text(_cell(row, pos["invoice_date"])) is not None:
        try:  # a blank invoice date is allowed: that line is left out of payment times
            invoice_date = parse_date(_cell(row, pos["invoice_date"]))
        except DateError as exc:
            return error("invoice_date", f"the invoice date: {exc}")
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
        invoice_date=invoice_date,
    )
