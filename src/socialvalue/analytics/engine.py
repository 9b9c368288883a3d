"""The spend engine: payments in DuckDB, one set of SQL queries, one ``analyse``.

Every figure is computed by SQL over a relation called ``payments`` (any table or view
with the columns in ``PAYMENT_COLUMNS``). For files, ``load_files`` fills that table:
large, clean CSVs are parsed by DuckDB itself (amounts and dates normalised in SQL), and
anything else goes through the Python reader, which also explains every bad line. The
web layer points the same queries at its own imported table instead.

``analyse`` makes one pass over the lines, grouping them by year, month, category and
supplier; supplier classification is then done once per distinct supplier (name,
postcode, company number) in Python, where the rules live, and joined back in SQL:
thousands of names, not millions of lines.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from socialvalue.analytics.columns import find_columns
from socialvalue.analytics.figures import (
    Lm3Figures,
    PeriodFigures,
    SpendFigures,
    SupplierTotal,
)
from socialvalue.analytics.postcodes import full_lookup
from socialvalue.analytics.reader import (
    Payment,
    PaymentFileError,
    RowError,
    SourceFile,
    decode_text,
    is_workbook,
    read_payments,
)
from socialvalue.domain.fiscal import DEFAULT_START_MONTH, FinancialYear
from socialvalue.domain.geography import (
    LocalArea,
    Place,
    PostcodeLookup,
    lancashire_force_area,
)
from socialvalue.domain.money import ZERO
from socialvalue.domain.multiplier import DEFAULT_LOCAL_RESPEND_SHARE, lm3_ratio
from socialvalue.domain.organisation_type import (
    DEFAULT_EXCLUDED_KINDS,
    OrganisationType,
    PublicBodyKind,
    classify_organisation,
)
from socialvalue.domain.place_coverage import (
    DEFAULT_PLACE_UNKNOWN_LIMIT,
    PlaceBasis,
    percent,
)
from socialvalue.domain.supplier_names import RegisteredSupplier, SupplierRegister, normalise_name
from socialvalue.domain.supplier_size import SizeBand, classify_size

# The relation every query reads. Any table or view with these columns will do.
PAYMENT_COLUMNS: dict[str, str] = {
    "source_file": "VARCHAR",  # file name as uploaded
    "sheet": "VARCHAR",  # worksheet name; NULL for CSV
    "row_number": "INTEGER",  # as Excel numbers it (header row = 1)
    "payment_date": "DATE",
    "amount": "DECIMAL(18,2)",  # pounds and pence; credits negative
    "supplier_name": "VARCHAR",  # as the ledger wrote it
    "category": "VARCHAR",
    "supplier_postcode": "VARCHAR",  # NULL when the file has none
    "supplier_company_number": "VARCHAR",
    "invoice_date": "DATE",  # NULL when the file has none (payments compliance)
}
# Table and view names are put into SQL text (DuckDB cannot bind identifiers), hence
# the "noqa: S608" marks: they come from code, never from users, and every public entry
# point checks them with _identifier; file paths are bound or quoted with _sql_text.
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"{name!r} is not a table or view name")
    return name


# CSVs at least this big go to DuckDB's own reader; smaller ones to the Python reader.
FAST_CSV_MIN_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class AnalysisOptions:
    """Choices a body makes about its analysis."""

    area: LocalArea | None = None  # default: the Lancashire police force area
    exclude_public_bodies: bool = True
    excluded_kinds: frozenset[PublicBodyKind] = DEFAULT_EXCLUDED_KINDS
    year: FinancialYear | None = None  # only this financial year
    start_month: int = DEFAULT_START_MONTH
    top: int = 10
    default_respend_share: Decimal = DEFAULT_LOCAL_RESPEND_SHARE
    lookup: PostcodeLookup | None = None  # default: every full postcode (ONSPD), then sectors
    # More than this part of spend with no known place: shares are shown as a range.
    place_unknown_limit: Decimal = DEFAULT_PLACE_UNKNOWN_LIMIT


@dataclass
class LoadResult:
    """What ``load_files`` put into ``payments`` and what it could not read."""

    lines: int = 0
    errors: list[RowError] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    fast_files: list[str] = field(default_factory=list)


def create_payments_table(con: duckdb.DuckDBPyConnection, name: str = "payments") -> None:
    """An empty ``payments`` table with the documented columns."""
    _identifier(name)
    columns = ", ".join(f"{c} {t}" for c, t in PAYMENT_COLUMNS.items())
    con.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")


def load_payments(
    con: duckdb.DuckDBPyConnection, payments: Iterable[Payment], name: str = "payments"
) -> int:
    """Append reader rows to the ``payments`` table (through a temporary CSV: DuckDB
    reads that far faster than row-by-row inserts)."""
    handle, path = tempfile.mkstemp(suffix=".csv", prefix="payments-")
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for p in payments:
                writer.writerow(
                    [
                        p.source_file,
                        p.sheet,
                        p.row_number,
                        p.payment_date.isoformat(),
                        p.amount,
                        p.supplier_name,
                        p.category,
                        p.postcode,
                        p.company_number,
                        p.invoice_date.isoformat() if p.invoice_date else None,
                    ]
                )
                count += 1
        if count:
            con.execute(
                f"INSERT INTO {name} SELECT * FROM read_csv(?, header=false, "  # noqa: S608
                f"columns={_columns_literal()}, quote='\"', escape='\"', "
                "nullstr='')",
                [path],
            )
    finally:
        os.unlink(path)
    return count


def _columns_literal() -> str:
    return "{" + ", ".join(f"'{c}': '{t}'" for c, t in PAYMENT_COLUMNS.items()) + "}"


def load_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | Path],
    mapping: Mapping[str, str] | None = None,
    lenient: bool = False,
    fast_min_bytes: int = FAST_CSV_MIN_BYTES,
    name: str = "payments",
    materialise: bool = True,
) -> LoadResult:
    """Read files into a fresh ``payments`` relation.

    Strict mode raises ``PaymentFileError`` (and loads nothing) if any line cannot be
    read; lenient loads the good lines. With ``materialise=False`` large CSVs are not
    copied: ``payments`` becomes a view that parses them as it is read (fastest for a
    one-off analysis, least memory); their lines are only checked by ``analyse``, which
    raises ``UnreadableLines`` so the caller can load again with ``materialise=True``.
    """
    table = _identifier(name) if materialise else f"{_identifier(name)}_read"
    _drop_relation(con, name)
    create_payments_table(con, table)
    result = LoadResult()
    slow: list[Path] = []
    views: list[str] = []
    for path in map(Path, paths):
        if path.stat().st_size >= fast_min_bytes and not _is_workbook_path(path):
            if not materialise:
                view = _fast_view(con, path, mapping, f"{name}_file{len(views)}")
                if view is not None:
                    views.append(view)
                    result.fast_files.append(path.name)
                    continue
            else:
                loaded = load_csv_fast(con, path, mapping, table)
                if loaded is not None:
                    result.lines += loaded
                    result.fast_files.append(path.name)
                    result.files.append(SourceFile(path.name, "", loaded))
                    continue
        slow.append(path)
    read = read_payments(slow, mapping, lenient=True)
    result.errors.extend(read.errors)
    result.files.extend(read.files)
    if result.errors and not lenient:
        con.execute(f"DELETE FROM {table}")  # noqa: S608
        raise PaymentFileError(result.errors)
    result.lines += load_payments(con, read.payments, table)
    if not materialise:
        union = " UNION ALL ".join(f"SELECT * FROM {v}" for v in [table, *views])  # noqa: S608
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {union}")
    return result


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fast_view(
    con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping[str, str] | None, view: str
) -> str | None:
    """A view that parses a CSV in SQL each time it is read; None if the header is not
    on the first line with our columns in it."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    header = next(csv.reader([decode_text(head).splitlines()[0] if head else ""]), [])
    cols = find_columns(header, mapping)
    if cols.missing():
        return None
    select = _fast_select(cols.positions, len(header))
    select = select.replace("?", _sql_text(path.name), 1)
    # DuckDB samples the file when the view is made, so a Windows-1252 file usually
    # shows itself here; one whose first such byte lies beyond the sample fails later,
    # in analyse, and the caller loads it again with materialise=True.
    for encoding in ("utf-8", "latin-1"):
        source = _csv_source(len(header), encoding).replace("?", _sql_text(str(path)), 1)
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {view} AS "  # noqa: S608
                + select.replace("{source}", source)
            )
            return view
        except duckdb.Error as exc:
            if "unicode" not in str(exc).lower():
                return None
    return None


