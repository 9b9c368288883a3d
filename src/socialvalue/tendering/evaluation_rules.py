"""Who may evaluate: panels, scores, moderation, results and reports."""

import rules  # noqa: F401
