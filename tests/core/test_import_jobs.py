"""Every background import ends: an unexpected error leaves it "Not imported" with the
reason, never waiting or importing for ever (the payments import as well as the measures
and supplier register imports, which tests/policy and tests/suppliers cover)."""

from __future__ import annotations

from socialvalue.audit.models import Event
from socialvalue.spend.models import ImportStatus, Payment, SpendImport
from socialvalue.spend.services import spend_import_create, spend_import_run
from tests.conftest import about


def test_a_payment_import_whose_file_has_gone_ends_failed_with_the_reason(db):
    spend_import = spend_import_create(
        actor=None,
        filename="payments.csv",
        content=b"Date,Amount,Supplier\n01/04/2024,100.00,Acme Ltd\n",
        lenient=False,
    )
    spend_import.upload.storage.delete(spend_import.upload.name)
    spend_import_run(spend_import=spend_import)
    spend_import.refresh_from_db()
    assert spend_import.status == ImportStatus.FAILED
    assert "FileNotFoundError" in spend_import.message
    assert spend_import.finished_at is not None
    assert not Payment.objects.filter(spend_import=spend_import).exists()
    assert Event.objects.filter(verb="spend_import.failed", **about(spend_import)).exists()
    assert SpendImport.objects.filter(status=ImportStatus.RUNNING).count() == 0
