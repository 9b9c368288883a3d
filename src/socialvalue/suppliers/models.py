from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from socialvalue.core.import_jobs import ImportJob
from socialvalue.domain.organisation_type import SUPPLIER_REGISTER_FORMS, legal_form_choices


class Supplier(models.Model):
    """An organisation that bids for or is paid for work: the supplier register."""

    name = models.CharField(max_length=255, db_index=True)
    aliases = models.TextField(
        blank=True, help_text="Other names it appears under in payment files, one per line."
    )
    companies_house_number = models.CharField(max_length=10, blank=True, db_index=True)
    charity_number = models.CharField(max_length=12, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    turnover = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Annual turnover in pounds.",
    )
    balance_sheet_total = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, help_text="In pounds."
    )
    legal_form = models.CharField(
        max_length=40, choices=legal_form_choices(SUPPLIER_REGISTER_FORMS), blank=True
    )
    local_branch = models.BooleanField(
        default=False,
        help_text="Has a branch in the force area even though its registered address is elsewhere.",
    )
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~models.Q(companies_house_number=""),
                name="supplier_unique_companies_house_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class SupplierImport(ImportJob):
    """One uploaded supplier register file, imported in the background (core/import_jobs.py)."""

    upload = models.FileField(upload_to="imports/suppliers/%Y/%m/", blank=True)

    class Meta(ImportJob.Meta):
        verbose_name = "supplier register import"
