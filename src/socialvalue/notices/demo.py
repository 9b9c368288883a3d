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
    _record_published(stdout)


def _record_published(stdout) -> None:
    """The cleaning procurement's tender and award notices, recorded as published on the
    days they happened, so the demo shows a published notice and the standstill it started."""
    from django.contrib.auth import get_user_model

    from socialvalue.notices import selectors, services
    from socialvalue.notices.models import Notice

    officer = get_user_model().objects.filter(username="officer").first()
    project = Project.objects.filter(title__icontains="cleaning").order_by("pk").first()
    if officer is None or project is None or Notice.objects.filter(project=project, key="UK4"):
        return
    recorded = 0
    for row in selectors.notices_for(project).rows:
        # The award notice is recorded by the contracts demo, with the award it belongs to.
        if row.key not in ("UK4", "UK6") or row.required.due_on is None or row.published:
            continue
        services.notice_publication_record(
            actor=officer,
            project=project,
            key=row.key,
            published_on=row.required.due_on,
            reference=f"{row.required.due_on:%Y}/S 000-{project.pk:03d}{recorded + 1:03d}",
        )
        recorded += 1
    stdout.write(f"notices: {recorded} notices of {project.title} recorded as published")
