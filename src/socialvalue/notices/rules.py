"""Who may read and record Procurement Act notices: staff read, officers and administrators
record. Suppliers see only what is published, through the public OCDS."""

import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_staff_member,
)

rules.add_perm("notices.view_notice", is_staff_member)
rules.add_perm("notices.manage_notice", is_procurement_officer | is_administrator)
