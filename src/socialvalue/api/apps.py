from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (Django REST Framework) with its OpenAPI schema (issue 7)."""

    name = "socialvalue.api"
    label = "api"
    verbose_name = "REST API"
