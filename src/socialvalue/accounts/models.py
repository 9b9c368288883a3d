from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


# The ignore: knox's token model (api.ApiToken) is untyped, so the django-stubs plugin cannot
# resolve its related manager on User.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who signs in. Their role is their group; a supplier's user names its supplier."""

    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Only for supplier users: the organisation they act for.",
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
