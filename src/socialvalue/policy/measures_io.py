"""Import and export of the measures library as CSV or XLSX, in one format both ways.

A body imports the library it is licensed to use (for example the National TOMs, whose
values may not be redistributed). Import checks every row first and saves nothing when any
row has a problem; each problem names its row and column as the spreadsheet shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, permission_check
from socialvalue.core.exports import csv_bytes, xlsx_bytes
from socialvalue.core.import_jobs import JobOutcome, import_job_create, import_job_run
from socialvalue.core.tabular import Table, TableError, TableRow, read_table
from socialvalue.policy.models import Measure, MeasureImport, Outcome, Priority, Theme
from socialvalue.policy.selectors import priorities_current

COLUMNS = [
    "code",
    "title",
    "theme",
    "outcome_code",
    "outcome",
    "unit",
    "proxy_value",
    "proxy_source",
    "proxy_year",
    "evidence_required",
    "priorities",
    "active",
]
REQUIRED = ["code", "title", "theme", "outcome", "unit", "evidence_required"]
_TRUE = {"yes", "y", "true", "1", "active", ""}
_FALSE = {"no", "n", "false", "0", "inactive"}


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # None: a problem with the whole file
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.row else f"Column {self.column}"
        return f"{where}: {self.message}"


class MeasureImportError(DomainError):
    """The file has problems; nothing was saved."""

    default_code = "import.rows"

    def __init__(self, filename: str, problems: list[ImportProblem]) -> None:
        self.filename = filename
        count = len(problems)
        super().__init__(
            f"{filename} has {count} problem{'s' if count != 1 else ''}: nothing was imported",
            code="import.rows",
            field="file",
        )
        # The file's problems by row and column replace the one problem above (set after
        # it): the import job lists them (core.import_jobs).
        self.problems = problems  # type: ignore[assignment]


@dataclass
class MeasureRow:
    row: int
    code: str
    title: str
    theme: Theme
    outcome_code: str
    outcome_title: str
    unit: str
    proxy_value: Decimal | None
    proxy_source: str
    proxy_year: int | None
    evidence_required: str
    priorities: list[Priority]
    active: bool


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    outcomes_created: list[str] = field(default_factory=list)


class _RowChecker:
    """Turns table rows into MeasureRows, collecting every problem on the way."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.problems: list[ImportProblem] = []
        self.themes = {t.code.lower(): t for t in Theme.objects.all()}
        self.themes.update({t.title.lower(): t for t in Theme.objects.all()})
        self.priorities: dict[str, Priority] = {}
        for priority in priorities_current():
            self.priorities[str(priority.number)] = priority
            self.priorities[priority.title.lower()] = priority
        self.seen_codes: dict[str, int] = {}

    def problem(self, row: TableRow | None, column: str, message: str) -> None:
        number = row.number if row else None
        self.problems.append(ImportProblem(number, column, message))

    def check_headers(self) -> bool:
        missing = [c for c in REQUIRED if c not in self.table.headers]
        for column in missing:
            self.problem(None, column, f"the file has no '{column}' column")
        unknown = [h for h in self.table.headers if h and h not in COLUMNS]
        for column in unknown:
            self.problem(None, column, f"'{column}' is not a column of the measures library")
        return not missing and not unknown

    def check(self, row: TableRow) -> MeasureRow | None:
        before = len(self.problems)
        code = row.text("code")
        if not code:
            self.problem(row, "code", "enter the measure's code")
        elif code.lower() in self.seen_codes:
            self.problem(row, "code", f"code {code} is also on row {self.seen_codes[code.lower()]}")
        else:
            self.seen_codes[code.lower()] = row.number
        for column in ("title", "outcome", "evidence_required"):
            if not row.text(column):
                self.problem(row, column, f"enter the {column.replace('_', ' ')}")
        unit = row.text("unit")
        if not unit:
            self.problem(row, "unit", "enter the unit the measure counts, for example hours")
        theme = self._theme(row)
        proxy_value = self._proxy_value(row)
        proxy_year = self._proxy_year(row)
        proxy_source = row.text("proxy_source")
        if proxy_value is not None and not proxy_source:
            self.problem(row, "proxy_source", "a proxy value needs the source it comes from")
        if proxy_value is not None and not row.text("proxy_year"):
            self.problem(row, "proxy_year", "a proxy value needs the year of its source")
        priorities = self._priorities(row)
        active = self._active(row)
        if len(self.problems) > before:
            return None
        return MeasureRow(
            row=row.number,
            code=code,
            title=row.text("title"),
            theme=theme,
            outcome_code=row.text("outcome_code"),
            outcome_title=row.text("outcome"),
            unit=unit,
            proxy_value=proxy_value,
            proxy_source=proxy_source,
            proxy_year=proxy_year,
            evidence_required=row.text("evidence_required"),
            priorities=priorities,
            active=active,
        )

    def _theme(self, row: TableRow) -> Theme | None:
        name = row.text("theme")
        if not name:
            self.problem(row, "theme", "enter the theme's code or title")
            return None
        theme = self.themes.get(name.lower())
        if theme is None:
            self.problem(
                row, "theme", f"there is no theme '{name}': add it first or correct the name"
            )
        return theme

    def _proxy_value(self, row: TableRow) -> Decimal | None:
        raw = row.text("proxy_value").replace("£", "").replace(",", "")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problem(row, "proxy_value", f"'{raw}' is not a number of pounds")
            return None
        if not value.is_finite():
            self.problem(row, "proxy_value", f"'{raw}' is not a number of pounds")
            return None
        if value < 0:
            self.problem(row, "proxy_value", f"the proxy value cannot be negative ({raw})")
            return None
        if value != value.quantize(Decimal("0.01")):
            self.problem(row, "proxy_value", f"give the proxy value in pounds and pence ({raw})")
            return None
        return value.quantize(Decimal("0.01"))

    def _proxy_year(self, row: TableRow) -> int | None:
        raw = row.text("proxy_year")
        if not raw:
            return None
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            self.problem(row, "proxy_year", f"'{raw}' is not a year like 2024")
            return None
        return int(raw)

    def _priorities(self, row: TableRow) -> list[Priority]:
        found = []
        for name in filter(None, (p.strip() for p in row.text("priorities").split(";"))):
            priority = self.priorities.get(name.lower())
            if priority is None:
                self.problem(
                    row, "priorities", f"'{name}' is not a priority of the current plan period"
                )
            else:
                found.append(priority)
        return found

    def _active(self, row: TableRow) -> bool:
        raw = row.text("active").lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        self.problem(row, "active", f"write yes or no, not '{raw}'")
        return True


