"""The roles of the platform. Each role is a Django group of the same name.

Who may do what is decided by the ``rules`` predicates in ``accounts/predicates.py`` and the
permissions each app declares in its ``rules.py``; the groups are how a role is given to a user.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", "Administrator"
    PROCUREMENT_OFFICER = "Procurement officer", "Procurement officer"
    EVALUATOR = "Evaluator", "Evaluator"
    CONTRACT_MANAGER = "Contract manager", "Contract manager"
    SUPPLIER = "Supplier", "Supplier (external organisation user)"
    VIEWER = "Viewer", "Viewer (board member, auditor)"


ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMINISTRATOR: "Keeps the policy, the measures library and the users up to date.",
    Role.PROCUREMENT_OFFICER: "Runs procurements from the first idea to award.",
    Role.EVALUATOR: "Scores the tenders they are assigned to.",
    Role.CONTRACT_MANAGER: "Checks what suppliers deliver against their commitments.",
    Role.SUPPLIER: "Bids for work and reports what the contract delivered, for one supplier.",
    Role.VIEWER: "Reads everything that is not sealed or personal, changes nothing.",
}

STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.PROCUREMENT_OFFICER,
        Role.EVALUATOR,
        Role.CONTRACT_MANAGER,
        Role.VIEWER,
    }
)

# Roles that must sign in with a second factor when MFA_REQUIRED is on (docs/roles.md):
# everyone who works inside the organisation, viewers included (they read the audit log and
# every unsealed record). Suppliers may choose to.
TWO_FACTOR_ROLES = frozenset(STAFF_ROLES)
