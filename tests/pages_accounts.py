"""Pages of two-factor sign-in (accounts/two_factor_views.py).

The role matrix runs with MFA_REQUIRED off and demo users who have not set it up, so each
page shows its "not set up" state; tests/accounts/test_two_factor.py covers the steps with
two-factor sign-in on.
"""

from __future__ import annotations

from tests.pagekit import ADMIN, ALL, Page, _pk, _url

PAGES: list[Page] = [
    Page("two-factor sign-in", _url("accounts:two_factor"), ALL),
    Page("two-factor set up", _url("accounts:two_factor_setup"), ALL),
    Page("two-factor code", _url("accounts:two_factor_verify"), ALL),
    Page("recovery codes", _url("accounts:two_factor_codes"), ALL),
    Page("two-factor remove", _url("accounts:two_factor_remove"), ALL),
    Page(
        "user two-factor reset",
        _url("accounts:user_two_factor_reset", _pk("accounts.User")),
        ADMIN,
    ),
]
