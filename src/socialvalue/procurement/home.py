from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.procurement.models import Assessment, Project, Stage

GROUP = "Procurement"


@register
def procurement_tasks(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    if user.has_perm("procurement.manage_project"):
        tasks += _officer_tasks(user)
    if user.has_perm("procurement.view_project"):
        tasks.append(
            HomeTask(GROUP, "See procurement projects", reverse("procurement:project_list"))
        )
    return tasks


def _officer_tasks(user) -> list[HomeTask]:
    tasks = [HomeTask(GROUP, "Start a procurement project", reverse("procurement:project_create"))]
    waiting = Project.objects.filter(owner=user, stage=Stage.PRE_PROCUREMENT).exclude(
        pk__in=Assessment.objects.filter(signed_off_at__isnull=False).values("project")
    )
    for project in waiting:
        tasks.append(
            HomeTask(
                GROUP,
                f"Complete and sign off the social value assessment for {project.title}",
                reverse("procurement:assessment", args=[project.pk]),
                detail="The project cannot move to tender until it is signed off.",
            )
        )
    return tasks
