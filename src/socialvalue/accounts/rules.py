import rules

from socialvalue.accounts.predicates import is_administrator

rules.add_perm("accounts.manage_users", is_administrator)
