"""Reads of the red flags that the pages, the downloads and the annual review share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from socialvalue.domain.flags import FlagCode
from socialvalue.flags.models import Flag, FlagRule, FlagRun, FlagStatus


def rule_settings(code: FlagCode, on: date | None = None) -> dict[str, str] | None:
    """The flag's settings in force on a day (the defaults filled in for missing keys), or
    None when the rule in force switches the flag off."""
    on = on or timezone.localdate()
    rule = FlagRule.objects.filter(code=code.value, effective_from__lte=on).first()
    settings = code.defaults
    if rule is None:
        return settings
    if not rule.active:
        return None
    settings.update({k: str(v) for k, v in (rule.settings or {}).items()})
    return settings


def rules_in_force(on: date | None = None) -> dict[FlagCode, dict[str, str] | None]:
    return {code: rule_settings(code, on) for code in FlagCode}


def flag_list(
    *,
    code: str = "",
    status: str = "",
    project: int | None = None,
    supplier: int | None = None,
    start: date | None = None,
    end: date | None = None,
    holding_only: bool = True,
) -> QuerySet[Flag]:
    """Flags filtered by kind, review status, procurement, supplier and period (when what
    raised them happened, inclusive)."""
    flags = Flag.objects.select_related("project", "contract", "supplier", "reviewed_by")
    if holding_only:
        flags = flags.filter(holds=True)
    if code:
        flags = flags.filter(code=code)
    if status:
        flags = flags.filter(status=status)
    if project:
        flags = flags.filter(Q(project_id=project) | Q(contract__project_id=project))
    if supplier:
        flags = flags.filter(Q(supplier_id=supplier) | Q(contract__supplier_id=supplier))
    if start:
        flags = flags.filter(happened_on__gte=start)
    if end:
        flags = flags.filter(happened_on__lte=end)
    return flags


def last_run() -> FlagRun | None:
    """The last computation that finished (its flags are the ones shown)."""
    return FlagRun.objects.filter(succeeded=True).first()


def failed_run() -> FlagRun | None:
    """The latest computation when it failed (after the last one that finished)."""
    latest = FlagRun.objects.first()
    return latest if latest is not None and not latest.succeeded else None


@dataclass(frozen=True)
class SummaryRow:
    code: FlagCode
    raised: int
    open: int
    reviewed: int
    dismissed: int

    @property
    def label(self) -> str:
        return self.code.label


def summary(start: date | None = None, end: date | None = None) -> list[SummaryRow]:
    """Flags raised in a period, per kind, with how many are still to review."""
    counts = (
        flag_list(start=start, end=end)
        .values("code")
        .annotate(
            raised=Count("pk"),
            open=Count("pk", filter=Q(status=FlagStatus.OPEN)),
            reviewed=Count("pk", filter=Q(status=FlagStatus.REVIEWED)),
            dismissed=Count("pk", filter=Q(status=FlagStatus.DISMISSED)),
        )
    )
    by_code = {row["code"]: row for row in counts}
    return [
        SummaryRow(code, r["raised"], r["open"], r["reviewed"], r["dismissed"])
        for code in FlagCode
        if (r := by_code.get(code.value))
    ]


def filter_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[str]]:
    """The procurements, suppliers and financial years that have flags, for the filters."""
    from socialvalue.domain.fiscal import FinancialYear
    from socialvalue.policy.selectors import organisation_get
    from socialvalue.procurement.models import Project
    from socialvalue.suppliers.models import Supplier

    flags = Flag.objects.filter(holds=True)
    project_ids = set(flags.values_list("project_id", flat=True)) | set(
        flags.values_list("contract__project_id", flat=True)
    )
    supplier_ids = set(flags.values_list("supplier_id", flat=True)) | set(
        flags.values_list("contract__supplier_id", flat=True)
    )
    projects = [
        (p.pk, str(p)) for p in Project.objects.filter(pk__in=project_ids - {None}).order_by("pk")
    ]
    suppliers = [
        (s.pk, s.name)
        for s in Supplier.objects.filter(pk__in=supplier_ids - {None}).order_by("name")
    ]
    organisation = organisation_get()
    month = organisation.financial_year_start_month if organisation else 4
    days = flags.values_list("happened_on", flat=True).distinct()
    labels = sorted({FinancialYear.of(day, month).label for day in days}, reverse=True)
    return projects, suppliers, labels


def year_bounds(label: str) -> tuple[date, date] | None:
    """First and last day of a financial year label, or None when it is not one."""
    from socialvalue.domain.fiscal import FinancialYear
    from socialvalue.policy.selectors import organisation_get

    organisation = organisation_get()
    month = organisation.financial_year_start_month if organisation else 4
    try:
        year = FinancialYear.parse(label, month)
    except ValueError:
        return None
    return year.start, year.end
