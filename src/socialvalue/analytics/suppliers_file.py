"""Reading a supplier register from a CSV file (for the command line and the benchmark).

Columns (header names, any order; only ``name`` is required): name, aliases (separated
by ``|``), postcode, country, company_number, charity_number, legal_form, employees,
size (micro, small, medium or large: used when staff and money are not given), turnover,
balance_sheet_total, local_respend_share, reference.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from socialvalue.analytics.reader import decode_text
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister


class SupplierFileError(ValueError):
    """The supplier file cannot be used."""


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def read_supplier_register(path: str | Path) -> SupplierRegister:
    """A register from a CSV with at least a ``name`` column."""
    text = decode_text(Path(path).read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    if "name" not in fields:
        raise SupplierFileError(f"{path}: the supplier file needs a 'name' column")
    register = SupplierRegister()
    for number, row in enumerate(reader, start=2):
        values = {k: _blank_to_none(row.get(original)) for k, original in fields.items()}
        name = values.get("name")
        if not name:
            continue
        number_text = values.get("employees")
        try:
            employees = int(number_text) if number_text else None
        except ValueError as exc:
            raise SupplierFileError(
                f"{path}, row {number}: employees {values['employees']!r} is not a number"
            ) from exc
        register.add(
            RegisteredSupplier(
                name=name,
                aliases=tuple(
                    a.strip() for a in (values.get("aliases") or "").split("|") if a.strip()
                ),
                postcode=values.get("postcode"),
                country=values.get("country"),
                company_number=values.get("company_number"),
                charity_number=values.get("charity_number"),
                legal_form=values.get("legal_form"),
                employees=employees,
                size_band=values.get("size"),
                turnover=values.get("turnover"),
                balance_sheet_total=values.get("balance_sheet_total"),
                local_respend_share=values.get("local_respend_share"),
                reference=values.get("reference"),
            )
        )
    return register
