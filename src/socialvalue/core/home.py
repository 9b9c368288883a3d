"""What each role's home page lists: every app registers a provider of home tasks.

A provider takes the signed-in user and returns ``HomeTask`` items for what that user has to
do now (or ``[]``). Apps register in ``AppConfig.ready`` so the core app needs no knowledge
of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeTask:
    group: str  # heading on the home page, e.g. "Policy"
    title: str  # what to do, in plain English
    url: str
    detail: str = ""
    count: int | None = None


HomeTaskProvider = Callable[[object], list[HomeTask]]
_providers: list[HomeTaskProvider] = []


def register(provider: HomeTaskProvider) -> HomeTaskProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def providers() -> list[HomeTaskProvider]:
    return list(_providers)
