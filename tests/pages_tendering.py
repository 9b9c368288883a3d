"""Pages of issue 4: tenders and bids (evaluation pages: tests/pages_evaluation.py)."""

from __future__ import annotations

from tests.pagekit import Page

PAGES: list[Page] = []

# The evaluation pages, kept in their own table.
from tests.pages_evaluation import PAGES as EVALUATION_PAGES  # noqa: E402

PAGES += EVALUATION_PAGES
