"""Demo data of notices: each demo project names the body that buys it (the Chief Constable
buys for the force's operations: custody, fleet, estate; the Commissioner commissions
victims' services and the rest)."""

from __future__ import annotations

from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement.models import Project

CHIEF_CONSTABLE_WORDS = ("custody", "fleet", "vehicle", "cleaning", "interpret")


def load(stdout) -> None:
    authorities = list(ContractingAuthority.objects.order_by("order", "name"))
    if len(authorities) < 2:
        stdout.write("notices: contracting authorities missing, skipped")
        return
    commissioner, chief_constable = authorities[0], authorities[1]
    named = 0
    for project in Project.objects.filter(contracting_authority__isnull=True):
        title = project.title.lower()
        chief = any(word in title for word in CHIEF_CONSTABLE_WORDS)
        project.contracting_authority = chief_constable if chief else commissioner
        project.save(update_fields=["contracting_authority"])
        named += 1
    stdout.write(f"notices: {named} projects given their contracting authority")
