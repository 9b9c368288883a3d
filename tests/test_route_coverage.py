"""Every address of the service is in the role tests: a page in tests/pages.py (GET by every
role), an action in tests/actions.py (POST by every other role), or named in NOT_GUARDED with
the reason. The admin and the API have their own tables (tests/test_admin_sealing.py,
tests/api_routes.py). A new route fails here until it is added to one of them."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.actions import ACTIONS, NOT_GUARDED
from tests.pages import PAGES

OWN_TABLES = ("admin", "api")


def _route_names(patterns, namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _route_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_route_is_in_the_role_tests(demo):
    covered = {resolve(page.url().split("?")[0]).view_name for page in PAGES}
    covered |= {resolve(action.url()).view_name for action in ACTIONS}
    covered |= set(NOT_GUARDED)
    missing = sorted(
        name
        for name in set(_route_names(get_resolver().url_patterns))
        if name.split(":")[0] not in OWN_TABLES and name not in covered
    )
    assert missing == [], (
        "Routes in no role test: add each to tests/pages*.py (a page), tests/actions.py "
        f"(a POST-only action) or NOT_GUARDED there with the reason: {missing}"
    )
