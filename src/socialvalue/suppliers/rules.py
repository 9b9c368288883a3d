import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_staff_member,
)

rules.add_perm("suppliers.view_register", is_staff_member)
rules.add_perm("suppliers.import_register", is_administrator | is_procurement_officer)
# Adding suppliers and aliases, editing details: the same people who import the register.
rules.add_perm("suppliers.manage_register", is_administrator | is_procurement_officer)