def _drop_relation(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop a table or view of this name, whichever it is, so it can be made afresh."""
    views = con.execute("SELECT 1 FROM duckdb_views() WHERE view_name = ?", [name]).fetchall()
    kind = "VIEW" if views else "TABLE"
    con.execute(f"DROP {kind} IF EXISTS {_identifier(name)}")


def _csv_source(width: int, encoding: str) -> str:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    return (
        "read_csv(?, header=false, skip=1, all_varchar=true, delim=',', quote='\"', "
        f"escape='\"', encoding='{encoding}', columns={{{columns}}})"
    )


def _is_workbook_path(path: Path) -> bool:
    with path.open("rb") as handle:
        return is_workbook(path.name, handle.read(4))


# Amount text -> DECIMAL. Only the plain forms are accepted here (digits with an optional
# '£', thousands commas, a leading or trailing '-' or brackets for a credit); anything else gives
# NULL and sends the whole file to the Python reader, so both paths always agree.
_AMOUNT_SQL = """
CASE
  WHEN regexp_full_match({a}, '-?[0-9]+(\\.[0-9]+)?') THEN TRY_CAST({a} AS DECIMAL(18,2))
  WHEN regexp_full_match({a}, '\\([0-9]+(\\.[0-9]+)?\\)')
    THEN -TRY_CAST({a}[2:-2] AS DECIMAL(18,2))
  WHEN regexp_full_match({a}, '[0-9]+(\\.[0-9]+)?-') THEN -TRY_CAST({a}[1:-2] AS DECIMAL(18,2))
END"""
# Day-first dates; a four-digit-year format must not read '15/07/24' as the year 24.
_DATE_SQL = """
CASE
  WHEN length({d}) = 10 AND {d}[3] = '/' AND {d}[6] = '/' THEN try_strptime({d}, '%d/%m/%Y')
  WHEN regexp_full_match({d}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN try_strptime({d}, '%d/%m/%Y')
  WHEN regexp_full_match({d}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}') THEN try_strptime({d}, '%d/%m/%y')
  WHEN regexp_full_match({d}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN try_strptime({d}, '%Y-%m-%d')
  WHEN regexp_full_match({d}, '[0-9]{1,2}-[A-Za-z]{3}-[0-9]{2}') THEN try_strptime({d}, '%d-%b-%y')
END::DATE"""


def load_csv_fast(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: Mapping[str, str] | None = None,
    name: str = "payments",
) -> int | None:
    """Let DuckDB parse a CSV and normalise it in SQL; append it to ``payments``.

    Returns the number of lines loaded, or None (nothing loaded) when the file needs the
    Python reader: a header not on the first line, or any line SQL cannot read.
    """
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    header_line = decode_text(head).splitlines()[0] if head else ""
    header = next(csv.reader([header_line]), [])
    cols = find_columns(header, mapping)
    if cols.missing():
        return None
    select = _fast_select(cols.positions, len(header))
    # UTF-8 first; a Windows-1252 file (Excel's "CSV") fails on its first '£' and is
    # read again as Latin-1, which agrees with Windows-1252 on '£' and all letters.
    for encoding in ("utf-8", "latin-1"):
        try:
            return _load_fast(con, path, select, len(header), encoding, name)
        except duckdb.Error as exc:
            if "unicode" not in str(exc).lower():
                return None
    return None


def _aggregate(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    """The one row of an aggregate query without GROUP BY (SQL always returns one)."""
    row = con.execute(sql).fetchone()
    assert row is not None, sql
    return row


def _load_fast(
    con: duckdb.DuckDBPyConnection, path: Path, select: str, width: int, encoding: str, name: str
) -> int | None:
    source = _csv_source(width, encoding)
    con.execute("BEGIN TRANSACTION")
    try:
        before = _aggregate(con, f"SELECT count(*) FROM {name}")[0]  # noqa: S608
        sql = f"INSERT INTO {name} " + select.replace("{source}", source)
        con.execute(sql, [path.name, str(path)])
        # A line SQL could not read leaves a NULL behind: give the file to Python.
        bad, after = _aggregate(
            con,
            f"SELECT count(*) FILTER (amount IS NULL OR payment_date IS NULL "  # noqa: S608
            f"OR supplier_name IS NULL), count(*) FROM {name}",
        )
        if bad:
            con.execute("ROLLBACK")
            return None
        con.execute("COMMIT")
        return int(after - before)
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise


def _date_text(raw: str) -> str:
    """A date cell's text without a time of day ('01/04/2024 00:00' -> '01/04/2024')."""
    if raw == "NULL":
        return "NULL::VARCHAR"
    return (
        f"CASE WHEN length({raw}) > 10 THEN regexp_replace({raw}, "
        "'[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$', '') "
        f"ELSE {raw} END"
    )


def _fast_select(pos: Mapping[str, int], width: int) -> str:
    def col(field_name: str) -> str:
        if field_name not in pos:
            return "NULL"
        c = f"c{pos[field_name]}"
        # trim() costs more than the rest of the parsing; most values need none.
        return (
            f"CASE WHEN {c} LIKE ' %' OR {c} LIKE '% ' THEN nullif(trim({c}), '') "
            f"ELSE nullif({c}, '') END"
        )

    # DuckDB reads an empty field as NULL; a line of spaces falls through to the
    # Python reader (its supplier comes out NULL).
    blank = " AND ".join(f"c{i} IS NULL" for i in range(width))
    amount_text = f"replace(replace(replace({col('amount')}, '£', ''), ',', ''), ' ', '')"
    date_text = _date_text(col("date"))
    invoice_text = _date_text(col("invoice_date"))
    invoice_date = _DATE_SQL.replace("{d}", "i_txt")
    # row_number stays NULL: numbering lines would force DuckDB to read in one thread,
    # and a file read here has no bad line to point at (any bad line sends the whole
    # file to the Python reader, which numbers every row).
    return f"""
    SELECT ? AS source_file, NULL::VARCHAR AS sheet, NULL::INTEGER AS row_number,
           -- An invoice date SQL cannot read leaves the payment date NULL: the whole file
           -- then goes to the Python reader, which names the line and column.
           CASE WHEN i_txt IS NOT NULL AND {invoice_date} IS NULL THEN NULL
                ELSE {_DATE_SQL.replace("{d}", "d_txt")} END AS payment_date,
           {_AMOUNT_SQL.replace("{a}", "a_txt")} AS amount,
           {col("supplier")} AS supplier_name, {col("category")} AS category,
           {col("postcode")} AS supplier_postcode,
           {col("company_number")} AS supplier_company_number,
           {invoice_date} AS invoice_date
    FROM (SELECT *, {amount_text} AS a_txt, {date_text} AS d_txt, {invoice_text} AS i_txt
          FROM {{source}}
          WHERE NOT ({blank}))
    """  # noqa: S608


# --- classification of distinct suppliers, then the figures --------------------------

_SUPPLIER_COLUMNS = {
    "supplier_name": "VARCHAR",
    "postcode_key": "VARCHAR",
    "company_key": "VARCHAR",
    "supplier_key": "VARCHAR",
    "supplier_id": "INTEGER",  # one number per supplier_key: cheaper to count distinct
    "matched": "BOOLEAN",
    "place": "VARCHAR",
    "place_confidence": "DOUBLE",
    "place_basis": "VARCHAR",  # a PlaceBasis: how the place was decided
    "size_band": "VARCHAR",
    "size_confidence": "DOUBLE",
    "org_type": "VARCHAR",
    "public_body_kind": "VARCHAR",
    "influenceable": "BOOLEAN",
    "respend_share": "DECIMAL(6,4)",
}


# Suppliers already classified, for analyses of the same payments with the same register
# run one after another (the figures snapshot runs one per year, body and choice about
# public bodies): what the rules depend on (the postcode lookup, by identity: it holds
# millions of postcodes and lives as long as the process; the area; public bodies excluded
# and which) -> (ledger name, postcode, company number) -> the supplier's row of
# ``supplier_classes``. One such dict serves one register, for one computation.
ClassifiedSuppliers = dict[tuple[object, ...], dict[tuple[str, str, str], list[object]]]


def classify_suppliers(
    con: duckdb.DuckDBPyConnection,
    register: SupplierRegister | None,
    options: AnalysisOptions,
    known: ClassifiedSuppliers | None = None,
) -> None:
    """Build ``supplier_classes``: one row per distinct supplier (name, postcode, company
    number) in ``payment_groups``, classified by the domain rules. ``known`` (one per
    register) keeps each classification for the next analysis with the same register."""
    lookup = options.lookup or full_lookup()
    area = options.area or lancashire_force_area()
    register = register or SupplierRegister()
    rules = (id(lookup), area, options.exclude_public_bodies, options.excluded_kinds)
    done = {} if known is None else known.setdefault(rules, {})
    distinct = con.execute(
        "SELECT DISTINCT supplier_name, postcode_key, company_key FROM payment_groups "
        "WHERE supplier_name IS NOT NULL ORDER BY ALL"
    ).fetchall()
    handle, path = tempfile.mkstemp(suffix=".csv", prefix="suppliers-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            ids: dict[str, int] = {}
            for raw, postcode, company in distinct:
                row = done.get((raw, postcode, company))
                if row is None:
                    row = _classify_one(raw, postcode, company, register, lookup, area, options)
                    done[(raw, postcode, company)] = row
                key = str(row[3])  # the register's match key
                writer.writerow([*row[:4], ids.setdefault(key, len(ids)), *row[4:]])
        schema = ", ".join(f"{c} {t}" for c, t in _SUPPLIER_COLUMNS.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE supplier_classes ({schema})")
        if distinct:
            columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in _SUPPLIER_COLUMNS.items()) + "}"
            options_sql = (
                f"header=false, delim=',', columns={columns}, quote='\"', "
                "escape='\"', nullstr='\\N'"
            )
            sql = f"INSERT INTO supplier_classes SELECT * FROM read_csv(?, {options_sql})"  # noqa: S608
            con.execute(sql, [path])
    finally:
        os.unlink(path)


def _classify_one(
    raw: str,
    postcode: str,
    company: str,
    register: SupplierRegister,
    lookup: PostcodeLookup,
    area: LocalArea,
    options: AnalysisOptions,
) -> list[object]:
    match = register.match(raw)
    known = match.supplier or RegisteredSupplier(name=raw)
    place = lookup.classify(known.postcode or postcode or None, area, known.country)
    size = classify_size(
        known.employees, known.turnover, known.balance_sheet_total, known.size_band
    )
    kind = classify_organisation(
        known.name if match.matched else raw,
        known.legal_form,
        known.charity_number,
        known.company_number,
    )
    excluded = (
        options.exclude_public_bodies
        and kind.kind is OrganisationType.PUBLIC_BODY
        and kind.public_body_kind in options.excluded_kinds
    )
    respend = known.local_respend_share
    return [
        raw,
        postcode,
        company,
        # A registered supplier is one supplier under every ledger name it is paid under.
        normalise_name(known.name) if match.matched else match.key,
        match.matched,
        place.place.value,
        place.confidence,
        PlaceBasis.of_level(place.level).value,
        size.band.value,
        size.confidence,
        kind.kind.value,
        kind.public_body_kind.value if kind.public_body_kind else "\\N",
        not excluded,
        "\\N" if respend is None else Decimal(str(respend)),
    ]


class UnreadableLines(ValueError):
    """A relation handed to ``analyse`` has lines without a date, amount or supplier.

    Only a view straight over a file can have them (``load_files(materialise=False)``);
    the caller should load the file again with ``materialise=True``, which names them.
    """


def _group_payments(
    con: duckdb.DuckDBPyConnection, relation: str, options: AnalysisOptions
) -> None:
    """The only pass over the lines: one row per year, month, category and supplier as
    the ledger names it (with postcode and company number).

    Everything after this reads ``payment_groups`` (thousands to a few million rows)
    instead of every payment line.
    """
    start = options.start_month
    where = ""
    if options.year is not None:
        fy = options.year
        where = f"WHERE payment_date BETWEEN DATE '{fy.start}' AND DATE '{fy.end}'"
    # The financial year is named by its first calendar year; the month is its first day
    # here (a date is cheaper to group by than text) and 'YYYY-MM' in the figures.
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE payment_groups AS
    SELECT CASE WHEN month(payment_date) >= {start} THEN year(payment_date)
                ELSE year(payment_date) - 1 END AS fy,
           date_trunc('month', payment_date) AS month, category, supplier_name,
           coalesce(supplier_postcode, '') AS postcode_key,
           coalesce(supplier_company_number, '') AS company_key,
           count(*) AS lines, sum(amount) AS amount, count(*) FILTER (amount < 0)
             AS negatives, min(payment_date) AS first_date, max(payment_date) AS last_date,
           count(*) FILTER (amount IS NULL OR payment_date IS NULL
                            OR supplier_name IS NULL) AS unreadable
    FROM {relation}
    {where}
    GROUP BY ALL
    """)  # noqa: S608
    unreadable = _aggregate(con, "SELECT sum(unreadable) FROM payment_groups")[0]
    if unreadable:
        raise UnreadableLines(f"{unreadable} line(s) without a date, amount or supplier")


def _classify_groups(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
    CREATE OR REPLACE TEMP VIEW classified AS
    SELECT g.*, s.supplier_key, s.supplier_id, s.matched, s.place, s.place_basis, s.size_band,
           s.org_type, s.influenceable,
           s.respend_share, CASE WHEN s.influenceable THEN g.amount ELSE 0 END AS infl
    FROM payment_groups g JOIN supplier_classes s
      USING (supplier_name, postcode_key, company_key)
    """)


_PLACES = [p.value for p in Place]
_SIZES = [b.value for b in SizeBand]
_TYPES = [t.value for t in OrganisationType]
_BASES = [b.value for b in PlaceBasis]

# One query over payment_groups gives every period figure and the overall summary (the
# empty grouping set); a second gives the top suppliers.
_PERIOD_SQL = f"""
SELECT fy, strftime(month, '%Y-%m') AS month, category, grouping(fy) AS g_fy,
       grouping(month) AS g_month, grouping(category) AS g_category,
       sum(lines) AS lines, sum(amount) AS total, sum(infl) AS influenceable,
       sum(infl) FILTER (place = 'force_area') AS force_area,
       sum(infl) FILTER (place IN ('force_area', 'north_west')) AS north_west,
       sum(infl) FILTER (place = 'outside_uk') AS outside_uk,
       sum(infl) FILTER (place = 'unknown') AS place_unknown,
       sum(infl) FILTER (size_band IN ('micro', 'small', 'medium')) AS sme,
       sum(infl) FILTER (size_band = 'unknown') AS size_unknown,
       sum(infl) FILTER (org_type = 'vcse') AS vcse,
       count(DISTINCT supplier_id) AS suppliers,
       sum(infl) FILTER (place = 'force_area') AS round2,
       sum(infl * coalesce(respend_share, $share)) FILTER (place = 'force_area') AS round3,
       sum(infl * $share) FILTER (place = 'force_area' AND respend_share IS NULL)
         AS round3_assumed,
       sum(negatives) AS negatives, min(first_date), max(last_date),
       count(DISTINCT supplier_id) FILTER (matched) AS matched,
       {", ".join(f"sum(infl) FILTER (place = '{p}')" for p in _PLACES)},
       {", ".join(f"sum(infl) FILTER (size_band = '{b}')" for b in _SIZES)},
       {", ".join(f"sum(amount) FILTER (org_type = '{t}')" for t in _TYPES)},
       {", ".join(f"sum(infl) FILTER (place_basis = '{b}')" for b in _BASES)}
FROM classified
GROUP BY GROUPING SETS ((), (fy), (fy, month), (fy, category))
ORDER BY fy NULLS FIRST, month NULLS FIRST, category NULLS FIRST
"""  # noqa: S608

_TOP_SQL = """
SELECT fy, supplier_key, sum(amount) AS total, sum(lines) AS lines
FROM classified GROUP BY GROUPING SETS ((supplier_key), (fy, supplier_key))
QUALIFY row_number() OVER (PARTITION BY fy ORDER BY sum(amount) DESC, supplier_key) <= $top
ORDER BY fy NULLS FIRST, total DESC, supplier_key
"""


def analyse(
    con: duckdb.DuckDBPyConnection,
    suppliers: SupplierRegister | None = None,
    options: AnalysisOptions | None = None,
    relation: str = "payments",
    known: ClassifiedSuppliers | None = None,
) -> SpendFigures:
    """All spend figures for the payments in ``relation`` (a table or view with the
    ``PAYMENT_COLUMNS``), classifying suppliers with the register and the options
    (``known``: see :func:`classify_suppliers`)."""
    options = options or AnalysisOptions()
    _identifier(relation)
    _group_payments(con, relation, options)
    classify_suppliers(con, suppliers, options, known)
    _classify_groups(con)
    rows = con.execute(_PERIOD_SQL, {"share": options.default_respend_share}).fetchall()
    overall = next(r for r in rows if r[3])  # the () grouping set
    years, months, categories, lm3 = _periods([r for r in rows if not r[3]], options)
    top = _top(con, options)
    n_places, n_sizes, n_types = len(_PLACES), len(_SIZES), len(_TYPES)
    extra = overall[24:]
    bases = extra[n_places + n_sizes + n_types :]
    return SpendFigures(
        lines=overall[6] or 0,
        total=_money(overall[7]),
        influenceable=_money(overall[8]),
        negatives=overall[20] or 0,
        first_date=overall[21],
        last_date=overall[22],
        suppliers=overall[16],
        matched_suppliers=overall[23],
        by_place=dict(zip(_PLACES, map(_money, extra[:n_places]), strict=True)),
        by_size=dict(zip(_SIZES, map(_money, extra[n_places : n_places + n_sizes]), strict=True)),
        by_type=dict(
            zip(_TYPES, map(_money, extra[n_places + n_sizes : -len(_BASES)]), strict=True)
        ),
        by_place_basis=dict(zip(_BASES, map(_money, bases), strict=True)),
        place_unknown_limit=options.place_unknown_limit,
        years=years,
        months=months,
        categories=categories,
        top_suppliers=[t for t in top if t.year is None],
        top_suppliers_by_year=[t for t in top if t.year is not None],
        unmatched_suppliers=_unmatched(con) if suppliers and suppliers.suppliers else [],
        lm3=lm3,
        notes=_notes(options),
    )


def _unmatched(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT supplier_key FROM supplier_classes WHERE NOT matched ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def _top(con: duckdb.DuckDBPyConnection, options: AnalysisOptions) -> list[SupplierTotal]:
    rows = con.execute(_TOP_SQL, {"top": options.top}).fetchall()
    return [
        SupplierTotal(None if fy is None else _label(fy, options), key, _money(total), n)
        for fy, key, total, n in rows
    ]


def _label(fy: int, options: AnalysisOptions) -> str:
    return FinancialYear(fy, options.start_month).label


def _money(value: Decimal | int | float | str | None) -> Decimal:
    """A sum from DuckDB (DECIMAL, or NULL over no rows) to pounds and pence."""
    return ZERO if value is None else Decimal(value).quantize(Decimal("0.01"))


def _periods(
    rows: list[tuple[Any, ...]], options: AnalysisOptions
) -> tuple[list[PeriodFigures], list[PeriodFigures], list[PeriodFigures], list[Lm3Figures]]:
    years: list[PeriodFigures] = []
    months: list[PeriodFigures] = []
    categories: list[PeriodFigures] = []
    lm3: list[Lm3Figures] = []
    for row in rows:
        fy, month, category, _g_fy, g_month, g_category, lines = row[:7]
        total, influenceable, force_area, north_west, outside_uk, place_unknown = (
            _money(v) for v in row[7:13]
        )
        sme, size_unknown, vcse = (_money(v) for v in row[13:16])
        round2, round3, assumed = (_money(v) for v in row[17:20])
        basis = dict(zip(_BASES, map(_money, row[-len(_BASES) :]), strict=True))
        figures = PeriodFigures(
            year=_label(fy, options),
            month=None if g_month else month,
            category=None if g_category else category,
            lines=lines,
            total=total,
            influenceable=influenceable,
            force_area=force_area,
            north_west=north_west,
            outside_uk=outside_uk,
            place_unknown=place_unknown,
            sme=sme,
            size_unknown=size_unknown,
            vcse=vcse,
            suppliers=row[16],
            placed_by_postcode=basis[PlaceBasis.POSTCODE],
            placed_by_country=basis[PlaceBasis.COUNTRY],
            estimated_by_sector=basis[PlaceBasis.SECTOR],
            estimated_by_district=basis[PlaceBasis.DISTRICT],
            place_unknown_limit=options.place_unknown_limit,
        )
        if g_month and g_category:
            years.append(figures)
            lm3.append(
                Lm3Figures(
                    figures.year,
                    figures.influenceable,
                    round2,
                    round3,
                    lm3_ratio(figures.influenceable, round2, round3),
                    assumed,
                    f"ASSUMPTION: suppliers without a survey answer re-spend "
                    f"{options.default_respend_share} of their income locally",
                )
            )
        elif g_category:
            months.append(figures)
        else:
            categories.append(figures)
    return years, months, categories, lm3


def _notes(options: AnalysisOptions) -> list[str]:
    notes = [
        "Shares are of influenceable spend (by type: of all spend); "
        "North West includes the local area.",
        "Places are decided by each supplier's own full postcode in the ONS Postcode "
        "Directory; by an estimate from its postcode sector or district only when no full "
        f"postcode is known. A place share with more than {percent(options.place_unknown_limit)}"
        " of spend of no known place is shown as the range it could lie in. Postcode data: "
        "Office for National Statistics, Open Government Licence v3.0.",
    ]
    if options.exclude_public_bodies:
        kinds = ", ".join(sorted(k.label for k in options.excluded_kinds))
        notes.append(f"Influenceable spend leaves out public bodies ({kinds}).")
    notes.append(
        f"LM3 round 3 assumes a local re-spend share of {options.default_respend_share} "
        "for suppliers without a survey answer; replace it with survey results."
    )
    return notes
