"""The supplier register: import from CSV (all-or-nothing, every problem by row and column)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError
from socialvalue.core.import_jobs import JobOutcome, import_job_create, import_job_run
from socialvalue.core.tabular import TableError, TableRow, read_table
from socialvalue.domain.geography import normalise_postcode
from socialvalue.domain.organisation_type import SUPPLIER_REGISTER_FORMS
from socialvalue.suppliers.models import Supplier, SupplierImport

COLUMNS = [
    "name",
    "aliases",
    "companies_house_number",
    "charity_number",
    "postcode",
    "employees",
    "turnover",
    "balance_sheet_total",
    "legal_form",
    "local_branch",
]
# A register file may give a legal form by its stored value or by its label.
_LEGAL_FORMS = {form.value: form.value for form, _label in SUPPLIER_REGISTER_FORMS if form}
_LEGAL_FORMS.update({label.lower(): form.value for form, label in SUPPLIER_REGISTER_FORMS if form})


@dataclass(frozen=True)
class SupplierProblem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column {self.column}: {self.message}" if self.row else self.message


class SupplierImportError(DomainError):
    def __init__(self, filename: str, problems: list[SupplierProblem]) -> None:
        self.problems = problems
        super().__init__(
            f"{filename} has {len(problems)} problem(s): nothing was imported", field="file"
        )


def _supplier_fields(row: TableRow, problems: list[SupplierProblem]) -> dict | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(SupplierProblem(row.number, column, message))

    name = row.text("name")
    if not name:
        problem("name", "enter the supplier's name")
    postcode = row.text("postcode")
    if postcode and normalise_postcode(postcode) is None:
        problem("postcode", f"'{postcode}' is not a UK postcode")
    employees = row.text("employees")
    if employees and not employees.isdigit():
        problem("employees", f"'{employees}' is not a whole number of staff")
    money = {}
    for column in ("turnover", "balance_sheet_total"):
        raw = row.text(column).replace("£", "").replace(",", "")
        try:
            money[column] = Decimal(raw).quantize(Decimal("0.01")) if raw else None
        except InvalidOperation:
            problem(column, f"'{raw}' is not an amount in pounds")
            continue
        if money[column] is not None and money[column] < 0:
            problem(column, "cannot be negative")
    legal_form = _LEGAL_FORMS.get(row.text("legal_form").lower())
    if row.text("legal_form") and legal_form is None:
        problem("legal_form", f"'{row.text('legal_form')}' is not a legal form we know")
    branch = row.text("local_branch").lower()
    if branch not in {"", "yes", "no", "true", "false", "1", "0"}:
        problem("local_branch", "write yes or no")
    if len(problems) > before:
        return None
    return {
        "name": name,
        "aliases": "\n".join(a.strip() for a in row.text("aliases").split("|") if a.strip()),
        "companies_house_number": row.text("companies_house_number").upper(),
        "charity_number": row.text("charity_number"),
        "postcode": normalise_postcode(postcode) or "" if postcode else "",
        "employees": int(employees) if employees else None,
        "turnover": money.get("turnover"),
        "balance_sheet_total": money.get("balance_sheet_total"),
        "legal_form": legal_form or "",
        "local_branch": branch in {"yes", "true", "1"},
    }


def register_changed(*, reason: str) -> None:
    """The spend figures place, size and type suppliers by the register: every change to
    it makes them due again (computed in the background)."""
    from socialvalue.spend.services import figures_stale

    figures_stale(reason=reason)


def suppliers_import_create(*, actor, content: bytes, filename: str) -> SupplierImport:
    """Store an uploaded register file and queue its import in the background worker."""
    from socialvalue.suppliers.tasks import run_suppliers_import

    return import_job_create(
        model=SupplierImport,
        actor=actor,
        filename=filename,
        content=content,
        verb="suppliers_import",
        task=run_suppliers_import,
    )


def suppliers_import_run(*, job: SupplierImport) -> SupplierImport:
    """The worker's side: import the stored file, all or nothing, and record the outcome."""

    def work(content: bytes, filename: str) -> JobOutcome:
        added, updated = suppliers_import(actor=job.uploaded_by, content=content, filename=filename)
        return JobOutcome(message=f"{added} suppliers added, {updated} updated.")

    return import_job_run(job=job, verb="suppliers_import", work=work)


@transaction.atomic
def suppliers_import(*, actor, content: bytes, filename: str) -> tuple[int, int]:
    """Add or update (by Companies House number, else by name) every supplier in a CSV or
    XLSX file; nothing is saved when any row has a problem. Returns (added, updated)."""
    try:
        table = read_table(content, filename)
    except TableError as exc:
        raise SupplierImportError(filename, [SupplierProblem(None, "-", str(exc))]) from exc
    problems = [
        SupplierProblem(None, h, f"'{h}' is not a column of the supplier register")
        for h in table.headers
        if h and h not in COLUMNS
    ]
    if "name" not in table.headers:
        problems.append(SupplierProblem(None, "name", "the file has no 'name' column"))
    rows = [] if problems else [_supplier_fields(row, problems) for row in table.rows]
    if problems:
        raise SupplierImportError(filename, problems)
    added = updated = 0
    for fields in rows:
        number = fields["companies_house_number"]
        existing = (
            Supplier.objects.filter(companies_house_number=number).first()
            if number
            else Supplier.objects.filter(name__iexact=fields["name"]).first()
        )
        if existing is None:
            Supplier.objects.create(**fields)
            added += 1
        else:
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.save()
            updated += 1
    register_changed(reason=f"supplier register imported from {filename}")
    event_record(
        actor=actor,
        verb="suppliers.imported",
        reason=filename,
        data={"added": added, "updated": updated},
    )
    return added, updated
