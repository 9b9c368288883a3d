"""Downloads of any list as CSV or XLSX, from the same rows the page shows.

A list page adds :class:`ExportMixin` and a column spec; ``?format=csv`` or ``?format=xlsx``
on the page's own address (with its filters) then downloads the whole list, not just one
page of it. Other code can call :func:`export_response` directly, with model rows or plain
dicts/objects.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    """The rows as a download named ``<filename>.<fmt>``; 404 for an unknown format."""
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    table = [[column.header for column in columns]]
    table += [[column.read(row) for column in columns] for row in rows]
    body = _xlsx(table, sheet or filename) if fmt == "xlsx" else _csv(table)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


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


def _plain(value: object) -> object:
    """A cell value both formats can hold: numbers stay numbers, the rest becomes text."""
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
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return text


def _csv(table: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([_csv_cell(_plain(value)) for value in row])
    # With a byte order mark Excel opens the file as UTF-8 (names with accents, £).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _xlsx(table: list[list[object]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    for row in table:
        sheet.append([_xlsx_cell(_plain(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "List")[:31]
