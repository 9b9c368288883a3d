"""Typed inputs of services: a frozen dataclass per business action (``TenderInput``...),
built by a page from its form's cleaned data and applied by the service to its record.

A service never takes a form: its input names the values in the users' words, whatever
the page (a form, the API, a command, a test) they came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, TypeVar

from django.db import models

InputT = TypeVar("InputT")


def input_from(cls: type[InputT], data: Mapping[str, Any], **extra: Any) -> InputT:
    """The input dataclass ``cls`` from a form's ``cleaned_data``: each of its attributes
    taken from the value of the same name (``extra`` gives or overrides some); attributes
    the data lacks keep their defaults."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values = {name: data[name] for name in names if name in data}
    values.update(extra)
    return cls(**values)


def values_of(data: Any) -> dict[str, Any]:
    """An input dataclass as a dict of its attributes (not copied deeply: model rows stay)."""
    return {f.name: getattr(data, f.name) for f in fields(data)}


def record_fill(instance: models.Model, values: Mapping[str, Any]) -> tuple[list[str], dict]:
    """Set ``values`` (by model field name) on an unsaved change of a record.

    Returns the names of the fields whose value changes (for the audit event) and the
    many-to-many values, which ``many_set`` sets once the record is saved."""
    changed: list[str] = []
    many: dict[str, list] = {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            many[name] = list(value)
            keys = getattr(instance, name).values_list("pk", flat=True) if instance.pk else []
            if set(keys) != {item.pk for item in many[name]}:
                changed.append(name)
            continue
        if field.is_relation:  # compare keys: reading an unset relation would raise
            before = getattr(instance, field.attname)  # type: ignore[union-attr]
            after = value.pk if value is not None else None
        else:
            before, after = getattr(instance, name), value
        if before != after:
            changed.append(name)
        setattr(instance, name, value)
    return changed, many


def many_set(instance: models.Model, many: Mapping[str, list]) -> None:
    """Set the many-to-many values ``record_fill`` returned, once the record is saved."""
    for name, items in many.items():
        getattr(instance, name).set(items)
