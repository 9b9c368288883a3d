from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.models import Event


def event_record(
    *,
    actor,
    verb: AuditEvent,
    target: models.Model | None = None,
    reason: str = "",
    data: dict | None = None,
) -> Event:
    """Append one event to the audit log. Call it inside the business action's transaction.
    ``verb`` is a member of ``AuditEvent`` (``audit/events.py``), never a string."""
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        actor=actor_user,
        actor_label=str(actor_user) if actor_user else "system",
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        reason=reason,
        data=data or {},
    )


def reads_record(
    *,
    actor,
    verb: AuditEvent,
    targets: Iterable[models.Model],
    data: dict | None = None,
) -> list[Event]:
    """Append one event per record read (a bid's content, say): who read which record,
    with ``data`` saying where (the page or endpoint) and how. One insert for them all."""
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    targets = list(targets)
    if not targets:
        return []
    content_type = ContentType.objects.get_for_model(targets[0])
    now = timezone.now()
    return Event.objects.bulk_create(
        Event(
            occurred_at=now,
            actor=actor_user,
            actor_label=str(actor_user) if actor_user else "system",
            verb=verb,
            target_type=content_type,
            target_id=str(target.pk),
            target_label=str(target)[:255],
            data=data or {},
        )
        for target in targets
    )
