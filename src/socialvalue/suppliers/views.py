from __future__ import annotations

from django import forms
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import DetailView, FormView, ListView

from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.forms import GovukForm
from socialvalue.core.uploads import MAX_TABLE_IMPORT_BYTES, check_table_upload
from socialvalue.core.views import PermissionMixin
from socialvalue.suppliers.models import Supplier, SupplierImport
from socialvalue.suppliers.services import COLUMNS, suppliers_import_create


class SupplierImportForm(GovukForm):
    submit_label = "Check and import"
    file = forms.FileField(
        label="Supplier register file",
        # The column names are codes (constants, shown as codes: the hint is not escaped).
        help_text="CSV or XLSX with the columns "
        f"{', '.join(f'<code>{c}</code>' for c in COLUMNS)} (only name is required; "
        "separate aliases with |), smaller than "
        f"{MAX_TABLE_IMPORT_BYTES // (1024 * 1024)} MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_table_upload(upload)
        return upload


class SupplierListView(PermissionMixin, ExportMixin, ListView):
    permission_required = "suppliers.view_register"
    template_name = "suppliers/supplier_list.html"
    context_object_name = "suppliers"
    paginate_by = 100
    queryset = Supplier.objects.order_by("name")
    export_filename = "supplier-register"
    export_columns = (
        Column("Name", "name"),
        Column("Aliases", lambda s: " | ".join(s.alias_list)),
        Column("Companies House number", "companies_house_number"),
        Column("Charity number", "charity_number"),
        Column("Postcode", "postcode"),
        Column("Staff", "employees"),
        Column("Turnover (£)", "turnover"),
        Column("Balance sheet total (£)", "balance_sheet_total"),
        Column("Legal form", "get_legal_form_display"),
        Column("Local branch", "local_branch"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm("suppliers.import_register")
        return context


class SupplierImportView(PermissionMixin, FormView):
    permission_required = "suppliers.import_register"
    template_name = "suppliers/supplier_import.html"
    form_class = SupplierImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = SupplierImport.objects.select_related("uploaded_by")[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job = suppliers_import_create(
            actor=self.request.user, content=upload.read(), filename=upload.name
        )
        return redirect("suppliers:supplier_import_detail", pk=job.pk)


class SupplierImportDetailView(PermissionMixin, DetailView):
    """The state of one background import: waiting, importing, imported or not, and why."""

    permission_required = "suppliers.import_register"
    model = SupplierImport
    template_name = "core/import_job_detail.html"
    context_object_name = "job"
    extra_context = {
        "kind": "supplier register",
        "back_url": reverse_lazy("suppliers:supplier_import"),
        "back_text": "Back to importing suppliers",
        "done_url": reverse_lazy("suppliers:supplier_list"),
        "done_text": "Go to the supplier register",
    }
