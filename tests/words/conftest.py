"""Fixtures of the words tests: the contract helpers of tests/contracts."""

from tests.contracts.conftest import make_contract, measure, staff_user  # noqa: F401
