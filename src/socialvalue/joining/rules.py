import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_supplier_user,
)

# Confirming that a person acts for an organisation already on the register: the officers
# who keep the register (docs/security.md "Suppliers joining").
rules.add_perm("joining.confirm_claims", is_procurement_officer | is_administrator)
rules.add_perm("joining.invite_colleagues", is_supplier_user)
