from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Procurement Act 2023 notices: which are due, prefilled from the platform, recorded
    as published on Find a Tender, and written as Find a Tender's OCDS (issue 15)."""

    name = "socialvalue.notices"
    label = "notices"
    verbose_name = "Procurement Act notices"

    def ready(self) -> None:
        from socialvalue.notices import home  # noqa: F401  (registers home tasks)
