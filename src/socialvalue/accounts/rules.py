import rules

from socialvalue.accounts.predicates import has_a_role, is_administrator

rules.add_perm("accounts.manage_users", is_administrator)
# One's own two-factor sign-in pages: anyone with a role, and anyone who may use the Django
# admin (who must use two-factor sign-in; superusers have every permission anyway).
rules.add_perm("accounts.use_two_factor", has_a_role | rules.is_staff)
