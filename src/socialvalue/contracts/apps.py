from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Awarded contracts, their social value KPIs, suppliers' delivery returns and
    their verification (issue 5)."""

    name = "socialvalue.contracts"
    label = "contracts"
    verbose_name = "Contracts and delivery"

    def ready(self) -> None:
        from socialvalue.contracts import home  # noqa: F401  (registers home tasks)
