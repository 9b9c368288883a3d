"""Supplier classification shared by the pandas and hand-written-query baselines.

Both baselines get the same per-supplier classes as the engine (computed once per
distinct supplier with the domain rules), so the benchmark compares the work on the
payment lines, which is what grows with file size.
"""

from __future__ import annotations

from socialvalue.analytics.engine import AnalysisOptions, _classify_one
from socialvalue.analytics.postcodes import full_lookup
from socialvalue.analytics.suppliers_file import read_supplier_register
from socialvalue.domain.geography import lancashire_force_area

COLUMNS = [
    "supplier_name",
    "postcode_key",
    "company_key",
    "supplier_key",
    "matched",
    "place",
    "place_confidence",
    "place_basis",
    "size_band",
    "size_confidence",
    "org_type",
    "public_body_kind",
    "influenceable",
    "respend_share",
]


def classify(pairs: list[tuple[str, str]], register_path: str) -> list[list[object]]:
    register = read_supplier_register(register_path)
    lookup, area, options = full_lookup(), lancashire_force_area(), AnalysisOptions()
    return [_classify_one(n, p or "", "", register, lookup, area, options) for n, p in pairs]
