from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "socialvalue.core"
    label = "core"
    verbose_name = "Service pages"
