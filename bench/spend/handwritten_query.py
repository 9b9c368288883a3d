"""The floor: one hand-written DuckDB query over the CSV for the same figures.

python bench/spend/handwritten_query.py payments.csv suppliers.csv
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile

import duckdb
from classify_table import COLUMNS, classify

QUERY = """
WITH p AS (
  SELECT "Expenditure Category" AS category,
         strptime("Payment Date", '%d/%m/%Y')::DATE AS d,
         replace("Amount Paid", ',', '')::DECIMAL(18,2) AS amount,
         "Supplier" AS supplier, "Supplier Postcode" AS postcode
  FROM read_csv(?, all_varchar=true)
), c AS (
  SELECT p.*, s.supplier_key, s.place, s.size_band, s.org_type,
         CASE WHEN s.influenceable THEN amount ELSE 0 END AS infl,
         year(d) - CASE WHEN month(d) < 4 THEN 1 ELSE 0 END AS fy,
         strftime(d, '%Y-%m') AS month
  FROM p JOIN classes s ON s.supplier_name = p.supplier AND s.postcode_key = p.postcode
)
SELECT fy, month, category, count(*), sum(amount), sum(infl),
       sum(infl) FILTER (place = 'force_area'),
       sum(infl) FILTER (place IN ('force_area', 'north_west')),
       sum(infl) FILTER (size_band IN ('micro', 'small', 'medium')),
       sum(infl) FILTER (org_type = 'vcse'), count(DISTINCT supplier_key)
FROM c GROUP BY GROUPING SETS ((fy), (fy, month), (fy, category))
"""


def main(path: str, register: str) -> None:
    con = duckdb.connect()
    pairs = con.execute(
        'SELECT DISTINCT "Supplier", "Supplier Postcode" FROM read_csv(?, all_varchar=true)', [path]
    ).fetchall()
    handle, tmp = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(handle, "w", newline="") as out:
        csv.writer(out).writerows(classify(pairs, register))
    types = dict.fromkeys(COLUMNS, "VARCHAR") | {"influenceable": "BOOLEAN", "matched": "BOOLEAN"}
    con.execute(
        "CREATE TABLE classes AS SELECT * FROM read_csv(?, header=false, columns=?)", [tmp, types]
    )
    os.unlink(tmp)
    rows = con.execute(QUERY, [path]).fetchall()
    json.dump({"groups": len(rows)}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
