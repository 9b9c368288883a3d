from django.apps import AppConfig


class JoiningConfig(AppConfig):
    name = "socialvalue.joining"
    label = "joining"
    verbose_name = "Suppliers joining: registration, e-mail checks, claims and invitations"

    def ready(self) -> None:
        from socialvalue.joining import home  # noqa: F401  (registers home tasks)
