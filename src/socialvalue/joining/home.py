from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.joining.selectors import claims_waiting


@register
def joining_tasks(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    if user.has_perm("joining.confirm_claims"):
        waiting = claims_waiting().count()
        if waiting:
            tasks.append(
                HomeTask(
                    "Suppliers",
                    "Confirm who acts for organisations already on the supplier register",
                    reverse("joining:claim_list"),
                    detail="People who registered for an organisation we already know.",
                    count=waiting,
                )
            )
    if user.has_perm("joining.invite_colleagues"):
        tasks.append(
            HomeTask(
                "Your organisation",
                "Invite a colleague",
                reverse("joining:colleagues"),
                detail="Colleagues you invite can read, write and submit your bids.",
            )
        )
    return tasks
