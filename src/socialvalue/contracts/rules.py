"""Who may do what with contracts. Which contracts a user sees is decided by
``selectors.contracts_visible_to`` (a supplier's users: their organisation's only)."""

import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_contract_manager,
    is_procurement_officer,
    is_staff_member,
    is_supplier_user,
)

rules.add_perm("contracts.view_contract", is_staff_member | is_supplier_user)
rules.add_perm("contracts.view_delivery", is_staff_member)  # dashboards, supplier records
rules.add_perm("contracts.award_contract", is_procurement_officer | is_administrator)
rules.add_perm(
    "contracts.manage_contract", is_procurement_officer | is_contract_manager | is_administrator
)
rules.add_perm("contracts.verify_delivery", is_contract_manager | is_administrator)
rules.add_perm("contracts.submit_return", is_supplier_user)
rules.add_perm(
    "contracts.send_message",
    is_supplier_user | is_procurement_officer | is_contract_manager | is_administrator,
)
