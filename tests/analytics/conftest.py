"""Paths to the real published spend files copied into tests/fixtures/spend."""

from __future__ import annotations

from pathlib import Path

import pytest

SPEND = Path(__file__).resolve().parent.parent / "fixtures" / "spend"
PCC_FILES = sorted((SPEND / "lancashire_pcc").glob("*.xlsx"))
HYNDBURN_FILES = sorted((SPEND / "hyndburn").glob("*.csv"))


@pytest.fixture
def pcc_files() -> list[Path]:
    return PCC_FILES


@pytest.fixture
def hyndburn_files() -> list[Path]:
    return HYNDBURN_FILES
