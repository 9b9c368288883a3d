"""Writes shared by every app: saving an edit form with its audit event."""

from __future__ import annotations

from django.db import models, transaction
from django.forms import ModelForm

from socialvalue.audit.services import event_record


@transaction.atomic
def record_save(*, actor, form: ModelForm, verb: str, reason: str = "") -> models.Model:
    """Save a validated model form and record who changed what in the audit log.

    Used for reference data (policy, measures, suppliers) whose edit is a plain change of
    fields; business actions with rules of their own have their own service functions.
    """
    created = form.instance.pk is None
    instance = form.save()
    event_record(
        actor=actor,
        verb=f"{verb}.{'created' if created else 'changed'}",
        target=instance,
        reason=reason,
        data={"fields": sorted(form.changed_data)},
    )
    return instance
