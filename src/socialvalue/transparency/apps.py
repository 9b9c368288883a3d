from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    """Public pages without sign-in and the Open Contracting (OCDS) export (issue 7)."""

    name = "socialvalue.transparency"
    label = "transparency"
    verbose_name = "Transparency and open data"
