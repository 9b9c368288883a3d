"""Personal API tokens: create (or replace) and revoke, each in the audit log."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from socialvalue.audit.services import event_record


@transaction.atomic
def token_rotate(*, actor) -> Token:
    """A new token for the user; any earlier one stops working at once."""
    replaced = Token.objects.filter(user=actor).delete()[0] > 0
    token = Token.objects.create(user=actor)
    event_record(
        actor=actor,
        verb="api_token.replaced" if replaced else "api_token.created",
        target=actor,
    )
    return token


@transaction.atomic
def token_revoke(*, actor) -> bool:
    """Remove the user's token. False when there was none."""
    removed = Token.objects.filter(user=actor).delete()[0] > 0
    if removed:
        event_record(actor=actor, verb="api_token.revoked", target=actor)
    return removed
