"""Errors raised by services, which pages turn into GOV.UK error messages.

A service that refuses an action raises one ``DomainError`` carrying its ``problems``: each a
``Problem(code, message, field)`` where ``code`` is a stable name of the rule
(``"tender.not_draft"``), ``field`` the name of the service's input it concerns (an attribute
of the input dataclass or a keyword argument; None for the action as a whole) and ``message``
the words a user reads. Services never know a form's field names: the page maps a problem
to its field when the form has it, else to the error summary (``core.views.add_problems``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason an action is refused."""

    code: str
    message: str
    field: str | None = None


class DomainError(Exception):
    """A business rule refused an action.

    ``DomainError(message, code=..., field=...)`` for one problem, or
    ``DomainError(message, problems=[...])`` for several (``message`` then sums them up).
    """

    default_code = "refused"

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        code: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        found = list(problems)
        if not found:
            found = [Problem(code or self.default_code, message, field)]
        summary = message or found[0].message
        super().__init__(summary)
        self.message = summary
        self.problems: list[Problem] = found

    @property
    def field(self) -> str | None:
        """The input the refusal concerns, when it is one problem about one input."""
        return self.problems[0].field if len(self.problems) == 1 else None

    @property
    def code(self) -> str:
        return self.problems[0].code


class NotAllowed(DomainError):
    """The acting user's role does not allow this action."""

    default_code = "not_allowed"


def permission_check(actor: object, permission: str, message: str) -> None:
    """Refuse (``NotAllowed``) unless the acting user has the ``rules`` permission.

    Every write service calls it first: pages check the same permission to show themselves,
    but a service is also called from commands, the API and other services."""
    has_perm = getattr(actor, "has_perm", None)
    if actor is None or has_perm is None or not has_perm(permission):
        raise NotAllowed(message, code=f"not_allowed.{permission}")
