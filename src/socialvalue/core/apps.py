from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "socialvalue.core"
    label = "core"
    verbose_name = "Service pages"

    def ready(self) -> None:
        from socialvalue.core import checks  # noqa: F401  (registers the system checks)
