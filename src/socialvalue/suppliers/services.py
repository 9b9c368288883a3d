"""The supplier register: import from CSV (all-or-nothing, every problem by row and column),
and building it from the payments: a payee added as a new supplier or as another name
(alias) of one already there, one by one or in bulk; each supplier's details edited.

Every change to the register changes the spend figures that rest on it: each service here
ends with ``register_changed`` (the one place that tells the spend figures), as do the
admin's save and delete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation

from django.db import transaction

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed, permission_check
from socialvalue.core.import_jobs import JobOutcome, import_job_create, import_job_run
from socialvalue.core.tabular import TableError, TableRow, read_table
from socialvalue.domain.geography import normalise_postcode
from socialvalue.domain.organisation_type import SUPPLIER_REGISTER_FORMS
from socialvalue.domain.registration_numbers import (
    normalise_charity_number,
    normalise_company_number,
)
from socialvalue.domain.supplier_match import SUGGEST_MIN_SCORE
from socialvalue.domain.supplier_names import normalise_name
from socialvalue.domain.supplier_size import SizeBand, stated_band
from socialvalue.suppliers import selectors
from socialvalue.suppliers.models import Supplier, SupplierAlias, SupplierImport

COLUMNS = [
    "name",
    "aliases",
    "companies_house_number",
    "charity_number",
    "postcode",
    "employees",
    "size",
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
    default_code = "import.rows"

    def __init__(self, filename: str, problems: list[SupplierProblem]) -> None:
        super().__init__(
            f"{filename} has {len(problems)} problem(s): nothing was imported", field="file"
        )
        self.problems = problems  # type: ignore[assignment]  # by row (core.import_jobs)


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
    size = row.text("size").lower()
    if size and stated_band(size) is SizeBand.UNKNOWN:
        problem("size", f"'{row.text('size')}' is not a size: write micro, small, medium or large")
    branch = row.text("local_branch").lower()
    if branch not in {"", "yes", "no", "true", "false", "1", "0"}:
        problem("local_branch", "write yes or no")
    if len(problems) > before:
        return None
    return {
        "name": name,
        "aliases": [a.strip() for a in row.text("aliases").split("|") if a.strip()],
        "companies_house_number": row.text("companies_house_number").upper(),
        "charity_number": row.text("charity_number"),
        "postcode": normalise_postcode(postcode) or "" if postcode else "",
        "employees": int(employees) if employees else None,
        "size_band": size,
        "turnover": money.get("turnover"),
        "balance_sheet_total": money.get("balance_sheet_total"),
        "legal_form": legal_form or "",
        "local_branch": branch in {"yes", "true", "1"},
    }


def register_changed(*, reason: str) -> None:
    """The spend figures place, size and type suppliers by the register: every change to
    it makes them due again (computed in the background).

    Called inside the change's transaction: ``figures_stale`` marks the figures out of date
    with the change (undone with it) and queues one computation when it commits, however
    many changes the transaction makes.
    """
    from socialvalue.spend.services import figures_stale

    figures_stale(reason=reason)


def suppliers_import_create(*, actor, content: bytes, filename: str) -> SupplierImport:
    """Store an uploaded register file and queue its import in the background worker."""
    from socialvalue.suppliers.tasks import run_suppliers_import

    permission_check(
        actor,
        "suppliers.import_register",
        "Only procurement officers and administrators import the supplier register",
    )

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
    if actor is not None:  # None: a command run on the server, acting as the system
        permission_check(
            actor,
            "suppliers.import_register",
            "Only procurement officers and administrators import the supplier register",
        )
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
    owners = selectors.name_owners()
    for number, row_fields in enumerate(rows, start=2):
        aliases = row_fields.pop("aliases")
        ch_number = row_fields["companies_house_number"]
        existing = (
            Supplier.objects.filter(companies_house_number=ch_number).first()
            if ch_number
            else Supplier.objects.filter(name__iexact=row_fields["name"]).first()
        )
        if existing is None:
            existing = Supplier.objects.create(**row_fields)
            added += 1
        else:
            for key, value in row_fields.items():
                setattr(existing, key, value)
            existing.save()
            updated += 1
        owners.setdefault(normalise_name(existing.name), existing.pk)
        problems.extend(
            SupplierProblem(number, "aliases", message)
            for message in _claim(existing, aliases, owners)
        )
    if problems:  # an alias another supplier is already paid under: the atomic undoes all
        raise SupplierImportError(filename, problems)
    event_record(
        actor=actor,
        verb=AuditEvent.SUPPLIERS_IMPORTED,
        reason=filename,
        data={"added": added, "updated": updated},
    )
    register_changed(reason=f"supplier register imported from {filename}")
    return added, updated


def _claim(supplier: Supplier, names: Sequence[str], owners: dict[str, int]) -> list[str]:
    """Store each name as an alias of the supplier unless the register already answers to
    it; returns a problem for each name that belongs to another supplier."""
    problems = []
    for name in names:
        key = normalise_name(name)
        owner = owners.get(key)
        if not key or owner == supplier.pk:
            continue  # blank, or already this supplier's name or alias
        if owner is not None:
            problems.append(f"'{name}' is already a name of {_name_of(owner)}")
            continue
        SupplierAlias.objects.create(supplier=supplier, name=name.strip()[:255], key=key)
        owners[key] = supplier.pk
    return problems


def _name_of(pk: int) -> str:
    return (
        Supplier.objects.filter(pk=pk).values_list("name", flat=True).first() or "another supplier"
    )


# Building the register from the payments -------------------------------------------------

MANAGE_PERMISSION = "suppliers.manage_register"


@dataclass(frozen=True)
class SupplierDetails:
    """What an officer records about a supplier (the register's fields, in its words)."""

    name: str
    postcode: str = ""
    size_band: str = ""  # a SizeBand value, "" when not known
    legal_form: str = ""  # a LegalForm value from SUPPLIER_REGISTER_FORMS
    companies_house_number: str = ""
    charity_number: str = ""
    employees: int | None = None
    turnover: Decimal | None = None
    local_branch: bool = False


def _check_allowed(actor) -> None:
    if actor is None or not actor.has_perm(MANAGE_PERMISSION):
        raise NotAllowed(
            "Only procurement officers and administrators change the supplier register"
        )


def _clean_details(details: SupplierDetails, supplier: Supplier | None) -> dict:
    """The details as stored, or a DomainError naming the field that is wrong."""
    name = " ".join(details.name.split())
    if not name:
        raise DomainError("Enter the supplier's name", field="name", code="supplier.name_missing")
    postcode = normalise_postcode(details.postcode) if details.postcode.strip() else ""
    if postcode is None:
        raise DomainError(
            f"'{details.postcode}' is not a UK postcode",
            field="postcode",
            code="supplier.postcode_not_uk",
        )
    number = normalise_company_number(details.companies_house_number)
    if number is None:
        raise DomainError(
            "Enter a Companies House number as 8 characters, like 01234567 or SC123456",
            field="companies_house_number",
            code="supplier.company_number_invalid",
        )
    charity = normalise_charity_number(details.charity_number)
    if charity is None:
        raise DomainError(
            "Enter a charity number like 1123456, SC012345 or NIC100123",
            field="charity_number",
            code="supplier.charity_number_invalid",
        )
    if details.size_band not in {"", *(b.value for b in SizeBand if b is not SizeBand.UNKNOWN)}:
        raise DomainError(
            "Choose the supplier's size", field="size_band", code="supplier.size_missing"
        )
    if details.legal_form not in {form.value for form, _label in SUPPLIER_REGISTER_FORMS}:
        raise DomainError(
            "Choose a legal form from the list",
            field="legal_form",
            code="supplier.legal_form_unknown",
        )
    if details.turnover is not None and details.turnover < 0:
        raise DomainError(
            "Turnover cannot be negative", field="turnover", code="supplier.turnover_negative"
        )
    others = Supplier.objects.exclude(pk=supplier.pk) if supplier else Supplier.objects.all()
    holder = others.filter(companies_house_number=number).first() if number else None
    if holder is not None:
        raise DomainError(
            f"{holder.name} already has Companies House number {number}",
            field="companies_house_number",
            code="supplier.company_number_taken",
        )
    owner = selectors.name_owners().get(normalise_name(name))
    if owner is not None and (supplier is None or owner != supplier.pk):
        raise DomainError(
            f"The register already answers to this name: it is {_name_of(owner)}. Add the "
            "payee as another name of that supplier instead.",
            field="name",
            code="supplier.name_taken",
        )
    cleaned = {f.name: getattr(details, f.name) for f in fields(details)}
    cleaned.update(
        name=name,
        postcode=postcode,
        companies_house_number=number,
        charity_number=charity,
        turnover=None if details.turnover is None else details.turnover.quantize(Decimal("0.01")),
    )
    return cleaned


@transaction.atomic
def supplier_create(*, actor, details: SupplierDetails, payee: str = "") -> Supplier:
    """Add a supplier to the register. ``payee``, the name the payments use, is kept as
    its alias when it differs from the name given, so those payments count for it."""
    _check_allowed(actor)
    supplier = Supplier.objects.create(**_clean_details(details, None))
    problems = _claim(supplier, [payee], selectors.name_owners()) if payee else []
    if problems:
        raise DomainError(problems[0], field="name", code="supplier.name_taken")
    event_record(
        actor=actor,
        verb=AuditEvent.SUPPLIER_CREATED,
        target=supplier,
        data={"payee": payee} if payee else None,
    )
    register_changed(reason=f"supplier {supplier.name} added")
    return supplier


@transaction.atomic
def supplier_update(*, actor, supplier: Supplier, details: SupplierDetails) -> Supplier:
    """Change a supplier's details. A new name keeps the old one as an alias, so the
    payments made under it still count for the supplier."""
    _check_allowed(actor)
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    cleaned = _clean_details(details, supplier)
    changes = {
        field: [_plain(getattr(supplier, field)), _plain(value)]
        for field, value in cleaned.items()
        if getattr(supplier, field) != value
    }
    if not changes:
        return supplier
    old_name = supplier.name
    for field, value in cleaned.items():
        setattr(supplier, field, value)
    supplier.save()
    if "name" in changes:
        _claim(supplier, [old_name], selectors.name_owners())
    event_record(actor=actor, verb=AuditEvent.SUPPLIER_CHANGED, target=supplier, data=changes)
    register_changed(reason=f"supplier {supplier.name} changed")
    return supplier


def _plain(value: object) -> object:
    """A value as the audit log's JSON keeps it."""
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def supplier_aliases_add(*, actor, supplier: Supplier, names: Sequence[str]) -> list[str]:
    """Record payees as other names of one supplier, so their payments count for it; all
    or none: a name another supplier is already paid under refuses the lot. Returns the
    names added (a name the supplier already answers to is not added twice)."""
    _check_allowed(actor)
    wanted = [n.strip() for n in names if n and n.strip()]
    if not wanted:
        raise DomainError(
            "Choose at least one name from the payments",
            field="payees",
            code="supplier.alias_missing",
        )
    owners = selectors.name_owners()
    before = set(owners)
    problems = _claim(supplier, wanted, owners)
    if problems:
        raise DomainError("; ".join(problems), field="payees", code="supplier.name_taken")
    added, seen = [], set(before)
    for name in wanted:  # in the order given, each new normalised name once
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            added.append(name)
    if added:
        event_record(
            actor=actor,
            verb=AuditEvent.SUPPLIER_ALIASES_ADDED,
            target=supplier,
            data={"names": added},
        )
        register_changed(reason=f"{len(added)} payee name(s) added to {supplier.name}")
    return added


@transaction.atomic
def supplier_alias_remove(*, actor, alias: SupplierAlias) -> None:
    """Take a name away from a supplier (added by mistake): its payments are unmatched again."""
    _check_allowed(actor)
    supplier = alias.supplier
    event_record(
        actor=actor,
        verb=AuditEvent.SUPPLIER_ALIAS_REMOVED,
        target=supplier,
        data={"name": alias.name},
    )
    alias.delete()
    register_changed(reason=f"alias {alias.name} removed from {supplier.name}")


@dataclass(frozen=True)
class AcceptedSuggestion:
    payee: str
    supplier: str
    score: int


@transaction.atomic
def supplier_suggestions_accept(
    *, actor, payees: Sequence[str], min_score: int
) -> list[AcceptedSuggestion]:
    """Add each payee as an alias of its best suggested supplier when that scores at least
    ``min_score`` and no other supplier ties with it (domain/supplier_match.py)."""
    _check_allowed(actor)
    if not SUGGEST_MIN_SCORE <= min_score <= 100:
        raise DomainError(
            f"Enter a score from {SUGGEST_MIN_SCORE} to 100",
            field="min_score",
            code="supplier.suggest_score_out_of_range",
        )
    owners = selectors.name_owners()
    suppliers = {str(s.pk): s for s in Supplier.objects.all()}
    accepted = []
    for best in selectors.suggestions_to_accept(payees, min_score):
        if normalise_name(best.payee) in owners:
            continue  # matched since the page was shown
        supplier = suppliers[best.supplier.reference or ""]
        if not _claim(supplier, [best.payee], owners):
            accepted.append(AcceptedSuggestion(best.payee, supplier.name, best.score))
    event_record(
        actor=actor,
        verb=AuditEvent.SUPPLIER_SUGGESTIONS_ACCEPTED,
        reason=f"suggestions scoring {min_score} or more",
        data={"accepted": [[a.payee, a.supplier, a.score] for a in accepted]},
    )
    if accepted:
        register_changed(reason=f"{len(accepted)} suggested alias(es) accepted")
    return accepted
