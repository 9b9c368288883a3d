from django.apps import AppConfig


class TenderingConfig(AppConfig):
    """Tenders, sealed bids and their evaluation (panel, scores, moderation, results,
    report), and the command-line scoring twin."""

    name = "socialvalue.tendering"
    label = "tendering"
    verbose_name = "Tenders and evaluation"

    def ready(self) -> None:
        from socialvalue.tendering import home  # noqa: F401  (registers home tasks)