def measures_check(*, content: bytes, filename: str) -> list[MeasureRow]:
    """Read and check a measures file. Raises MeasureImportError listing every problem."""
    try:
        table = read_table(content, filename)
    except TableError as exc:
        raise MeasureImportError(filename, [ImportProblem(None, "-", str(exc))]) from exc
    checker = _RowChecker(table)
    if not checker.check_headers():
        raise MeasureImportError(filename, checker.problems)
    rows = [checker.check(row) for row in table.rows]
    if not table.rows:
        checker.problem(None, "code", "the file has no measures below its header row")
    if checker.problems:
        raise MeasureImportError(filename, checker.problems)
    return [row for row in rows if row is not None]


@transaction.atomic
def measures_import(*, actor, content: bytes, filename: str) -> ImportSummary:
    """Create or update (by code) every measure in the file, or nothing if any row is wrong."""
    rows = measures_check(content=content, filename=filename)
    summary = ImportSummary()
    for row in rows:
        outcome = _outcome_for(row, summary)
        measure, created = Measure.objects.update_or_create(
            code=row.code,
            defaults={
                "title": row.title,
                "outcome": outcome,
                "unit": row.unit,
                "proxy_value": row.proxy_value,
                "proxy_source": row.proxy_source,
                "proxy_year": row.proxy_year,
                "evidence_required": row.evidence_required,
                "active": row.active,
            },
        )
        measure.priorities.set(row.priorities)
        (summary.created if created else summary.updated).append(row.code)
    event_record(
        actor=actor,
        verb=AuditEvent.MEASURES_IMPORTED,
        reason=filename,
        data={
            "created": summary.created,
            "updated": summary.updated,
            "outcomes_created": summary.outcomes_created,
        },
    )
    return summary


