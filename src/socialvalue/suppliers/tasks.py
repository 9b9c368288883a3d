"""Background work of the suppliers app (run by `socialvalue db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_suppliers_import(job_id: int) -> str:
    from socialvalue.suppliers.models import SupplierImport
    from socialvalue.suppliers.services import suppliers_import_run

    return suppliers_import_run(job=SupplierImport.objects.get(pk=job_id)).status
