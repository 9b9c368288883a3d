"""The one CSV and XLSX writer: every cell made safe for a spreadsheet.

Control characters are stripped first, then text starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return gets a leading single quote (OWASP "CSV injection"), so a spreadsheet
shows it as text instead of running it as a formula. The order matters: stripping second
would turn ``"\\x01=HYPERLINK(...)"`` back into a live formula. Numbers (int, Decimal,
float) are not text: they stay numbers, negative amounts included.

Pure Python and openpyxl, no Django: the web downloads (``socialvalue.core.exports``) and the
``spend analyse`` command line both write through it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook

# A UK service: a time in a download is UK local time, as on the pages (TIME_ZONE).
UK_TIME = ZoneInfo("Europe/London")

# What an uploaded workbook may unpack to (settings IMPORT_MAX_XLSX_* override them on the web).
DEFAULT_MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_XLSX_COMPRESSION_RATIO = 100
# Parts smaller than this unpacked are not ratio-checked (tiny XML parts compress a lot).
_RATIO_CHECKED_FROM_BYTES = 1024 * 1024

# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XLSX cannot hold (openpyxl refuses them) and no CSV reader needs: C0 controls
# except tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BOM = "\ufeff"

Table = Sequence[Sequence[object]]


def safe_cell(value: object) -> object:
    """A cell value both formats hold safely: numbers and dates stay as they are, booleans
    read yes/no, None is empty, and any other value becomes text with control characters
    stripped and a leading quote if it would start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UK_TIME).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, int | Decimal | float | dt.date):
        return value
    text = _CONTROL.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def unquote(text: str) -> str:
    """The text :func:`safe_cell` quoted, as it was (for reading our own export back)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_csv(table: Iterable[Sequence[object]], out: TextIO) -> None:
    """The rows, made safe, as CSV text on ``out`` (no byte order mark: for a text stream)."""
    writer = csv.writer(out)
    for row in table:
        writer.writerow([_csv_cell(safe_cell(value)) for value in row])


def csv_bytes(table: Iterable[Sequence[object]]) -> bytes:
    """The rows, made safe, as a UTF-8 CSV file with a byte order mark."""
    buffer = io.StringIO()
    buffer.write(BOM)
    write_csv(table, buffer)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(table: Iterable[Sequence[object]], sheet: str) -> bytes:
    """The rows, made safe, as an XLSX workbook of one sheet."""
    workbook = Workbook()
    worksheet = workbook.worksheets[0]  # a new workbook has exactly one sheet
    worksheet.title = _sheet_title(sheet)
    for row in table:
        worksheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in _CONTROL.sub("", title)).strip()
    return (cleaned or "List")[:31]


# Reading: a workbook refused before it is opened ---------------------------------------


def file_size_text(size: int) -> str:
    """'2.5 MB', '120 KB' or '900 bytes', with the exact bytes when rounded."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB ({size:,} bytes)"
    if size >= 1024:
        return f"{size / 1024:,.0f} KB ({size:,} bytes)"
    return f"{size:,} bytes"


def xlsx_unpacked_problem(
    content: bytes,
    filename: str,
    *,
    max_unpacked: int = DEFAULT_MAX_XLSX_UNPACKED_BYTES,
    max_ratio: int = DEFAULT_MAX_XLSX_COMPRESSION_RATIO,
) -> str | None:
    """Why this XLSX file is refused before it is parsed, or None when it is within limits.

    Reads only the zip directory: the sum of the parts' uncompressed sizes against
    ``IMPORT_MAX_XLSX_UNPACKED_BYTES`` and each large part's compression ratio against
    ``IMPORT_MAX_XLSX_COMPRESSION_RATIO`` (a "zip bomb" of a few hundred KB can unpack to a
    million rows). A file that is not a zip archive returns None: openpyxl then says so.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    limit = max_unpacked
    unpacked = sum(member.file_size for member in members)
    if unpacked > limit:
        return (
            f"{filename} unpacks to {file_size_text(unpacked)}, over the limit of "
            f"{file_size_text(limit)} for a workbook (IMPORT_MAX_XLSX_UNPACKED_BYTES). "
            "Split it into smaller files or save it as CSV."
        )
    ratio_limit = max_ratio
    for member in members:
        if member.file_size < _RATIO_CHECKED_FROM_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > ratio_limit:
            return (
                f"{filename}: its part {member.filename} unpacks {ratio:,.0f} times its stored "
                f"size, over the limit of {ratio_limit:,} (IMPORT_MAX_XLSX_COMPRESSION_RATIO). "
                "A real spreadsheet does not compress that much: save it again or as CSV."
            )
    return None
