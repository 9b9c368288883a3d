"""``rules`` predicates about who a user is. Apps combine them into permissions."""

from __future__ import annotations

import rules

from socialvalue.accounts.roles import STAFF_ROLES, TWO_FACTOR_ROLES, Role


def _in_role(*roles: Role):
    names = {role.value for role in roles}

    @rules.predicate
    def predicate(user) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        return bool(_role_names(user) & names)

    return predicate


def _role_names(user) -> set[str]:
    # Cached on the user object for the request: every page checks several permissions.
    cached = getattr(user, "_role_names_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names_cache = cached
    return cached


is_administrator = _in_role(Role.ADMINISTRATOR)
is_procurement_officer = _in_role(Role.PROCUREMENT_OFFICER)
is_evaluator = _in_role(Role.EVALUATOR)
is_contract_manager = _in_role(Role.CONTRACT_MANAGER)
is_viewer = _in_role(Role.VIEWER)
is_staff_member = _in_role(*STAFF_ROLES)
has_a_role = _in_role(*Role)
has_two_factor_role = _in_role(*TWO_FACTOR_ROLES)


@rules.predicate
def is_supplier_user(user) -> bool:
    """A supplier's user: the Supplier role and tied to one supplier organisation."""
    return _in_role(Role.SUPPLIER)(user) and getattr(user, "supplier_id", None) is not None
