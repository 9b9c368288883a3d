"""Figures to JSON and back, exactly: money and shares as strings, dates as ISO text.

The spend app keeps each snapshot of the figures as this JSON. It is generic over the
figures' dataclasses (read from their type hints), so a field added to ``SpendFigures`` or
``PeriodFigures`` is stored and read back with no change here; a stored snapshot that
lacks a field without a default cannot be read back (``FiguresJsonError``) and is
computed again.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")


class FiguresJsonError(ValueError):
    """Stored figures that no longer fit the figures' dataclasses."""


def to_json(value: object) -> Any:
    """Any figures value as JSON-ready data, no float anywhere."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v) for v in value]
    if isinstance(value, float):
        return str(Decimal(str(value)))  # a stray float is kept as its printed digits
    return value


def from_json(kind: type[T], data: Any) -> T:
    """The dataclass ``kind`` back from :func:`to_json`'s output."""
    return typing.cast(T, _read(kind, data, kind.__name__))


# Stored as they are read: a list of these is taken whole (thousands of supplier names).
_PLAIN = (str, int, bool, Any)


def _read(kind: Any, data: Any, where: str) -> Any:
    if data is None or kind in _PLAIN:
        return data
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return _read(options[0], data, where) if len(options) == 1 else data
    if origin in (list, tuple, set, frozenset):
        (item, *_rest) = typing.get_args(kind) or (Any,)
        if item in _PLAIN:
            return origin(data)
        return origin(_read(item, v, f"{where}[]") for v in data)
    if origin is dict:
        _key, item = typing.get_args(kind) or (str, Any)
        return {k: _read(item, v, f"{where}.{k}") for k, v in data.items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _read_dataclass(kind, data, where)
    if kind is Decimal:
        return Decimal(str(data))
    if kind is date:
        return date.fromisoformat(data)
    if kind is datetime:
        return datetime.fromisoformat(data)
    return data


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _read_dataclass(kind: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise FiguresJsonError(f"{where}: expected an object")
    hints = _hints(kind)
    values = {}
    for f in dataclasses.fields(kind):
        if f.name in data:
            values[f.name] = _read(hints[f.name], data[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise FiguresJsonError(f"{where}.{f.name} is missing")
    return kind(**values)
