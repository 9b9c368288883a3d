from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "socialvalue.suppliers"
    label = "suppliers"
    verbose_name = "Suppliers"
