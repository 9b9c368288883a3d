from django.urls import reverse

from socialvalue.core.home import HomeTask, register
from socialvalue.flags.models import Flag, FlagStatus


@register
def flag_tasks(user) -> list[HomeTask]:
    """Officers and administrators: the red flags still to review."""
    if not user.has_perm("flags.review_flags"):
        return []
    waiting = Flag.objects.filter(holds=True, status=FlagStatus.OPEN).count()
    if not waiting:
        return []
    return [
        HomeTask(
            "Red flags",
            f"Review {waiting} red flag{'' if waiting == 1 else 's'}",
            reverse("flags:flag_list") + "?status=open",
            detail="Signs of risk in procurements, contracts and spend: read the evidence "
            "and record what you decided.",
        )
    ]
