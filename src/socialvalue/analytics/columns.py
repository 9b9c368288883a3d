"""Finding the columns of a payment file from its header row.

Published files name the same column many ways (``Total Invoice Amount``, ``TOTAL``,
``Amount Paid``; ``SUPPLIER``, ``* SUPPLIER FINAL``, ``Name:``). Headers are compared
after dropping case, punctuation and marks such as ``*``; a caller can also pass an
explicit mapping from our field names to the file's header text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REQUIRED = ("date", "amount", "supplier")
OPTIONAL = ("category", "postcode", "company_number", "invoice_date")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "payment date",
        "paid date",
        "date paid",
        "transaction date",
        "invoice date",
        "posting date",
        "effective date",
        "date of payment",
    ),
    "amount": (
        "amount",
        "amount paid",
        "total",
        "total invoice amount",
        "net amount",
        "amount gbp",
        "value",
        "payment amount",
        "invoice amount",
        "total amount",
        "amount excl vat",
        "net value",
        "line amount",
        "gross amount",
    ),
    "supplier": (
        "supplier",
        "supplier name",
        "supplier final",
        "name",
        "vendor",
        "vendor name",
        "payee",
        "payee name",
        "beneficiary",
        "creditor",
        "creditor name",
        "merchant name",
        "recipient",
    ),
    "category": (
        "expenditure category",
        "category",
        "expense type",
        "expenditure type",
        "service area",
        "purpose",
        "description",
        "account description",
        "cost centre",
        "service",
        "expense area",
        "spend category",
    ),
    "postcode": ("postcode", "post code", "supplier postcode", "vendor postcode", "zip"),
    "company_number": (
        "company number",
        "companies house number",
        "company registration",
        "company reg no",
        "crn",
        "registered number",
        "company no",
    ),
    # The invoice's date, for how long it waited (payments compliance, s.69). A file whose
    # only date is headed "Invoice Date" gives it as the payment date (as before), not this.
    "invoice_date": (
        "invoice date",
        "date of invoice",
        "invoice received",
        "invoice received date",
        "date invoice received",
        "invoice receipt date",
        "inv date",
        "invoice dt",
    ),
}


def header_key(text: object) -> str:
    """'* SUPPLIER FINAL' -> 'supplier final'; 'Name:  ' -> 'name'."""
    if text is None:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", str(text).lower())).strip()


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (as Excel labels columns)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class ColumnMap:
    """Which column (0-based) holds each field, and the header text the user sees."""

    positions: dict[str, int]
    headers: dict[str, str]

    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.positions]

    def describe(self, field: str) -> str:
        """'Amount Paid (column H)' for error messages."""
        pos = self.positions[field]
        return f"{self.headers[field]} (column {column_letter(pos)})"


def find_columns(header: Sequence[object], mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Locate our fields in a header row, by explicit mapping first, then by synonym.

    Synonyms are tried in order of preference so 'Expenditure Category' wins over
    'Description' for the category when a file has both.
    """
    keys = [header_key(h) for h in header]
    positions: dict[str, int] = {}
    for field, wanted in (mapping or {}).items():
        wanted_key = header_key(wanted)
        if wanted_key in keys:
            positions[field] = keys.index(wanted_key)
    for field in (*REQUIRED, *OPTIONAL):
        if field in positions:
            continue
        for synonym in SYNONYMS[field]:
            if synonym in keys and keys.index(synonym) not in positions.values():
                positions[field] = keys.index(synonym)
                break
    headers = {f: str(header[i]).strip() for f, i in positions.items()}
    return ColumnMap(positions=positions, headers=headers)


def accepted_headings(field: str) -> str:
    """The headings that are read as ``field``, for messages: 'amount, amount paid, total'."""
    return ", ".join(SYNONYMS[field])


def recognised_fields(row: Sequence[object], mapping: Mapping[str, str] | None = None) -> set[str]:
    """Which of our fields (required or optional) a row's cells name."""
    return set(find_columns(row, mapping).positions)


def looks_like_header(row: Sequence[object], mapping: Mapping[str, str] | None = None) -> bool:
    """True when a row names at least the date, amount and supplier columns."""
    return not find_columns(row, mapping).missing()
