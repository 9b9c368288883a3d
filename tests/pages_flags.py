"""Pages of issue 16: red flags. See tests/pages.py."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from tests.pagekit import ADMIN, Page, _download, _url

FLAG_READERS = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, Role.VIEWER})


def _first_flag() -> int:
    from socialvalue.flags.models import Flag

    return Flag.objects.order_by("pk").first().pk


PAGES: list[Page] = [
    Page("red flags", _url("flags:flag_list"), FLAG_READERS),
    Page("red flags CSV", _download("csv", "flags:flag_list"), FLAG_READERS, html=False),
    Page("red flags XLSX", _download("xlsx", "flags:flag_list"), FLAG_READERS, html=False),
    Page("red flag", _url("flags:flag_detail", _first_flag), FLAG_READERS),
    Page("red flag rules", _url("flags:rule_list"), FLAG_READERS),
    Page("red flag rule change", _url("flags:rule_create"), ADMIN),
]
