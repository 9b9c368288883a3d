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
    _record_last_year(stdout)


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


def _record_last_year(stdout) -> None:
    """Last year's domestic abuse support procurement (awarded, contract live): every notice
    it needed by now recorded as published on the day it was due, through the service."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from socialvalue.core.errors import DomainError
    from socialvalue.notices import selectors, services

    officer = get_user_model().objects.filter(username="officer").first()
    project = Project.objects.filter(title="Domestic abuse support services").first()
    if officer is None or project is None:
        return
    today = timezone.localdate()
    recorded = 0
    for row in selectors.notices_for(project).rows:
        due = row.required.due_on
        # The yearly KPI assessment (UK9) is left to the officer: its ratings come first.
        if due is None or due > today or row.published or row.key.startswith("UK9"):
            continue
        try:
            services.notice_publication_record(
                actor=officer,
                project=project,
                key=row.key,
                published_on=due,
                reference=f"{due:%Y}/S 000-{project.pk:03d}{row.key[2:]:0>3}",
            )
        except DomainError as error:
            stdout.write(f"notices: {row.key} of {project.title} not recorded: {error.message}")
            continue
        recorded += 1
    if recorded:
        stdout.write(f"notices: {recorded} notices of {project.title} recorded as published")
