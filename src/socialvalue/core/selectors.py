from __future__ import annotations

from collections import OrderedDict

from socialvalue.core.home import HomeTask, providers


def home_tasks_for(user) -> OrderedDict[str, list[HomeTask]]:
    """Tasks for the user's home page, grouped by heading in registration order."""
    groups: OrderedDict[str, list[HomeTask]] = OrderedDict()
    for provider in providers():
        for task in provider(user):
            groups.setdefault(task.group, []).append(task)
    return groups


def role_names_of(user) -> list[str]:
    return sorted(group.name for group in user.groups.all())
