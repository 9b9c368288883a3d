from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "socialvalue.audit"
    label = "audit"
    verbose_name = "Audit log"
