"""Shapes shared by model, form and API fields."""

from __future__ import annotations

from typing import TypedDict

from django.db.models.signals import class_prepared
from django_fsm import FSMField


class Digits(TypedDict):
    """A DecimalField's size, passed as ``**digits`` (typed, so each field's other
    arguments keep their types)."""

    max_digits: int
    decimal_places: int


class StatusField(FSMField):
    """django-fsm's status field, minus a cost its historical models pay in migrations.

    FSMField connects a ``class_prepared`` receiver for each model class it is added to, and
    never lets go. A migration renders thousands of historical model classes (``__fake__``),
    so the receivers pile up and every class made after them calls all of them: ``socialvalue
    migrate`` spent a third of its minute there. Historical models have no transition methods
    to collect, so their fields drop the receiver again. The column is the FSMField's.
    """

    def contribute_to_class(self, cls, name, private_only=False, **kwargs) -> None:
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)
        if cls.__module__ == "__fake__":
            class_prepared.disconnect(self._collect_transitions)
