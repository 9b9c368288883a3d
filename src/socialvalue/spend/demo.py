"""Demo spend: the PCC for Lancashire's published payments over £500 for 2023-24.

``DEMO_SPEND_FILE`` (a setting) names another file; the test suite uses one month of a
Lancashire district's payments to keep every test's demo load quick.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from django.conf import settings

from socialvalue.spend.models import FiguresSnapshot, ImportStatus, SpendImport
from socialvalue.spend.services import spend_import_files
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
    # The pages read figures computed in the background; the demo computes them now, so
    # they show without waiting for a worker (the register and policy are loaded already).
    if figures_state().out_of_date or not FiguresSnapshot.objects.exists():
        figures_compute()
    stdout.write(f"Spend: {done.filename}, {done.payments.count()} payments; figures computed.")
