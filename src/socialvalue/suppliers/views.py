from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.forms import GovukForm
from socialvalue.core.uploads import MAX_TABLE_IMPORT_BYTES, check_table_upload
from socialvalue.core.views import PermissionMixin
from socialvalue.domain.supplier_match import Suggestion
from socialvalue.spend import selectors as spend_selectors
from socialvalue.suppliers import selectors
from socialvalue.suppliers.forms import OTHER, AcceptSuggestionsForm, AliasForm, SupplierForm
from socialvalue.suppliers.models import Supplier, SupplierAlias, SupplierImport
from socialvalue.suppliers.services import (
    COLUMNS,
    supplier_alias_remove,
    supplier_aliases_add,
    supplier_create,
    supplier_suggestions_accept,
    supplier_update,
    suppliers_import_create,
)


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
    queryset = Supplier.objects.order_by("name").prefetch_related("aliases")
    export_filename = "supplier-register"
    export_columns = (
        Column("Name", "name"),
        Column("Aliases", lambda s: " | ".join(s.alias_list)),
        Column("Companies House number", "companies_house_number"),
        Column("Charity number", "charity_number"),
        Column("Postcode", "postcode"),
        Column("Staff", "employees"),
        Column("Size", "get_size_band_display"),
        Column("Turnover (£)", "turnover"),
        Column("Balance sheet total (£)", "balance_sheet_total"),
        Column("Legal form", "get_legal_form_display"),
        Column("Local branch", "local_branch"),
        Column("Demo data", "demo_data"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm("suppliers.import_register")
        context["can_manage"] = self.request.user.has_perm("suppliers.manage_register")
        context["demo_count"] = selectors.demo_supplier_count()
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


# Building the register from the payments -------------------------------------------------


def _form_error(form, error: DomainError) -> None:
    """A service's refusal on the field it names, or above the form when it is not there."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class SupplierCreateView(PermissionMixin, FormView):
    """Add a supplier; from the unmatched payees' page, the payee's name comes with it."""

    permission_required = "suppliers.manage_register"
    template_name = "suppliers/supplier_form.html"
    form_class = SupplierForm

    def get_initial(self) -> dict[str, Any]:
        payee = self.request.GET.get("payee", "").strip()
        return {"name": payee, "payee": payee}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        payee = self.request.GET.get("payee", "").strip()
        context.update(
            title="Add a supplier to the register",
            payee=payee,
            back_url=reverse("spend:unmatched") if payee else reverse("suppliers:supplier_list"),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        payee = form.cleaned_data["payee"].strip()
        try:
            supplier = supplier_create(actor=self.request.user, details=form.details(), payee=payee)
        except DomainError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{supplier.name} was added to the register.")
        return redirect("spend:unmatched" if payee else "suppliers:supplier_list")


class SupplierEditView(PermissionMixin, FormView):
    """A supplier's details and the other names it is paid under."""

    permission_required = "suppliers.manage_register"
    template_name = "suppliers/supplier_form.html"
    form_class = SupplierForm

    def dispatch(self, request, *args, **kwargs):
        self.supplier = get_object_or_404(Supplier, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        fields = SupplierForm.base_fields
        return {name: getattr(self.supplier, name) for name in fields if name != "payee"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Change {self.supplier.name}",
            supplier=self.supplier,
            aliases=self.supplier.aliases.all(),
            back_url=reverse("suppliers:supplier_list"),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            supplier = supplier_update(
                actor=self.request.user, supplier=self.supplier, details=form.details()
            )
        except DomainError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{supplier.name}'s details were saved.")
        return redirect("suppliers:supplier_edit", pk=supplier.pk)


class SupplierAliasRemoveView(PermissionMixin, View):
    """Take a name added by mistake away from a supplier (a button on its page)."""

    permission_required = "suppliers.manage_register"
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponse:
        alias = get_object_or_404(SupplierAlias.objects.select_related("supplier"), pk=pk)
        supplier = alias.supplier
        supplier_alias_remove(actor=request.user, alias=alias)
        messages.success(
            request,
            f"{alias.name} is no longer a name of {supplier.name}: its payments "
            "are not matched to any supplier now.",
        )
        return redirect("suppliers:supplier_edit", pk=supplier.pk)


class PayeeAliasView(PermissionMixin, FormView):
    """One or several payees recorded as other names of one supplier."""

    permission_required = "suppliers.manage_register"
    template_name = "suppliers/alias_form.html"
    form_class = AliasForm

    def dispatch(self, request, *args, **kwargs):
        # Chosen on the unmatched payees' page; they stay in the address when posting.
        self.payees = list(
            dict.fromkeys(p.strip() for p in request.GET.getlist("payee") if p.strip())
        )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def suggestions(self) -> list[Suggestion]:
        """Built once the permission is checked, once a request."""
        return selectors.suggestions_for(self.payees)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(payees=self.payees, suggestions=self.suggestions)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        chosen = self.request.GET.get("supplier", "")
        offered = {s.supplier.reference for s in self.suggestions}
        return {"payees": self.payees, "supplier": chosen if chosen in offered else ""}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Add payees as another name of a supplier", back_url=reverse("spend:unmatched")
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        supplier = self._supplier(form)
        if supplier is None:
            return self.form_invalid(form)
        try:
            added = supplier_aliases_add(
                actor=self.request.user, supplier=supplier, names=form.cleaned_data["payees"]
            )
        except DomainError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Payments to {', '.join(added) or 'these names'} now count for {supplier.name}.",
        )
        return redirect("spend:unmatched")

    def _supplier(self, form) -> Supplier | None:
        chosen, other = form.cleaned_data["supplier"], form.cleaned_data["other"].strip()
        if chosen and chosen != OTHER:
            return Supplier.objects.filter(pk=chosen).first()
        if not other:
            field = "other" if chosen == OTHER else "supplier"
            form.add_error(field, "Choose the supplier, or type its name as in the register")
            return None
        found = selectors.supplier_find(other)
        if found is None:
            form.add_error(
                "other",
                f"No supplier in the register is called '{other}' or has that Companies House "
                "number: check the spelling, or add the supplier to the register first",
            )
        return found


class AcceptSuggestionsView(PermissionMixin, FormView):
    """Every unmatched payee whose best suggestion is at least this alike, shown first and
    then accepted in one go."""

    permission_required = "suppliers.manage_register"
    template_name = "suppliers/suggestions_accept.html"
    form_class = AcceptSuggestionsForm

    def get_initial(self) -> dict[str, Any]:
        return {"min_score": self._score()}

    def _score(self) -> int:
        form = AcceptSuggestionsForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            return form.cleaned_data["min_score"]
        return form.fields["min_score"].initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        score = self._score()
        payees = [u.name for u in spend_selectors.unmatched_suppliers(limit=None)]
        context.update(
            title="Accept the suggested suppliers",
            score=score,
            suggestions=selectors.suggestions_to_accept(payees, score),
            back_url=reverse("spend:unmatched"),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        payees = [u.name for u in spend_selectors.unmatched_suppliers(limit=None)]
        try:
            accepted = supplier_suggestions_accept(
                actor=self.request.user, payees=payees, min_score=form.cleaned_data["min_score"]
            )
        except DomainError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{len(accepted)} payee(s) added as other names of their suppliers."
        )
        return redirect("spend:unmatched")
