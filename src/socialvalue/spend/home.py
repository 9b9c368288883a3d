from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.spend.models import ImportStatus, SpendImport


@register
def spend_tasks(user) -> list[HomeTask]:
    if not user.has_perm("spend.view_spend"):
        return []
    tasks = [
        HomeTask(
            "Spend",
            "See where the money goes",
            reverse("spend:figures"),
            detail="Local, SME and VCSE shares of spend by financial year.",
        )
    ]
    if user.has_perm("spend.import_spend"):
        failed = SpendImport.objects.filter(status=ImportStatus.FAILED, uploaded_by=user).count()
        if failed:
            tasks.insert(
                0,
                HomeTask(
                    "Spend",
                    "Correct payment files that were not imported",
                    reverse("spend:import_list"),
                    count=failed,
                ),
            )
        tasks.append(HomeTask("Spend", "Import a payments file", reverse("spend:import_create")))
    if user.has_perm("suppliers.manage_register"):
        tasks.append(
            HomeTask(
                "Spend",
                "Add payees to the supplier register",
                reverse("spend:unmatched"),
                detail="Names in the payments the register does not know: their place and "
                "size are unknown until you add them.",
            )
        )
    return tasks
