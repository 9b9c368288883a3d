from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from socialvalue.audit.models import Event


def event_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    reason: str = "",
    data: dict | None = None,
) -> Event:
    """Append one event to the audit log. Call it inside the business action's transaction."""
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
