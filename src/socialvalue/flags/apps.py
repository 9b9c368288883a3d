from django.apps import AppConfig


class FlagsConfig(AppConfig):
    """Integrity and delivery red flags for board members, auditors and officers (issue 16)."""

    name = "socialvalue.flags"
    label = "flags"
    verbose_name = "Red flags"

    def ready(self) -> None:
        from socialvalue.flags import home  # noqa: F401  (registers home tasks)
