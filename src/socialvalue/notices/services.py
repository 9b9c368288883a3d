"""Business actions on Procurement Act notices. Each takes the acting user, checks the
permission, runs in one transaction and records one audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.utils import update_change_reason

from socialvalue.accounts.models import User
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.contracts import services as contract_services
from socialvalue.core.errors import DomainError, permission_check
from socialvalue.domain.notices import NoticeType, PerformanceRating
from socialvalue.domain.payment_times import Period
from socialvalue.notices import selectors
from socialvalue.notices.models import KpiRating, Notice, NoticePlan
from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement.models import Project
from socialvalue.spend.snapshots import Body

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
    reference = _reference_checked(reference)
    _day_checked(published_on, today)
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
def notice_publication_correct(
    *,
    actor: User,
    project: Project,
    key: str,
    published_on: date,
    reference: str,
    reason: str,
    today: date | None = None,
) -> Notice:
    """Correct the day or the Find a Tender reference recorded for a published notice, with
    the reason. A contract award notice's day moves the standstill it started (refused once
    the contract was entered). The old and new values are in the audit event and the
    notice's history."""
    _check(actor)
    today = today or timezone.localdate()
    project = Project.objects.select_for_update().get(pk=project.pk)
    notice = Notice.objects.filter(project=project, key=key).first()
    if notice is None:
        raise DomainError(
            "This notice is not recorded as published: record it first",
            code="notice.not_recorded",
        )
    reference = _reference_checked(reference, other_than=notice)
    _day_checked(published_on, today)
    reason = _correction_checked(notice, published_on, reference, reason)
    moved = []
    if notice.type == NoticeType.UK6 and published_on != notice.published_on:
        moved = contract_services.award_notice_date_corrected(
            actor=actor, project=project, published_on=published_on
        )
    _correction_saved(
        actor=actor,
        notice=notice,
        target=project,
        published_on=published_on,
        reference=reference,
        reason=reason,
        consequences={
            "standstill moved": {
                m.tender.reference: f"last day {m.was[1] or 'not set'} -> {m.now[1]}" for m in moved
            },
        },
    )
    return notice


def _correction_checked(notice: Notice, published_on: date, reference: str, reason: str) -> str:
    """The reason, once the correction is known to change something and to say why."""
    if published_on == notice.published_on and reference == notice.reference:
        raise DomainError(
            "Change the day or the reference, or go back: nothing would be corrected",
            field="published_on",
            code="notice.correction_unchanged",
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Say why the record was wrong", field="reason", code="notice.correction_reason_missing"
        )
    return reason


def _correction_saved(
    *,
    actor: User,
    notice: Notice,
    target: Project | ContractingAuthority,
    published_on: date,
    reference: str,
    reason: str,
    context: dict[str, str] | None = None,
    consequences: dict[str, object] | None = None,
) -> None:
    """Write a checked correction of a published notice: the new day and reference, the
    reason in the notice's history and one audit event with the old and new values."""
    was = {"published_on": notice.published_on.isoformat(), "reference": notice.reference}
    notice.published_on, notice.reference = published_on, reference
    notice.save(update_fields=["published_on", "reference"])
    # The notice's history keeps the reason too, cut to the 100 characters its column holds;
    # the audit event keeps it whole.
    update_change_reason(notice, Truncator(reason).chars(100))
    event_record(
        actor=actor,
        verb=AuditEvent.NOTICE_CORRECTED,
        target=target,
        data={
            "notice": f"{notice.type.value} {notice.type.label}",
            "key": notice.key,
            **(context or {}),
            "was": was,
            "now": {"published_on": published_on.isoformat(), "reference": reference},
            "reason": reason,
            **(consequences or {}),
        },
    )


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


# --- Payments compliance notices (UK8, s.69): a contracting authority's, per period ---------


def _reference_checked(reference: str, *, other_than: Notice | None = None) -> str:
    reference = reference.strip()
    if not reference:
        raise DomainError(
            "Enter the Find a Tender notice reference",
            field="reference",
            code="notice.reference_missing",
        )
    taken = Notice.objects.filter(reference__iexact=reference)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise DomainError(
            "Another notice is recorded with this reference: check it on Find a Tender",
            field="reference",
            code="notice.reference_taken",
        )
    return reference


