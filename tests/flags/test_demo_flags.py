"""The demo raises flags of each kind, and a recomputation changes nothing."""

from __future__ import annotations

from socialvalue.flags.models import Flag
from socialvalue.flags.services import flags_compute


def test_demo_raises_flags(demo):
    run = flags_compute()
    codes = {}
    for flag in Flag.objects.all():
        codes.setdefault(flag.code, []).append(flag)
    for code, flags in sorted(codes.items()):
        print(code, len(flags), flags[0].title, "|", flags[0].summary)
    print(run.coverage)
    assert run.succeeded
