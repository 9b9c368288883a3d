"""The pieces every page table uses: the Page record, role sets and URL helpers.

``tests/pages.py`` gathers the tables; each business area keeps its own table in
``tests/pages_<area>.py`` built from these pieces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from socialvalue.accounts.roles import Role

ALL = frozenset(Role)
STAFF = frozenset(ALL - {Role.SUPPLIER})
ADMIN = frozenset({Role.ADMINISTRATOR})
AUDIT = frozenset({Role.ADMINISTRATOR, Role.VIEWER})
IMPORTERS = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]  # called inside the test, after the demo data is loaded
    roles: frozenset[Role]  # roles that may open it; everyone else gets 403
    public: bool = False  # open without signing in
    html: bool = True  # False for downloads (no accessibility scan)


def _first(model_path: str) -> int:
    from django.apps import apps

    app_label, model_name = model_path.split(".")
    return apps.get_model(app_label, model_name).objects.order_by("pk").first().pk


def _url(name: str, *args) -> Callable[[], str]:
    return lambda: reverse(name, args=[a() if callable(a) else a for a in args])


def _download(fmt: str, name: str, *args) -> Callable[[], str]:
    """A list page's own address with ``?format=csv|xlsx`` (core/exports.py)."""
    return lambda: _url(name, *args)() + f"?format={fmt}"


def _pk(model_path: str) -> Callable[[], int]:
    return lambda: _first(model_path)
