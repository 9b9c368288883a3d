"""Business actions on Procurement Act notices. Each takes the acting user, checks the
permission, runs in one transaction and records one audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.contracts import services as contract_services
from socialvalue.core.errors import DomainError, permission_check
from socialvalue.domain.notices import NoticeType, PerformanceRating
from socialvalue.notices import selectors
from socialvalue.notices.models import KpiRating, Notice, NoticePlan
from socialvalue.procurement.models import Project

MANAGE = "notices.manage_notice"


def _check(actor: User) -> None:
    permission_check(actor, MANAGE, "Only procurement officers and administrators record notices")


@transaction.atomic
def notice_publication_record(
    *,
    actor: User,
    project: Project,
    key: str,
    published_on: date,
    reference: str,
    today: date | None = None,
) -> Notice:
    """Record that a notice the procurement needs was published on Find a Tender, on a day
    and under its reference. A UK9 needs every KPI's rating confirmed first."""
    _check(actor)
    today = today or timezone.localdate()
    project = Project.objects.select_for_update().get(pk=project.pk)
    row = selectors.notice_row(project, key, today)
    if row is None:
        raise DomainError("This procurement does not need that notice", code="notice.not_needed")
    if row.published is not None:
        raise DomainError(
            f"This notice is already recorded as published ({row.published.reference})",
            field="reference",
            code="notice.already_published",
        )
    reference = reference.strip()
    if not reference:
        raise DomainError(
            "Enter the Find a Tender notice reference",
            field="reference",
            code="notice.reference_missing",
        )
    if Notice.objects.filter(reference__iexact=reference).exists():
        raise DomainError(
            "Another notice is recorded with this reference: check it on Find a Tender",
            field="reference",
            code="notice.reference_taken",
        )
    if published_on > today:
        raise DomainError(
            "The day it was published cannot be in the future",
            field="published_on",
            code="notice.published_in_future",
        )
    if row.type == NoticeType.UK9:
        ratings = selectors.ratings_for(project, row, today)
        if not ratings or any(r.confirmed is None for r in ratings):
            raise DomainError(
                "Confirm a rating for every KPI before recording the notice",
                code="notice.ratings_unconfirmed",
            )
    notice = Notice.objects.create(
        project=project,
        notice_type=row.type.value,
        key=row.key,
        contract=row.contract,
        variation=row.variation,
        published_on=published_on,
        reference=reference,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    if row.type == NoticeType.UK6:
        # The award notice starts the standstill and releases the assessment summaries.
        contract_services.award_notice_published(
            actor=actor, project=project, published_on=published_on
        )
    event_record(
        actor=actor,
        verb=AuditEvent.NOTICE_PUBLISHED,
        target=project,
        data={
            "notice": f"{row.type.value} {row.type.label}",
            "key": row.key,
            "published_on": published_on.isoformat(),
            "reference": reference,
            "due_on": row.required.due_on.isoformat() if row.required.due_on else "",
        },
    )
    return notice


@transaction.atomic
def kpi_ratings_confirm(
    *,
    actor: User,
    project: Project,
    key: str,
    ratings: Mapping[int, tuple[str, str]],
    today: date | None = None,
) -> list[KpiRating]:
    """Confirm the rating of each KPI for a contract performance notice: ``ratings`` maps
    a KPI's id to (rating, note). A rating that differs from the proposal needs a note."""
    _check(actor)
    row = selectors.notice_row(project, key, today)
    if row is None or row.type != NoticeType.UK9:
        raise DomainError(
            "This procurement has no such contract performance notice", code="notice.no_such_notice"
        )
    if row.published is not None:
        raise DomainError(
            "The notice is published: its ratings can no longer change",
            code="notice.ratings_published",
        )
    rows = selectors.ratings_for(project, row, today)
    saved = []
    changes = {}
    for rating_row in rows:
        kpi = rating_row.kpi_status.kpi
        chosen, note = ratings.get(kpi.pk, ("", ""))
        if chosen not in PerformanceRating._value2member_map_:
            raise DomainError(
                f"Choose a rating for {kpi.title}",
                field=f"kpi_{kpi.pk}",
                code="notice.rating_missing",
            )
        if chosen != rating_row.proposed.value and not note.strip():
            raise DomainError(
                f"Say why {kpi.title} is rated differently from the delivery records",
                field=f"note_{kpi.pk}",
                code="notice.rating_reason_missing",
            )
        rating, _ = KpiRating.objects.update_or_create(
            key=row.key,
            kpi=kpi,
            defaults={
                "project": project,
                "proposed": rating_row.proposed.value,
                "rating": chosen,
                "note": note.strip(),
                "confirmed_by": actor,
                "confirmed_at": timezone.now(),
            },
        )
        saved.append(rating)
        changes[kpi.title] = PerformanceRating(chosen).label
    event_record(
        actor=actor,
        verb=AuditEvent.NOTICE_RATINGS_CONFIRMED,
        target=project,
        data={"key": row.key, "ratings": changes},
    )
    return saved


@transaction.atomic
def notice_plan_save(*, actor: User, project: Project, exempt_reason: str) -> NoticePlan:
    """Say whether the procurement is an exempted contract (Schedule 2), and why."""
    _check(actor)
    plan, _ = NoticePlan.objects.get_or_create(project=project)
    before = plan.exempt_reason
    plan.exempt_reason = exempt_reason.strip()
    plan.save()
    event_record(
        actor=actor,
        verb=AuditEvent.NOTICE_EXEMPTION_CHANGED,
        target=project,
        data={"from": before, "to": plan.exempt_reason},
    )
    return plan
