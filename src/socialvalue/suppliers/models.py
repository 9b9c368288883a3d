from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from socialvalue.core.import_jobs import ImportJob
from socialvalue.domain.organisation_type import SUPPLIER_REGISTER_FORMS, legal_form_choices
from socialvalue.domain.supplier_size import SIZE_LABELS, SizeBand

# The sizes an officer may state when staff and turnover are not known ("" = not known).
SIZE_CHOICES = [("", SIZE_LABELS[SizeBand.UNKNOWN])] + [
    (band.value, SIZE_LABELS[band]) for band in SizeBand if band is not SizeBand.UNKNOWN
]


class Supplier(models.Model):
    """An organisation that bids for or is paid for work: the supplier register."""

    name = models.CharField(max_length=255, db_index=True)
    companies_house_number = models.CharField(max_length=10, blank=True, db_index=True)
    charity_number = models.CharField(max_length=12, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    size_band = models.CharField(
        "size",
        max_length=10,
        choices=SIZE_CHOICES,
        blank=True,
        help_text="Used when the number of staff and the turnover are not known.",
    )
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
    # Set on the demo's invented entries, so every page that shows one can say so.
    demo_data = models.BooleanField(default=False)
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
        """The other names it is paid under (prefetch ``aliases`` when listing many)."""
        return [alias.name for alias in self.aliases.all()]


class SupplierAlias(models.Model):
    """Another name a supplier is paid under: payments to that name count for the supplier.

    ``key`` is the name normalised as the spend engine matches it
    (``domain.supplier_names.normalise_name``): one ledger name belongs to one supplier.
    """

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255)
    key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "supplier aliases"

    def __str__(self) -> str:
        return self.name


class SupplierImport(ImportJob):
    """One uploaded supplier register file, imported in the background (core/import_jobs.py)."""

    upload = models.FileField(upload_to="imports/suppliers/%Y/%m/", blank=True)

    class Meta(ImportJob.Meta):
        verbose_name = "supplier register import"
