import rules

from socialvalue.accounts.predicates import is_administrator, is_viewer

rules.add_perm("audit.view_events", is_administrator | is_viewer)
