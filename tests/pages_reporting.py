"""Pages of issue 7: annual review, transparency, OCDS, API. See tests/pages.py."""

from __future__ import annotations

from tests.pagekit import Page

PAGES: list[Page] = []
