"""Every CSV and XLSX download the service produces, written by one writer.

A list page adds :class:`ExportMixin` and a column spec; ``?format=csv`` or ``?format=xlsx``
on the page's own address (with its filters) then downloads the whole list, not just one
page of it. Other code calls :func:`export_response` with model rows or plain dicts/objects,
or :func:`download` / :func:`csv_bytes` / :func:`xlsx_bytes` with a ready table (a header
row, then the rows).

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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse

# The writer itself is pure (the spend command line uses it too): domain/spreadsheet.py.
from socialvalue.domain.spreadsheet import (  # noqa: F401 (re-exported for callers)
    BOM,
    FORMULA_STARTS,
    Table,
    csv_bytes,
    safe_cell,
    unquote,
    write_csv,
    xlsx_bytes,
)

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def _filename(name: str) -> str:
    # A header value: no quotes, no line breaks, nothing outside printable ASCII.
    safe = (c if c.isascii() and c.isprintable() and c not in '"\\' else "-" for c in name)
    cleaned = "".join(safe)
    return cleaned or "download"
