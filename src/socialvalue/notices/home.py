"""Home-page tasks of notices: for officers and administrators, every Procurement Act
notice overdue or due in the next 30 days, most urgent first."""

from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.domain.notices import NoticeStatus
from socialvalue.notices import selectors

GROUP = "Procurement Act notices"


@register
def notice_tasks(user) -> list[HomeTask]:
    if not user.has_perm("notices.manage_notice"):
        return []
    tasks = []
    for due in selectors.notices_due():
        row = due.row
        day = row.required.due_on
        when = f"{day.day} {day:%B %Y}" if day else ""
        overdue = row.status == NoticeStatus.OVERDUE
        tasks.append(
            HomeTask(
                GROUP,
                f"Publish the {row.title} for {due.project.title}",
                reverse("notices:notice_detail", args=[due.project.pk, row.slug]),
                detail=f"Overdue: it was due by {when}." if overdue else f"Due by {when}.",
            )
        )
    tasks.append(HomeTask(GROUP, "See every notice due", reverse("notices:due_list")))
    return tasks
