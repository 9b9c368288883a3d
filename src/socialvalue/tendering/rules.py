"""Who may do what with tenders and bids. Evaluation permissions are in ``evaluation_rules``.

These permissions open pages; what a page may show of a bid is decided by
``tendering.sealing`` (a bid's content stays sealed until the deadline whatever the role)."""

import rules

import socialvalue.tendering.evaluation_rules  # noqa: F401  (registers its permissions)
from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_staff_member,
    is_supplier_user,
    is_viewer,
)

rules.add_perm("tendering.view_tenders", is_staff_member)
rules.add_perm("tendering.manage_tenders", is_procurement_officer | is_administrator)
# The list of bids received and their export, once the deadline has passed.
rules.add_perm("tendering.read_bids", is_procurement_officer | is_administrator | is_viewer)
# A bid's own page: its supplier's users, and staff who read bids once opened.
rules.add_perm(
    "tendering.view_bid",
    is_supplier_user | is_procurement_officer | is_administrator | is_viewer,
)
rules.add_perm("tendering.bid", is_supplier_user)
