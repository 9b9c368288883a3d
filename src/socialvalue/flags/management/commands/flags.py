"""``socialvalue flags compute``: compute every red flag now (the scheduled way to run it,
for example nightly from cron, or after a spend import)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from socialvalue.domain.flags import FlagCode
from socialvalue.flags.services import flags_compute


class Command(BaseCommand):
    help = "Compute the red flags from the current data (idempotent; reviews are kept)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compute"], help="what to do")

    def handle(self, *args, **options):
        run = flags_compute()
        unsupported = [FlagCode(c["code"]).label for c in run.coverage if not c["supported"]]
        self.stdout.write(
            f"Flags computed: {run.raised} newly raised, {run.cleared} cleared."
            + (f" Not supported by the data: {'; '.join(unsupported)}." if unsupported else "")
        )
