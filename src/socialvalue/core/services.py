"""Writes shared by every app: saving a plain edit of reference data with its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import permission_check

RecordT = TypeVar("RecordT", bound=models.Model)


@transaction.atomic
def record_save(
    *,
    actor,
    instance: RecordT,
    values: Mapping[str, Any],
    changed: Iterable[str],
    verb: str,
    permission: str,
    reason: str = "",
) -> RecordT:
    """Set ``values`` (already validated, by model field name) on a record, save it and
    record who changed which fields (``changed``) in the audit log as ``<verb>.created`` or
    ``<verb>.changed``. Refused unless ``actor`` has ``permission``.

    The one generic write, for reference data (policy, bands, guidance, projects' details)
    whose edit is a plain change of fields: business actions with rules of their own have
    their own service function and input dataclass (docs/architecture.md). Names in
    ``values`` that are not fields of the model (a form's helper fields) are ignored.
    """
    permission_check(actor, permission, "You are not allowed to change this record")
    created = instance.pk is None
    many: dict[str, Any] = {}
    for name, value in values.items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            many[name] = value
        elif field.concrete and not field.auto_created:
            field.save_form_data(instance, value)
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)
    event_record(
        actor=actor,
        verb=AuditEvent(f"{verb}.{'created' if created else 'changed'}"),
        target=instance,
        reason=reason,
        data={"fields": sorted(changed)},
    )
    return instance
