from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "socialvalue.spend"
    label = "spend"
    verbose_name = "Spend analysis"

    def ready(self) -> None:
        from socialvalue.spend import home  # noqa: F401  (registers home tasks)
