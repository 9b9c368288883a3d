import rules

from socialvalue.accounts.predicates import is_administrator, is_procurement_officer, is_viewer

# Board members and auditors (viewers), officers and administrators read the flags and the
# evidence behind them (bid prices only of awarded tenders, which they may read anyway).
# Officers and administrators review or dismiss a flag and start a computation;
# administrators change the flags' thresholds.
rules.add_perm("flags.view_flags", is_viewer | is_procurement_officer | is_administrator)
rules.add_perm("flags.review_flags", is_procurement_officer | is_administrator)
rules.add_perm("flags.change_rules", is_administrator)
