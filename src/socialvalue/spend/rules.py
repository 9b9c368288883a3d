import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_staff_member,
)

rules.add_perm("spend.view_spend", is_staff_member)
rules.add_perm("spend.import_spend", is_administrator | is_procurement_officer)
