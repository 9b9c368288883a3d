"""Who may evaluate: panels, scores, moderation, results and reports.

Role-level permissions say which role may open a kind of page; the object-level ones take a
tender and also check the panel: an evaluator sees a tender's bids and scores only while on
its panel with no declared conflict.
"""

from __future__ import annotations

import rules

from socialvalue.accounts.predicates import (
    is_administrator,
    is_contract_manager,
    is_evaluator,
    is_procurement_officer,
    is_supplier_user,
    is_viewer,
)

is_moderator = is_procurement_officer | is_administrator


@rules.predicate
def is_assigned(user, tender) -> bool:
    """On the tender's panel (declared or not, not taken off it). With no tender: the role
    check alone."""
    if tender is None:
        return True
    return tender.evaluators.filter(evaluator=user, removed_at__isnull=True).exists()


@rules.predicate
def is_cleared(user, tender) -> bool:
    """On the panel and declared no conflict of interest."""
    if tender is None:
        return True
    return tender.evaluators.filter(
        evaluator=user, declared_at__isnull=False, has_conflict=False, removed_at__isnull=True
    ).exists()


# The officer (or an administrator) runs the panel, moderation, prices and the recommendation.
rules.add_perm("tendering.manage_evaluation", is_moderator)
# An evaluator's own list of tenders, declarations and scores.
rules.add_perm("tendering.evaluate", is_evaluator)
rules.add_perm("tendering.declare_interests", is_evaluator & is_assigned)
rules.add_perm("tendering.score_bids", is_evaluator & is_cleared)
# Results and reports: staff who are not evaluators, and evaluators cleared on the panel.
rules.add_perm(
    "tendering.view_results",
    is_moderator | is_viewer | is_contract_manager | (is_evaluator & is_cleared),
)
# Assessment summaries (s.50): the officer; a supplier sees its own once released with the
# contract award notice (checked on the page, which knows the bid).
rules.add_perm("tendering.view_assessment_summary", is_moderator | is_supplier_user)
rules.add_perm("tendering.view_own_assessment_summaries", is_supplier_user)
