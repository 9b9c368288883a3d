from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """The yearly review of the social value policy, as a page and a PDF (issue 7)."""

    name = "socialvalue.reviews"
    label = "reviews"
    verbose_name = "Annual review"

    def ready(self) -> None:
        from socialvalue.reviews import home  # noqa: F401  (registers home tasks)
