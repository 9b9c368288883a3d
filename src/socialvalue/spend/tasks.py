"""Background work of the spend app (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_spend_import(spend_import_id: int) -> str:
    from socialvalue.spend.models import SpendImport
    from socialvalue.spend.services import spend_import_run

    spend_import = SpendImport.objects.filter(pk=spend_import_id).first()
    if spend_import is None:
        return "deleted"  # deleted while it waited for the worker
    return spend_import_run(spend_import=spend_import).status


@task()
def compute_spend_figures() -> str:
    """Compute the stored spend figures again if they are out of date (queued by
    ``spend.services.figures_stale``)."""
    from socialvalue.spend.snapshots import figures_compute_due

    return figures_compute_due()
