from django.urls import reverse

from socialvalue.accounts.models import ChangeStatus, User, UserChange
from socialvalue.core.home import HomeTask, register


@register
def user_tasks(user) -> list[HomeTask]:
    if not user.has_perm("accounts.manage_users"):
        return []
    without_role = User.objects.filter(is_active=True, groups__isnull=True).count()
    tasks = [HomeTask("Users", "Manage users and their roles", reverse("accounts:user_list"))]
    waiting = (
        UserChange.objects.filter(status=ChangeStatus.PENDING)
        .exclude(requested_by=user)
        .exclude(user=user)
        .count()
    )
    if waiting:
        tasks.insert(
            0,
            HomeTask(
                "Users",
                "Approve or refuse changes another administrator asked for",
                reverse("accounts:change_list"),
                detail="Letting someone act for a supplier needs a second administrator.",
                count=waiting,
            ),
        )
    if without_role:
        tasks.insert(
            0,
            HomeTask(
                "Users",
                "Give a role to users who have none",
                reverse("accounts:user_list"),
                detail="They cannot open any page until they have a role.",
                count=without_role,
            ),
        )
    return tasks


@register
def two_factor_tasks(user) -> list[HomeTask]:
    from socialvalue.accounts.two_factor import has_two_factor

    if not user.has_perm("accounts.use_two_factor"):
        return []
    if has_two_factor(user):
        return [
            HomeTask("Your account", "Manage two-factor sign-in", reverse("accounts:two_factor"))
        ]
    return [
        HomeTask(
            "Your account",
            "Set up two-factor sign-in",
            reverse("accounts:two_factor"),
            detail="A code from an app on your phone as well as your password.",
        )
    ]
