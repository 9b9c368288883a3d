"""Personal API tokens: make, revoke one, revoke all, each in the audit log; and the audit
record of every API read of bid content."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from knox.settings import knox_settings

from socialvalue.api.models import ApiToken
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record, reads_record
from socialvalue.core.errors import DomainError


def token_ttl() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens that still work, newest first (expired ones are removed)."""
    ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    return list(ApiToken.objects.filter(user=user).order_by("-created", "digest"))


@transaction.atomic
def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the user, named by them. Returns the token's record and the token
    itself, which is not stored (only its digest is) and so can be shown only now."""
    name = " ".join(name.split())
    if not name:
        raise DomainError("Enter a name for the token", code="api_token.name_missing", field="name")
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and len(tokens_of(actor)) >= limit:
        raise DomainError(
            f"You already have {limit} tokens: revoke one you no longer use first",
            code="api_token.limit_reached",
            field="name",
        )
    if ApiToken.objects.filter(user=actor, name__iexact=name).exists():
        raise DomainError(
            f"You already have a token called {name!r}", code="api_token.name_taken", field="name"
        )
    token, key = ApiToken.objects.create(user=actor, expiry=token_ttl(), name=name)
    event_record(
        actor=actor,
        verb=AuditEvent.API_TOKEN_CREATED,
        target=actor,
        data={"name": name, "expires": token.expiry.isoformat()},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor, ref: str) -> ApiToken | None:
    """Revoke one of the user's own tokens, named by its ``ref``. None when this user has
    no such token (or ``ref`` is not a token's ref at all)."""
    try:
        ref = str(uuid.UUID(str(ref)))
    except ValueError:
        return None
    token = ApiToken.objects.filter(user=actor, ref=ref).first()
    if token is None:
        return None
    token.delete()
    event_record(
        actor=actor, verb=AuditEvent.API_TOKEN_REVOKED, target=actor, data={"name": token.name}
    )
    return token


@transaction.atomic
def token_revoke_all(*, actor) -> int:
    """Revoke every token of the user. Returns how many there were."""
    count = ApiToken.objects.filter(user=actor).delete()[0]
    if count:
        event_record(
            actor=actor, verb=AuditEvent.API_TOKEN_REVOKED_ALL, target=actor, data={"count": count}
        )
    return count


def bid_reads_record(*, request, bids: Iterable) -> None:
    """Audit an API answer that shows bids' content: who, which bids, which endpoint, and
    whether through a token (which one) or a signed-in session."""
    auth = request.auth
    via = {"via": "token", "token": auth.name} if isinstance(auth, ApiToken) else {"via": "session"}
    reads_record(
        actor=request.user,
        verb=AuditEvent.BID_READ_THROUGH_API,
        targets=bids,
        data={"endpoint": f"{request.method} {request.get_full_path()}"[:500], **via},
    )
