"""Imported payment data. The figures are computed by the DuckDB engine in analytics/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from socialvalue.policy.models import ContractingAuthority


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class SpendImport(models.Model):
    """One uploaded payments file and what became of it."""

    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    upload = models.FileField(upload_to="spend/%Y/%m/", blank=True)
    lenient = models.BooleanField(
        default=False, help_text="Import the readable lines and list the others."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The body that made the file's payments: each contracting authority publishes its own
    # payments compliance notice (UK8) and payments over £30,000. Empty: not stated (an
    # import from before bodies were recorded, or from the command line without one).
    contracting_authority = models.ForeignKey(
        ContractingAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spend_imports",
        verbose_name="contracting authority that paid",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the import last moved (started, saved a batch, ended): a running import that has
    # not moved for SPEND_IMPORT_STALE_AFTER_SECONDS is taken as stopped.
    updated_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default="queued")
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    lines_added = models.PositiveIntegerField(default=0)
    total_added = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["rows_done"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file imported twice adds nothing: one waiting, running or finished
            # import per content, so two uploads of one file at the same moment import once.
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(status__in=["queued", "running", "done"]),
                name="spend_import_unique_active_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()})"

    @property
    def percent_done(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class PaymentQuerySet(models.QuerySet):
    def counted(self) -> PaymentQuerySet:
        """Payments of finished imports: a running import's saved batches are not counted."""
        return self.filter(spend_import__status=ImportStatus.DONE)


class Payment(models.Model):
    """One payment line as the finance file had it, normalised to pence and a date."""

    spend_import = models.ForeignKey(SpendImport, on_delete=models.PROTECT, related_name="payments")
    source_file = models.CharField(max_length=255)
    sheet = models.CharField(max_length=100, blank=True)
    row_number = models.PositiveIntegerField()
    payment_date = models.DateField(db_index=True)
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    supplier_name = models.CharField(max_length=255)
    category = models.CharField(max_length=255, blank=True)
    supplier_postcode = models.CharField(max_length=10, blank=True)
    supplier_company_number = models.CharField(max_length=20, blank=True)
    # The invoice's date where the file has one: how long it waited to be paid (s.69).
    invoice_date = models.DateField(null=True, blank=True)
    fingerprint = models.CharField(max_length=40)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["payment_date", "id"]
        # Declared here rather than with unique=True / db_index=True on the fields, which on
        # PostgreSQL also add a second (LIKE) index to each: nothing searches these by
        # prefix, and every index costs time on each of millions of imported lines.
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="spend_payment_one_per_line")
        ]
        indexes = [models.Index(fields=["supplier_name"], name="spend_payment_supplier")]

    def __str__(self) -> str:
        return f"{self.payment_date} {self.supplier_name} {self.amount}"


class FiguresState(models.Model):
    """One row: whether the figures snapshot is up to date, and the work on it.

    Each change to what the figures rest on (an import finished or deleted, the supplier
    register changed) adds one to ``requested``; a computation records the ``requested``
    it started from in ``computed``. The snapshot is out of date while ``requested`` is
    greater than ``computed``.
    """

    requested = models.PositiveIntegerField(default=0)
    computed = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True, help_text="Why the figures were last due again.")
    requested_at = models.DateTimeField(null=True, blank=True)
    # Set while a computation waits for the worker: repeated changes then queue nothing
    # more. Cleared when it starts, so a change made during a computation queues another.
    queued_at = models.DateTimeField(null=True, blank=True)
    computing_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    problem = models.TextField(blank=True, help_text="Why the last computation failed.")

    def __str__(self) -> str:
        return f"figures computed {self.computed} of {self.requested}"

    @property
    def out_of_date(self) -> bool:
        return self.requested > self.computed


class TimesScope(models.TextChoices):
    """Whose payments a stored figure counts (the figures and the payment times)."""

    ALL = "all", "All contracting authorities"
    AUTHORITY = "authority", "One contracting authority"
    NOT_STATED = "not_stated", "Body not stated"


# A stored figure names a contracting authority exactly when its scope is one authority.
AUTHORITY_IFF_SCOPE = models.Q(scope="authority", contracting_authority__isnull=False) | (
    models.Q(scope__in=["all", "not_stated"]) & models.Q(contracting_authority__isnull=True)
)


class FiguresSnapshot(models.Model):
    """The spend figures for one choice of the figures page's filters, computed once in the
    background over every payment (``spend/snapshots.py``) with their charts drawn: a year
    (or every year), public bodies counted as influenceable or not, and whose payments
    (every body together, one contracting authority, or the imports whose body is not
    stated; ``scope`` as for the payment times)."""

    year = models.CharField(max_length=7, blank=True, help_text="Blank: every year.")
    include_public_bodies = models.BooleanField(default=False)
    scope = models.CharField(max_length=12, choices=TimesScope.choices, default=TimesScope.ALL)
    contracting_authority = models.ForeignKey(
        ContractingAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    figures = models.JSONField(help_text="SpendFigures: money and shares as text.")
    charts = models.JSONField(default=dict, blank=True, help_text="Chart name to SVG.")
    computed_at = models.DateTimeField()
    rests_on = models.JSONField(
        default=dict, blank=True, help_text="The imports and register it was computed from."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=AUTHORITY_IFF_SCOPE,
                name="spend_figures_authority_iff_scope",
            ),
            models.UniqueConstraint(
                fields=["year", "include_public_bodies", "scope"],
                condition=models.Q(contracting_authority__isnull=True),
                name="spend_figures_one_per_filter",
            ),
            models.UniqueConstraint(
                fields=["year", "include_public_bodies", "contracting_authority"],
                condition=models.Q(contracting_authority__isnull=False),
                name="spend_figures_one_per_authority_filter",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"spend figures {self.year or 'every year'} {self.scope} "
            f"({self.computed_at:%Y-%m-%d %H:%M})"
        )


class PayeeTotal(models.Model):
    """What was paid to one name as the ledgers write it, over every counted payment: kept
    with the figures snapshots (``spend/snapshots.py``) so that the review of the names not
    in the supplier register reads thousands of names, not millions of payments."""

    name = models.CharField(max_length=255)  # one row per name: the GROUP BY makes it so
    total = models.DecimalField(max_digits=18, decimal_places=2)
    lines = models.PositiveIntegerField()

    class Meta:
        ordering = ["-total", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.total}"


class PaymentTimesSnapshot(models.Model):
    """How quickly invoices were paid in each reporting period (payments compliance, s.69),
    computed with the figures snapshots from every counted payment: one row for every body
    together, one per contracting authority (each publishes its own UK8) and one for the
    imports whose body is not stated."""

    scope = models.CharField(max_length=12, choices=TimesScope.choices, default=TimesScope.ALL)
    contracting_authority = models.ForeignKey(
        ContractingAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    periods = models.JSONField(
        default=list, blank=True, help_text="domain.payment_times.Compliance of each period."
    )
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=AUTHORITY_IFF_SCOPE,
                name="spend_times_authority_iff_scope",
            ),
            models.UniqueConstraint(
                fields=["scope"],
                condition=models.Q(contracting_authority__isnull=True),
                name="spend_times_one_per_scope",
            ),
            models.UniqueConstraint(
                fields=["contracting_authority"],
                condition=models.Q(contracting_authority__isnull=False),
                name="spend_times_one_per_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"payment times {self.scope} ({self.computed_at:%Y-%m-%d %H:%M})"
