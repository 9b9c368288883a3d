from django.apps import AppConfig


class TenderingConfig(AppConfig):
    """Tenders, bids and their evaluation. So far: the command-line scoring twin; the
    pages, models and sealed bids come with the evaluation issue."""

    name = "socialvalue.tendering"
    label = "tendering"
    verbose_name = "Tenders and evaluation"
