from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "socialvalue.spend"
    label = "spend"
    verbose_name = "Spend analysis"

    def ready(self) -> None:
        from socialvalue.core.heartbeat import worker_started
        from socialvalue.spend import home  # noqa: F401  (registers home tasks)

        worker_started.connect(_recover_stopped_imports, dispatch_uid="spend-recover-imports")


def _recover_stopped_imports(**kwargs) -> None:
    """A worker starting ends the imports a worker that died left running."""
    from socialvalue.spend.services import figures_recover, spend_imports_recover

    spend_imports_recover()
    figures_recover()
