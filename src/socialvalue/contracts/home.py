"""Home-page tasks of contracts: returns to make or correct, lines to check, red KPIs
without a recovery plan, tenders waiting for award, variations waiting for a decision."""

from django.urls import reverse
from django.utils import timezone

from socialvalue.contracts import selectors
from socialvalue.contracts.models import ContractVariation, LineStatus, VariationStatus
from socialvalue.core.home import HomeTask, register

GROUP = "Contracts"


@register
def contract_tasks(user) -> list[HomeTask]:
    if not user.has_perm("contracts.view_contract"):
        return []
    tasks: list[HomeTask] = []
    if user.has_perm("contracts.submit_return"):
        tasks += _supplier_tasks(user)
    if user.has_perm("contracts.verify_delivery"):
        tasks += _manager_tasks(user)
    if user.has_perm("contracts.award_contract"):
        for tender in selectors.tenders_in_award():
            step = selectors.award_step(tender)
            if step.url:  # nothing to do while the standstill runs
                tasks.append(
                    HomeTask(
                        GROUP,
                        f"{step.action}: {tender}",
                        step.url,
                        detail=f"Stage: {tender.display_status.lower()}.",
                    )
                )
    if user.has_perm("contracts.manage_contract"):
        waiting = ContractVariation.objects.filter(status=VariationStatus.REQUESTED).exclude(
            requested_by=user
        )
        for variation in waiting.select_related("contract"):
            tasks.append(
                HomeTask(
                    GROUP,
                    f"Decide on a variation of {variation.contract.reference}",
                    reverse("contracts:variation_decide", args=[variation.pk]),
                )
            )
    tasks.append(HomeTask(GROUP, "See contracts", reverse("contracts:contract_list")))
    return tasks


def _supplier_tasks(user) -> list[HomeTask]:
    tasks = []
    contracts = selectors.contracts_visible_to(user)
    today = timezone.localdate()
    for status in selectors.contract_statuses(contracts):
        for state in status.periods:
            if state.submitted or state.period.end > today:
                continue
            tasks.append(
                HomeTask(
                    GROUP,
                    f"Submit the return for {status.contract.reference}, "
                    f"{state.period.start:%-d %b %Y} to {state.period.end:%-d %b %Y}",
                    reverse(
                        "contracts:return_submit",
                        args=[status.contract.pk, state.period.number],
                    ),
                    detail=("Overdue: it was due " if state.overdue else "Due ")
                    + f"{state.due_on:%-d %B %Y}",
                )
            )
    rejected = selectors.lines_visible_to(user).filter(status=LineStatus.REJECTED)
    for line in rejected:
        tasks.append(
            HomeTask(
                GROUP,
                f"Correct the rejected line {line.kpi} in {line.delivery_return}",
                reverse("contracts:line_correct", args=[line.pk]),
                detail=line.reason,
            )
        )
    return tasks


def _manager_tasks(user) -> list[HomeTask]:
    tasks = []
    waiting = selectors.lines_visible_to(user).filter(status=LineStatus.SUBMITTED)
    count = waiting.count()
    if count:
        first = waiting.first().delivery_return
        tasks.append(
            HomeTask(
                GROUP,
                "Check delivery lines suppliers have submitted",
                reverse("contracts:return_detail", args=[first.contract_id, first.period_number]),
                count=count,
            )
        )
    for status in selectors.contract_statuses(selectors.contracts_visible_to(user)):
        for kpi in status.kpis:
            if kpi.needs_recovery_plan:
                tasks.append(
                    HomeTask(
                        GROUP,
                        f"Record a recovery plan for {kpi.kpi} on {status.contract.reference}",
                        reverse("contracts:recovery_plan", args=[kpi.kpi.pk]),
                        detail="This KPI is red.",
                    )
                )
    tasks.append(HomeTask(GROUP, "See social value delivery", reverse("contracts:dashboard")))
    return tasks
