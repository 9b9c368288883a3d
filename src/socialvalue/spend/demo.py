"""Demo spend: the PCC for Lancashire's published payments over £500 for 2023-24.

``DEMO_SPEND_FILE`` (a setting) names another file; the test suite uses one month of a
Lancashire district's payments to keep every test's demo load quick.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import resources
from pathlib import Path

from django.conf import settings

from socialvalue.spend.models import FiguresSnapshot, ImportStatus, Payment, SpendImport
from socialvalue.spend.services import figures_stale, spend_import_files
from socialvalue.spend.snapshots import figures_compute, figures_state


def demo_file() -> Path:
    configured = getattr(settings, "DEMO_SPEND_FILE", "")
    if configured:
        return Path(configured)
    return Path(str(resources.files("socialvalue") / "data" / "spend" / "pcc-2023-24.xlsx"))


def load(stdout) -> None:
    path = demo_file()
    done = SpendImport.objects.filter(filename=path.name, status=ImportStatus.DONE).first()
    if done is None:
        (done,) = spend_import_files(
            actor=None, named_contents=[(path.name, path.read_bytes())], lenient=True
        )
    invented = _invent_invoice_dates(done)
    # The pages read figures computed in the background; the demo computes them now, so
    # they show without waiting for a worker (the register and policy are loaded already).
    if figures_state().out_of_date or not FiguresSnapshot.objects.exists():
        figures_compute()
    stdout.write(
        f"Spend: {done.filename}, {done.payments.count()} payments ({invented} with invented "
        "invoice dates); figures computed."
    )


def _invent_invoice_dates(spend_import: SpendImport) -> int:
    """The published file has payment dates only: the demo gives two lines in three an
    invented invoice date, most paid within 30 days and one line in 150 late (31 days or
    more), so the payments compliance figures (UK8) and a few late payment flags show.
    Done once: nothing changes when some payment has an invoice date already."""
    if Payment.objects.filter(invoice_date__isnull=False).exists():
        return 0
    changed = []
    for i, payment in enumerate(spend_import.payments.order_by("pk")):
        if i % 3 == 2:
            continue  # left without: the figures show their coverage
        days = 31 + i % 50 if i % 150 == 0 else 5 + i % 26
        payment.invoice_date = payment.payment_date - timedelta(days=days)
        changed.append(payment)
    Payment.objects.bulk_update(changed, ["invoice_date"], batch_size=2000)
    if changed:
        figures_stale(reason="the demo invented invoice dates")
    return len(changed)
