"""One way to change a business status: a django-fsm-2 transition on the model.

Every business status (a project's stage; a tender's, a bid's, a delivery return line's, a
contract variation's and an annual review's status) is a ``StatusField(protected=True)``
(core/fields.py, django-fsm's FSMField): no code assigns it. A model declares one transition
method per business move (``publish``, ``submit``, ``verify``...) with its allowed sources,
its target and its guards as ``conditions=``; a service calls it through ``move`` and saves
the row. ``move`` turns django-fsm's ``TransitionNotAllowed`` into ``MoveRefused``, a
``DomainError`` whose message says why in words: the first unmet guard's ``refusal`` (set with
``guard``), or the status the row is in.

Rows are still born in a state (``objects.create(status=...)`` in demo loaders and test
builders): creating is not a move. Background job states (spend imports, import jobs, account
changes) are not business statuses and stay plain fields (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django_fsm import FSMModelMixin, TransitionNotAllowed

from socialvalue.core.errors import DomainError


class StatusModel(FSMModelMixin):
    """Base of every model with a protected business status.

    django-fsm-2's mixin lets ``refresh_from_db`` reload the status; this one also keeps
    ``full_clean`` working (a form, the admin, a factory's check): Django's ``clean_fields``
    writes every field back to the row, which a protected status refuses. The status is left
    out of that: only a transition sets it, and its choices are the transitions' targets."""

    def clean_fields(self, exclude: Any = None) -> None:
        protected = self._get_protected_fsm_fields()
        super().clean_fields(exclude=set(exclude or ()) | protected)


# A guard takes the row (typed as its own model where it is written; django-fsm's stubs
# want a condition on any model, hence Any here).
Condition = Callable[[Any], bool]


class MoveRefused(DomainError):
    """A status change the row's status or a guard does not allow now."""

    default_code = "status.move_refused"


def guard(refusal: str) -> Callable[[Callable[..., bool]], Condition]:
    """Mark a transition condition with what a page says when it is not met."""

    def mark(condition: Callable[..., bool]) -> Condition:
        condition.refusal = refusal  # type: ignore[attr-defined]
        return condition

    return mark


def _meta(bound_move: Any) -> Any:
    meta = getattr(bound_move, "_django_fsm", None)
    if meta is None:
        raise TypeError(f"{bound_move!r} is not a status transition")
    return meta


def _conditions(meta: Any) -> list[Callable[[Any], bool]]:
    """The guards of every source of one transition method, each once, in order."""
    seen: list[Callable[[Any], bool]] = []
    for one in meta.transitions.values():
        seen += [c for c in one.conditions if c not in seen]
    return seen


def refusal(bound_move: Any) -> str | None:
    """Why ``bound_move`` (for example ``tender.publish``) cannot run now, or None.

    The guards are asked first, so the answer names what is missing ("Prices are already
    open") rather than only the status; then whether the status allows the move at all."""
    meta = _meta(bound_move)
    instance = bound_move.__self__
    for condition in _conditions(meta):
        if not condition(instance):
            return getattr(condition, "refusal", None) or _status_refusal(bound_move)
    if not meta.has_transition(meta.field.get_state(instance)):
        return _status_refusal(bound_move)
    return None


def _status_refusal(bound_move: Any) -> str:
    """The refusal for a status the move does not start from: the transition's own words
    (``custom={"refused": "This line is {status}, not waiting"}``) or the generic ones."""
    meta = _meta(bound_move)
    instance = bound_move.__self__
    state = meta.field.get_state(instance)
    labels = dict(instance._meta.get_field(meta.field.name).flatchoices)
    custom: dict[str, str] = {}
    targets = []
    for one in meta.transitions.values():
        custom = {**one.custom, **custom}
        targets.append(one.target)
    template = custom.get("refused", "This {model} cannot be {done} now: its status is {status}")
    done = custom.get("done") or f"moved to {str(labels.get(targets[0], targets[0])).lower()}"
    return template.format(
        model=instance._meta.verbose_name,
        done=done,
        status=str(labels.get(state, state)).lower(),
    )


def ensure(bound_move: Any, *, field: str | None = None) -> None:
    """Refuse now (``MoveRefused`` on ``field``) when ``bound_move`` could not run: for a
    service that checks before doing work the move depends on."""
    why = refusal(bound_move)
    if why:
        raise MoveRefused(why, field=field)


def move(bound_move: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a transition (``move(bid.submit, by=actor, at=now)``); the caller saves the row.

    Refused with ``MoveRefused`` (the reason in words) when the status or a guard does not
    allow it; nothing on the row has changed then."""
    try:
        return bound_move(*args, **kwargs)
    except TransitionNotAllowed as error:
        raise MoveRefused(refusal(bound_move) or str(error)) from error
