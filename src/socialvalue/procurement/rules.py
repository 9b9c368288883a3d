import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_staff_member,
)

rules.add_perm("procurement.view_project", is_staff_member)
rules.add_perm("procurement.manage_project", is_procurement_officer | is_administrator)
rules.add_perm("procurement.manage_bands", is_administrator)
rules.add_perm("procurement.manage_guidance", is_administrator)
rules.add_perm("procurement.view_staff_guidance", is_staff_member)
