from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from socialvalue.audit.models import Event


def event_list(
    *, reader=None, verb: str = "", target: models.Model | None = None
) -> QuerySet[Event]:
    """The audit log, newest first as the model orders it.

    With ``reader``, events about a bid that user may not read now (``tendering.sealing``)
    are left out: their record names the bidder, so before the deadline they would say who
    has bid. Every page and the Django admin pass the user who reads the log.
    """
    events = Event.objects.select_related("target_type")
    if reader is not None:
        events = events.filter(readable_by(reader))
    if verb:
        events = events.filter(verb__startswith=verb)
    if target is not None:
        events = events.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
    return events


def readable_by(reader) -> Q:
    """The events ``reader`` may see now: none about a bid they may not read yet."""
    from socialvalue.tendering.models import Bid
    from socialvalue.tendering.sealing import readable_bids

    readable = (
        readable_bids(reader)
        .annotate(text_pk=Cast("pk", output_field=CharField()))
        .values("text_pk")
    )
    bid_type = ContentType.objects.get_for_model(Bid)
    return ~Q(target_type=bid_type) | Q(target_id__in=readable)