def _day_checked(published_on: date, today: date) -> None:
    if published_on > today:
        raise DomainError(
            "The day it was published cannot be in the future",
            field="published_on",
            code="notice.published_in_future",
        )


def _payments_day_checked(period: Period, published_on: date, today: date) -> None:
    _day_checked(published_on, today)
    if published_on < period.end:
        raise DomainError(
            f"A payments compliance notice is published once its period has ended: enter "
            f"{period.end.day} {period.end:%B %Y} or later",
            field="published_on",
            code="notice.published_before_period_end",
        )


@transaction.atomic
def payments_notice_publication_record(
    *,
    actor: User,
    authority: ContractingAuthority,
    period: Period,
    published_on: date,
    reference: str,
    today: date | None = None,
) -> Notice:
    """Record that a contracting authority's payments compliance notice for a reporting
    period was published on Find a Tender, on a day and under its reference. The audit event
    keeps the figures the notice was prefilled with."""
    _check(actor)
    today = today or timezone.localdate()
    # One body's notices are recorded one at a time.
    authority = ContractingAuthority.objects.select_for_update().get(pk=authority.pk)
    notice = selectors.payments_notice(period.key, today, Body(authority))
    if notice is None or not notice.required:
        raise DomainError(
            "No payments compliance notice is due from this body for that period",
            code="notice.not_needed",
        )
    if notice.published is not None:
        raise DomainError(
            f"This notice is already recorded as published ({notice.published.reference})",
            field="reference",
            code="notice.already_published",
        )
    if today < period.end:
        raise DomainError(
            "The reporting period has not ended: its notice is published after it ends",
            code="notice.period_not_ended",
        )
    reference = _reference_checked(reference)
    _payments_day_checked(period, published_on, today)
    record = Notice.objects.create(
        project=None,
        contracting_authority=authority,
        period_start=period.start,
        period_end=period.end,
        notice_type=NoticeType.UK8.value,
        key=notice.key,
        published_on=published_on,
        reference=reference,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    figures = notice.figures
    event_record(
        actor=actor,
        verb=AuditEvent.NOTICE_PUBLISHED,
        target=authority,
        data={
            "notice": f"{NoticeType.UK8.value} {NoticeType.UK8.label}",
            "key": notice.key,
            "period": period.label,
            "published_on": published_on.isoformat(),
            "reference": reference,
            "due_on": notice.due_on.isoformat(),
            "figures": {
                "average_days": str(figures.average_days),
                "within_30": str(figures.share_within_30),
                "31_to_60": str(figures.share_31_to_60),
                "over_60": str(figures.share_over_60),
                "lines_with_invoice_date": f"{figures.dated_lines} of {figures.lines}",
            },
        },
    )
    return record


@transaction.atomic
def payments_notice_publication_correct(
    *,
    actor: User,
    authority: ContractingAuthority,
    period: Period,
    published_on: date,
    reference: str,
    reason: str,
    today: date | None = None,
) -> Notice:
    """Correct the day or the Find a Tender reference recorded for a contracting authority's
    payments compliance notice, with the reason. The old and new values are in the audit
    event and the notice's history."""
    _check(actor)
    today = today or timezone.localdate()
    authority = ContractingAuthority.objects.select_for_update().get(pk=authority.pk)
    notice = (
        selectors.recorded_payments_notices(authority)
        .filter(period_start=period.start, period_end=period.end)
        .first()
    )
    if notice is None:
        raise DomainError(
            "This notice is not recorded as published: record it first",
            code="notice.not_recorded",
        )
    reference = _reference_checked(reference, other_than=notice)
    _payments_day_checked(period, published_on, today)
    reason = _correction_checked(notice, published_on, reference, reason)
    _correction_saved(
        actor=actor,
        notice=notice,
        target=authority,
        published_on=published_on,
        reference=reference,
        reason=reason,
        context={"period": period.label},
    )
    return notice