def measures_import_create(*, actor, content: bytes, filename: str) -> MeasureImport:
    """Store an uploaded measures file and queue its import in the background worker.
    (``measures_import`` itself, run by the worker for this job or by the demo loader as
    "system", checks no permission: this is where the uploader's is checked.)"""
    from socialvalue.policy.tasks import run_measures_import

    permission_check(actor, "policy.manage_policy", "Only administrators import measures")

    return import_job_create(
        model=MeasureImport,
        actor=actor,
        filename=filename,
        content=content,
        verb="measures_import",
        task=run_measures_import,
    )


def measures_import_run(*, job: MeasureImport) -> MeasureImport:
    """The worker's side: import the stored file, all or nothing, and record the outcome."""

    def work(content: bytes, filename: str) -> JobOutcome:
        summary = measures_import(actor=job.uploaded_by, content=content, filename=filename)
        return JobOutcome(
            message=f"{len(summary.created)} measures added, {len(summary.updated)} updated, "
            f"{len(summary.outcomes_created)} outcomes added.",
            result={
                "Measures added": summary.created,
                "Measures updated": summary.updated,
                "Outcomes added": summary.outcomes_created,
            },
        )

    return import_job_run(job=job, verb="measures_import", work=work)


def _outcome_for(row: MeasureRow, summary: ImportSummary) -> Outcome:
    if row.outcome_code:
        outcome = Outcome.objects.filter(code=row.outcome_code).first()
        if outcome is not None and outcome.theme_id != row.theme.pk:
            raise MeasureImportError(
                "the file",
                [
                    ImportProblem(
                        row.row,
                        "outcome_code",
                        f"outcome {row.outcome_code} belongs to theme {outcome.theme}, "
                        f"not {row.theme}",
                    )
                ],
            )
    else:
        outcome = Outcome.objects.filter(theme=row.theme, title__iexact=row.outcome_title).first()
    if outcome is None:
        code = row.outcome_code or _next_outcome_code(row.theme)
        outcome = Outcome.objects.create(theme=row.theme, code=code, title=row.outcome_title)
        summary.outcomes_created.append(code)
    elif outcome.title != row.outcome_title:
        outcome.title = row.outcome_title
        outcome.save(update_fields=["title"])
    return outcome


def _next_outcome_code(theme: Theme) -> str:
    number = theme.outcomes.count() + 1
    while Outcome.objects.filter(code=f"{theme.code}-O{number}").exists():
        number += 1
    return f"{theme.code}-O{number}"


def measures_export_rows() -> list[list[object]]:
    """The library as rows under COLUMNS, in the format import reads."""
    rows: list[list[object]] = []
    measures = Measure.objects.select_related("outcome__theme").prefetch_related("priorities")
    for m in measures.order_by("outcome__theme__order", "code"):
        rows.append(
            [
                m.code,
                m.title,
                m.outcome.theme.code,
                m.outcome.code,
                m.outcome.title,
                m.unit,
                None if m.proxy_value is None else Decimal(f"{m.proxy_value:.2f}"),
                m.proxy_source,
                m.proxy_year or "",
                m.evidence_required,
                "; ".join(str(p.number) for p in m.priorities.order_by("number")),
                "yes" if m.active else "no",
            ]
        )
    return rows


def measures_export_table() -> list[list[object]]:
    """The header row, then the library, for the one download writer (core/exports.py)."""
    return [list(COLUMNS), *measures_export_rows()]


def measures_export_csv() -> bytes:
    return csv_bytes(measures_export_table())


def measures_export_xlsx() -> bytes:
    """Proxy values are number cells, read back to the penny."""
    return xlsx_bytes(measures_export_table(), "Measures")
