"""Payment lines in bulk: a large CSV parsed by DuckDB, and rows written without the ORM.

The Python reader checks every line and explains each bad one, but reads a few tens of
thousands of lines a second. A large CSV is first given to the spend engine's SQL parser
(``analytics.engine.load_csv_fast``, the same one ``spend analyse`` uses), into a DuckDB
database on disk so memory stays bounded; only when every line parses there, and the file
has exactly one line per payment (no blank or multi-line rows, so each payment's row number
is its line), are those lines used. Anything else goes to the Python reader, which finds
and names the bad lines.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
from django.db import connection

from socialvalue.analytics.engine import FAST_CSV_MIN_BYTES, create_payments_table, load_csv_fast
from socialvalue.analytics.reader import text_encoding
from socialvalue.spend.models import Payment

# DuckDB keeps the parsed lines in its file and spills to disk beyond this.
DUCKDB_MEMORY_LIMIT = "256MB"
FAST_MIN_BYTES = FAST_CSV_MIN_BYTES

# The payment columns written, in order (``spend_import_id`` first, then a row).
COLUMNS = (
    "spend_import_id",
    "source_file",
    "sheet",
    "row_number",
    "payment_date",
    "amount",
    "supplier_name",
    "category",
    "supplier_postcode",
    "supplier_company_number",
    "fingerprint",
    "invoice_date",
)
AMOUNT, FINGERPRINT = 4, 9  # positions in a row (without spend_import_id)
FAST_BATCH = 200_000  # lines a transaction (and a move of the progress count)

# As reader.row_fingerprint: sha256 of "<file sha>\x1f<sheet: none>\x1f<row>", 40 hex digits.
# Amounts and dates as text: turning millions of them into Python objects costs more than
# the rest (the database reads the text as the ORM's values would be written). A batch goes
# in ordered by fingerprint: the unique index is then written page after page instead of
# at random (a quarter less COPY time for a million lines on PostgreSQL).
_ROWS_SQL = """
SELECT $file AS source_file, '' AS sheet, (rowid + 2)::INTEGER AS row_number,
       payment_date::VARCHAR, amount::VARCHAR, left(supplier_name, 255),
       left(coalesce(category, ''), 255), left(coalesce(supplier_postcode, ''), 10),
       left(coalesce(supplier_company_number, ''), 20),
       left(sha256($sha || chr(31) || chr(31) || (rowid + 2)::VARCHAR), 40) AS fingerprint,
       invoice_date::VARCHAR AS invoice_date
FROM lines WHERE rowid >= $first AND rowid < $stop
ORDER BY fingerprint
"""


def data_lines(path: Path) -> int:
    """Lines after the header line (a last line without a line ending counts)."""
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        count += 1
    return max(count - 1, 0)


class FastLines:
    """The lines of a large clean CSV parsed by DuckDB, or ``None`` from :meth:`open`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, work: tempfile.TemporaryDirectory, n: int):
        self._con, self._work, self.count = con, work, n

    @classmethod
    def open(cls, path: Path) -> FastLines | None:
        with path.open("rb") as handle:
            workbook = handle.read(2) == b"PK"
        if workbook or path.stat().st_size < FAST_MIN_BYTES:
            return None
        # DuckDB reads a non-UTF-8 file as Latin-1, which differs from the Windows-1252 the
        # Python reader uses on curly quotes and dashes: such a file goes to the reader.
        if text_encoding(path) != "utf-8-sig":
            return None
        work = tempfile.TemporaryDirectory(prefix="spend-import-")
        con = duckdb.connect(os.path.join(work.name, "lines.duckdb"))
        try:
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            con.execute("SET preserve_insertion_order = true")  # rowid is the line's order
            create_payments_table(con, "lines")
            loaded = load_csv_fast(con, path, None, "lines")
            if loaded is None or loaded != data_lines(path):
                raise _NotClean
        except (_NotClean, duckdb.Error):
            con.close()
            work.cleanup()
            return None
        return cls(con, work, loaded)

    def write(
        self, spend_import_id: int, *, filename: str, sha: str, first: int, stop: int
    ) -> tuple[int, Decimal]:
        """Insert the lines ``first`` to ``stop`` (their order in the file, from 0) as
        payments of the import; returns how many and their total. PostgreSQL takes them as
        CSV written by DuckDB (COPY, no Python object per row); SQLite row by row."""
        params = {"file": filename[:255], "sha": sha, "first": first, "stop": stop}
        if connection.vendor == "postgresql":
            self._copy_to_postgresql(spend_import_id, params)
        else:
            result = self._con.execute(_ROWS_SQL, params)
            while rows := result.fetchmany(20_000):
                insert_rows(spend_import_id, rows)
        count, total = _one(
            self._con,
            "SELECT count(*), coalesce(sum(amount), 0) FROM lines "
            "WHERE rowid >= $first AND rowid < $stop",
            {"first": first, "stop": stop},
        )
        return int(count), Decimal(total)

    def _copy_to_postgresql(self, spend_import_id: int, params: dict[str, object]) -> None:
        batch = os.path.join(self._work.name, "batch.csv")
        select = f"SELECT {int(spend_import_id)} AS spend_import_id, * FROM ({_ROWS_SQL})"  # noqa: S608
        # Every field quoted: PostgreSQL's CSV reads an unquoted empty field as NULL.
        self._con.execute(
            f"COPY ({select}) TO '{batch}' (HEADER false, FORCE_QUOTE *)",  # noqa: S608
            params,
        )
        table = connection.ops.quote_name(Payment._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
        sql = f"COPY {table} ({names}) FROM STDIN (FORMAT csv)"
        with (
            connection.cursor() as cursor,
            open(batch, "rb") as data,
            cursor.cursor.copy(sql) as copy,
        ):
            while chunk := data.read(1 << 20):
                copy.write(chunk)
        os.unlink(batch)

    def close(self) -> None:
        self._con.close()
        self._work.cleanup()


class _NotClean(Exception):
    pass


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> tuple:
    row = con.execute(sql, params).fetchone()
    assert row is not None  # an aggregate without GROUP BY always has its row
    return row


def insert_rows(spend_import_id: int, rows: list[tuple]) -> None:
    """Insert payment rows in bulk, without the ORM's work per object: COPY on PostgreSQL;
    on SQLite one prepared INSERT run for every row (12 parameters a statement, far within
    its limit of variables)."""
    if not rows:
        return
    table = connection.ops.quote_name(Payment._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((spend_import_id, *row))
            return
        marks = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
            [(spend_import_id, *row) for row in rows],
        )
