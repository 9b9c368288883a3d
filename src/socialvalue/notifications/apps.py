from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notifications by e-mail and in the service (issue 14 item 4): what other apps' services
    tell people, each person choosing which kinds they receive and how."""

    name = "socialvalue.notifications"
    label = "notifications"
    verbose_name = "Notifications"
