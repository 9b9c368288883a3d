"""Pages of issue 4: tenders, bids, evaluation. See tests/pages.py."""

from __future__ import annotations

from tests.pagekit import Page

PAGES: list[Page] = []
