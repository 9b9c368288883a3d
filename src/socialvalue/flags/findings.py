"""What a flag computation finds, before it is stored: one ``Finding`` per flag."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from socialvalue.domain.flags import FlagCode


@dataclass(frozen=True)
class Finding:
    code: FlagCode
    key: str  # what it is about, stable across computations ("contract:12")
    title: str  # the thing flagged, in words ("LC-C-2026-007: Custody meals")
    summary: str  # why, in one or two sentences
    happened_on: date
    evidence: list[tuple[str, str]] = field(default_factory=list)
    project_id: int | None = None
    contract_id: int | None = None
    supplier_id: int | None = None
    supplier_name: str = ""


@dataclass(frozen=True)
class Coverage:
    """Whether the data can support a flag, and why not when it cannot."""

    code: FlagCode
    supported: bool
    note: str = ""
