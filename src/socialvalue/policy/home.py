from django.db.models import Q
from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.policy import selectors
from socialvalue.policy.models import Measure


@register
def policy_tasks(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    if user.has_perm("policy.manage_policy"):
        tasks += _administrator_tasks()
    if user.has_perm("policy.view_measures"):
        tasks.append(
            HomeTask(
                "Social value policy",
                "Read the measures library",
                reverse("policy:measure_list"),
                detail="What suppliers can commit to, the evidence each needs and its proxy value.",
            )
        )
    if user.has_perm("policy.view_policy"):
        tasks.append(
            HomeTask(
                "Social value policy",
                "Read the policy: priorities, aims, weighting rule and thresholds",
                reverse("policy:overview"),
            )
        )
    return tasks


def _administrator_tasks() -> list[HomeTask]:
    tasks = []
    if selectors.organisation_get() is None:
        tasks.append(
            HomeTask(
                "Policy to keep up to date",
                "Describe your organisation",
                reverse("policy:organisation_edit"),
            )
        )
    if selectors.plan_period_current() is None:
        tasks.append(
            HomeTask(
                "Policy to keep up to date",
                "Add the current Police and Crime Plan",
                reverse("policy:plan_period_create"),
                detail="No plan period covers today.",
            )
        )
    if selectors.evaluation_rule_current() is None:
        tasks.append(
            HomeTask(
                "Policy to keep up to date",
                "Set the minimum social value weighting",
                reverse("policy:evaluation_rule_create"),
            )
        )
    if not selectors.thresholds_in_force().exists():
        tasks.append(
            HomeTask(
                "Policy to keep up to date",
                "Add the thresholds in force today",
                reverse("policy:threshold_list"),
            )
        )
    unlinked = Measure.objects.filter(active=True, priorities__isnull=True).count()
    if unlinked:
        tasks.append(
            HomeTask(
                "Policy to keep up to date",
                "Link measures to a Police and Crime Plan priority",
                reverse("policy:measure_list"),
                count=unlinked,
                detail="The policy wants every outcome linked to a priority.",
            )
        )
    unsourced = Measure.objects.filter(
        Q(proxy_value__isnull=False) & (Q(proxy_source="") | Q(proxy_year__isnull=True))
    ).count()
    if unsourced:
        tasks.append(
            HomeTask(
                "Policy to keep up to date",
                "Give a source for proxy values",
                reverse("policy:measure_list"),
                count=unsourced,
            )
        )
    tasks.append(
        HomeTask(
            "Policy to keep up to date",
            "Import a measures library",
            reverse("policy:measure_import"),
            detail="CSV or XLSX, for example a library your body is licensed to use.",
        )
    )
    return tasks
