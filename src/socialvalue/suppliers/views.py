from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView, ListView

from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.forms import GovukForm
from socialvalue.core.views import PermissionMixin
from socialvalue.suppliers.models import Supplier
from socialvalue.suppliers.services import COLUMNS, SupplierImportError, suppliers_import


class SupplierImportForm(GovukForm):
    submit_label = "Check and import"
    file = forms.FileField(
        label="Supplier register file",
        help_text=f"CSV or XLSX with the columns {', '.join(COLUMNS)} (only name is required; "
        "separate aliases with |).",
    )


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

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            added, updated = suppliers_import(
                actor=self.request.user, content=upload.read(), filename=upload.name
            )
        except SupplierImportError as error:
            form.add_error("file", error.message)
            return self.render_to_response(
                self.get_context_data(form=form, problems=error.problems)
            )
        messages.success(self.request, f"{added} suppliers added, {updated} updated.")
        return redirect("suppliers:supplier_list")
