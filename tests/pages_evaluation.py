"""Pages of issue 4, evaluation part. See tests/pages.py."""

from __future__ import annotations

from tests.pagekit import Page

PAGES: list[Page] = []
