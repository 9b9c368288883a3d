"""Home-page tasks of notices: for officers and administrators, every Procurement Act
notice overdue or due in the next 30 days (a procurement's, and each contracting authority's
payments compliance notice), most urgent first."""

from datetime import date

from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.domain.notices import NoticeStatus
from socialvalue.notices import selectors

GROUP = "Procurement Act notices"


@register
def notice_tasks(user) -> list[HomeTask]:
    if not user.has_perm("notices.manage_notice"):
        return []
    found: list[tuple[date, HomeTask]] = []
    for due in selectors.notices_due():
        row = due.row
        day = row.required.due_on
        found.append(
            (
                day or date.max,
                HomeTask(
                    GROUP,
                    f"Publish the {row.title} for {due.project.title}",
                    reverse("notices:notice_detail", args=[due.project.pk, row.slug]),
                    detail=_when(day, row.status),
                ),
            )
        )
    for payments in selectors.payments_notices_due():
        notice = payments.notice
        found.append(
            (
                notice.due_on,
                HomeTask(
                    GROUP,
                    f"Publish the {notice.title} for {payments.authority.name}",
                    reverse(
                        "notices:payments_authority_notice",
                        args=[notice.period.key, payments.authority.pk],
                    ),
                    detail=_when(notice.due_on, notice.status),
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    tasks = [task for _day, task in found]
    tasks.append(HomeTask(GROUP, "See every notice due", reverse("notices:due_list")))
    return tasks


def _when(day: date | None, status) -> str:
    when = f"{day.day} {day:%B %Y}" if day else ""
    return (
        f"Overdue: it was due by {when}." if status == NoticeStatus.OVERDUE else f"Due by {when}."
    )
