from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "socialvalue.policy"
    label = "policy"
    verbose_name = "Policy and measures library"

    def ready(self) -> None:
        from socialvalue.policy import home  # noqa: F401  (registers home tasks)
