from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "socialvalue.procurement"
    label = "procurement"
    verbose_name = "Procurement projects and engagement"

    def ready(self) -> None:
        from socialvalue.procurement import home  # noqa: F401  (registers home tasks)
