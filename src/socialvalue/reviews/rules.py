import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_procurement_officer,
    is_staff_member,
)

# Every member of staff reads the review (viewers: board members, auditors); officers and
# administrators write the conclusions and publish it.
rules.add_perm("reviews.view_review", is_staff_member)
rules.add_perm("reviews.edit_review", is_procurement_officer | is_administrator)
rules.add_perm("reviews.publish_review", is_procurement_officer | is_administrator)
