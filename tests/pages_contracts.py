"""Pages of issue 5: award, contracts, delivery. See tests/pages.py."""

from __future__ import annotations

from tests.pagekit import Page

PAGES: list[Page] = []
