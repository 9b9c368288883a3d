from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from socialvalue.audit.models import Event


def event_list(*, verb: str = "", target: models.Model | None = None) -> QuerySet[Event]:
    events = Event.objects.select_related("target_type")
    if verb:
        events = events.filter(verb__startswith=verb)
    if target is not None:
        from django.contrib.contenttypes.models import ContentType

        events = events.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
    return events
