import rules

from socialvalue.accounts.predicates import is_staff_member, is_supplier_user

# A personal API token: anyone with a role (staff or a supplier's user) may have one. The
# token then opens exactly what the same user's pages open.
rules.add_perm("api.use_token", is_staff_member | is_supplier_user)
