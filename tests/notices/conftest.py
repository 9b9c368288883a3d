"""Fixtures of the notices tests: the awarded procurement of the transparency tests (a
tender, two bids, a contract with a KPI and a verified delivery line)."""

from tests.transparency.conftest import Awarded, awarded  # noqa: F401
