"""Who may do what with notifications. Everyone with a role reads their own notifications
and chooses how they get them; a supplier's users choose the tender categories their
organisation hears about."""

import rules

from socialvalue.accounts.predicates import has_a_role, is_supplier_user

rules.add_perm("notifications.view_own", has_a_role)
rules.add_perm("notifications.choose_categories", is_supplier_user)
