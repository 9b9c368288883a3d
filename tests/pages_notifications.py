"""Pages of notifications (issue 14 item 4). See tests/pages.py."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from tests.pagekit import ALL, Page, _url

PAGES: list[Page] = [
    Page("notifications", _url("notifications:list"), ALL),
    Page("notification settings", _url("notifications:settings"), ALL),
    Page(
        "tender categories to hear about",
        _url("notifications:categories"),
        frozenset({Role.SUPPLIER}),
    ),
]
