"""Reads of the policy that pages, services and later apps share."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from socialvalue.domain.fiscal import FinancialYear
from socialvalue.policy.models import (
    ContractingAuthority,
    DeliveryStatusRule,
    EvaluationRule,
    LocalArea,
    Measure,
    Organisation,
    PlanPeriod,
    PolicyStatement,
    Priority,
    Theme,
    Threshold,
)


def contracting_authority_list() -> QuerySet[ContractingAuthority]:
    return ContractingAuthority.objects.order_by("order", "name")


def organisation_get() -> Organisation | None:
    return Organisation.objects.order_by("pk").first()


def financial_year_of(day: date) -> FinancialYear:
    """The organisation's financial year that ``day`` falls in (April-March by default)."""
    organisation = organisation_get()
    start_month = organisation.financial_year_start_month if organisation else 4
    return FinancialYear.of(day, start_month)


def plan_period_current(on: date | None = None) -> PlanPeriod | None:
    """The plan period in force on a day (today by default): the latest that has started."""
    on = on or timezone.localdate()
    return (
        PlanPeriod.objects.filter(starts_on__lte=on)
        .exclude(ends_on__lt=on)
        .order_by("-starts_on")
        .first()
    )


def priorities_current(on: date | None = None) -> QuerySet[Priority]:
    period = plan_period_current(on)
    if period is None:
        return Priority.objects.none()
    return period.priorities.order_by("number")


def evaluation_rule_current(on: date | None = None) -> EvaluationRule | None:
    on = on or timezone.localdate()
    return EvaluationRule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def delivery_status_rule_current(on: date | None = None) -> DeliveryStatusRule | None:
    """The red/amber/green thresholds and reporting days in force on a day."""
    on = on or timezone.localdate()
    rules = DeliveryStatusRule.objects.filter(effective_from__lte=on)
    return rules.order_by("-effective_from").first()


def statements_by_kind() -> dict[str, list[PolicyStatement]]:
    grouped: dict[str, list[PolicyStatement]] = {}
    for statement in PolicyStatement.objects.order_by("kind", "order", "reference"):
        grouped.setdefault(statement.kind, []).append(statement)
    return grouped


def thresholds_in_force(on: date | None = None) -> QuerySet[Threshold]:
    on = on or timezone.localdate()
    return Threshold.objects.filter(valid_from__lte=on).exclude(valid_to__lt=on)


def local_area_list() -> QuerySet[LocalArea]:
    return LocalArea.objects.order_by("order", "name")


def theme_list_with_outcomes() -> QuerySet[Theme]:
    return Theme.objects.prefetch_related("outcomes").annotate(
        measure_count=Count("outcomes__measures")
    )


def measure_list(
    *, theme: Theme | None = None, priority: Priority | None = None, active: bool | None = None
) -> QuerySet[Measure]:
    measures = Measure.objects.select_related("outcome__theme").prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("number"))
    )
    if theme is not None:
        measures = measures.filter(outcome__theme=theme)
    if priority is not None:
        measures = measures.filter(priorities=priority)
    if active is not None:
        measures = measures.filter(active=active)
    return measures.order_by("outcome__theme__order", "code")
