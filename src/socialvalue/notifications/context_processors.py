from django.http import HttpRequest

from socialvalue.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    """The signed-in user's unread count, for the header's Notifications link."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"notifications_unread": unread_count(user)}
