"""Every CSV and XLSX download the service produces, written by one writer.

A list page adds :class:`ExportMixin` and a column spec; ``?format=csv`` or ``?format=xlsx``
on the page's own address (with its filters) then downloads the whole list, not just one
page of it. Other code calls :func:`export_response` with model rows, plain dicts/objects or
a django-tables2 table (:func:`table_rows`), or :func:`download` / :func:`csv_bytes` /
:func:`xlsx_bytes` with a ready table (a header row, then the rows).

Every cell goes through :func:`safe_cell` first, the same for CSV and XLSX: control
characters are stripped, then text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return gets a leading single quote (OWASP "CSV injection"), so that a spreadsheet shows it
as text instead of running it as a formula. Numbers (int, Decimal, float) are not text: they
stay numbers, negative amounts included. The order matters: stripping second would turn
``"\\x01=HYPERLINK(...)"`` back into a live formula.

Every CSV starts with a UTF-8 byte order mark, so that Excel opens it as UTF-8 (names with
accents, the £ sign); :mod:`socialvalue.core.tabular` reads such a file back, and
:func:`unquote` undoes the quote for an import of our own export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
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
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
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
    worksheet = workbook.active
    worksheet.title = _sheet_title(sheet)
    for row in table:
        worksheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(
    table: Iterable[Sequence[object]], *, filename: str, fmt: str, sheet: str = ""
) -> HttpResponse:
    """The table (header row first) as a download named ``<filename>.<fmt>``; 404 for an
    unknown format."""
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    body = xlsx_bytes(table, sheet or filename) if fmt == "xlsx" else csv_bytes(table)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename)}.{fmt}"'
    return response


@dataclass(frozen=True)
class Column:
    """One column of a download: its heading and how to read it from a row.

    ``value`` is a dotted path ("owner.email", "get_stage_display": callables are called, a
    dict row is read by key) or a function of the row.
    """

    header: str
    value: str | Callable[[Any], object]

    def read(self, row: Any) -> object:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            if current is None:
                return None
            current = current[part] if isinstance(current, dict) else getattr(current, part)
            if callable(current):
                current = current()
        return current


def export_response(
    rows: Iterable[Any],
    columns: Sequence[Column],
    *,
    filename: str,
    fmt: str,
    sheet: str = "",
) -> HttpResponse:
    """The rows under the columns' headers as a download named ``<filename>.<fmt>``."""
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    table: list[list[object]] = [[column.header for column in columns]]
    table += [[column.read(row) for column in columns] for row in rows]
    return download(table, filename=filename, fmt=fmt, sheet=sheet)


def table_rows(table) -> tuple[list[Column], list[list[object]]]:
    """A django-tables2 table as columns and rows for :func:`export_response`."""
    values = list(table.as_values())
    header, body = values[0], values[1:]
    columns = [Column(str(name), _index(i)) for i, name in enumerate(header)]
    return columns, body


def _index(i: int) -> Callable[[Sequence[object]], object]:
    return lambda row: row[i]


class ExportMixin:
    """For a list view: ``?format=csv|xlsx`` downloads the list instead of showing it.

    Set ``export_columns`` and ``export_filename``; ``export_rows`` defaults to the view's
    queryset (so the page's permission and filters apply), unpaginated.
    """

    export_columns: Sequence[Column] = ()
    export_filename: str = "list"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        fmt = request.GET.get("format")
        if fmt is None:
            return super().get(request, *args, **kwargs)
        return export_response(
            self.export_rows(), self.export_columns, filename=self.export_filename, fmt=fmt
        )

    def export_rows(self) -> Iterable[Any]:
        return self.get_queryset()


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


def _filename(name: str) -> str:
    # A header value: no quotes, no line breaks, nothing outside printable ASCII.
    safe = (c if c.isascii() and c.isprintable() and c not in '"\\' else "-" for c in name)
    cleaned = "".join(safe)
    return cleaned or "download"
