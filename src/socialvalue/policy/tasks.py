"""Background work of the policy app (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_measures_import(job_id: int) -> str:
    from socialvalue.policy.measures_io import measures_import_run
    from socialvalue.policy.models import MeasureImport

    return measures_import_run(job=MeasureImport.objects.get(pk=job_id)).status
