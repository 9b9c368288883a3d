import rules

from socialvalue.accounts.predicates import is_administrator, is_staff_member, is_supplier_user

# Everyone who signs in may read the measures library: suppliers need it to bid and report.
rules.add_perm("policy.view_measures", is_staff_member | is_supplier_user)
rules.add_perm("policy.view_policy", is_staff_member)
rules.add_perm("policy.manage_policy", is_administrator)
