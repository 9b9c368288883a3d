"""Background work of the red flags (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_flags(actor_id: int | None = None) -> int:
    """Compute every flag; returns how many were newly raised."""
    from socialvalue.accounts.models import User
    from socialvalue.flags.services import flags_compute

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return flags_compute(actor=actor).raised
