"""Errors raised by services, which pages turn into GOV.UK error messages."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an action. ``field`` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The acting user's role does not allow this action."""
