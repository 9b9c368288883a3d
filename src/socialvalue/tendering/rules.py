"""Who may do what with tenders and bids. Evaluation permissions are in ``evaluation_rules``."""

import rules  # noqa: F401

import socialvalue.tendering.evaluation_rules  # noqa: F401  (registers its permissions)
