"""Spend pages: upload (imported in the background), progress, figures, unmatched names."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView, TemplateView

from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin, download
from socialvalue.core.heartbeat import worker_status
from socialvalue.core.views import PermissionMixin
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.domain.geography import Place
from socialvalue.domain.organisation_type import OrganisationType
from socialvalue.domain.payment_times import S70_IN_FORCE, Period
from socialvalue.domain.place_coverage import PlaceBasis
from socialvalue.domain.supplier_size import SizeBand
from socialvalue.policy.selectors import contracting_authority_list
from socialvalue.spend import selectors
from socialvalue.spend.forms import (
    SpendFilterForm,
    SpendImportAuthorityForm,
    SpendImportDeleteForm,
    SpendUploadForm,
)
from socialvalue.spend.models import ImportStatus, SpendImport
from socialvalue.spend.services import (
    SpendImportBusy,
    spend_import_authority_set,
    spend_import_create,
    spend_import_delete,
    spend_imports_recover,
)
from socialvalue.spend.snapshots import Body, Snapshot, share_rows

NOT_STATED = "Body not stated"


def body_filter_context(request) -> dict[str, Any]:
    """A page filtered by contracting authority with ``?authority=<id>`` ("none": the
    imports whose body is not stated; blank: every body together). A value that names no
    authority shows every body together and says so (``body_unknown``)."""
    value = request.GET.get("authority")
    return {
        "body": selectors.body_from(value),
        "body_unknown": selectors.unknown_body_message(value),
        "body_choices": selectors.body_choices(),
        "unstated_imports": selectors.unstated_imports(),
    }


def _body_of(payment) -> str:
    authority = payment.spend_import.contracting_authority
    return authority.name if authority else NOT_STATED


class SpendImportListView(PermissionMixin, ExportMixin, ListView):
    permission_required = "spend.view_spend"
    template_name = "spend/import_list.html"
    context_object_name = "imports"
    paginate_by = 50
    queryset = SpendImport.objects.select_related("uploaded_by", "contracting_authority")
    export_filename = "payment-imports"
    export_columns = (
        Column("File", "filename"),
        Column(
            "Contracting authority",
            lambda i: i.contracting_authority.name if i.contracting_authority else NOT_STATED,
        ),
        Column("When", "created_at"),
        Column("Status", "get_status_display"),
        Column("Payments added", "lines_added"),
        Column("Total added (£)", "total_added"),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm("spend.import_spend")
        return context


class SpendUploadView(PermissionMixin, FormView):
    permission_required = "spend.import_spend"
    template_name = "spend/import_upload.html"
    form_class = SpendUploadForm
    extra_context = {
        "title": "Import payments",
        "intro": "The file is imported in the background: you can watch its progress on the "
        "next page. Importing the same file again adds nothing.",
        "back_url": "/spend/imports/",
    }

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["own_names"] = selectors.own_body_names()
        kwargs["authorities"] = contracting_authority_list()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        names = selectors.own_body_names()
        context["own_name"] = names[0] if names else "this organisation"
        return context

    def form_valid(self, form) -> HttpResponse:
        upload = form.cleaned_data["file"]
        try:
            spend_import = spend_import_create(
                actor=self.request.user,
                filename=upload.name,
                content=upload.read(),
                lenient=form.cleaned_data["lenient"],
                contracting_authority=form.cleaned_data.get("contracting_authority"),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        return redirect("spend:import_detail", pk=spend_import.pk)


class SpendImportDetailView(PermissionMixin, DetailView):
    permission_required = "spend.view_spend"
    template_name = "spend/import_detail.html"
    context_object_name = "spend_import"
    model = SpendImport

    def get_object(self, queryset=None) -> SpendImport:
        # An import whose worker is gone is ended here, so the page never waits for ever.
        if spend_imports_recover(pk=self.kwargs["pk"]):
            return get_object_or_404(SpendImport, pk=self.kwargs["pk"])
        return super().get_object(queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["in_progress"] = self.object.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
        can_import = self.request.user.has_perm("spend.import_spend")
        context["can_delete"] = can_import and self.object.status != ImportStatus.RUNNING
        context["can_set_body"] = can_import
        context["not_stated"] = NOT_STATED
        if self.object.status == ImportStatus.QUEUED:
            # Waiting for the background worker: say so plainly when none is running.
            context["worker"] = worker_status()
        return context


class SpendImportDeleteView(PermissionMixin, FormView):
    """Delete a wrong file's import with the payments it added, with a reason (audited)."""

    permission_required = "spend.import_spend"
    template_name = "spend/import_delete.html"
    form_class = SpendImportDeleteForm

    def dispatch(self, request, *args, **kwargs) -> HttpResponseBase:
        self.spend_import = get_object_or_404(SpendImport, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["spend_import"] = self.spend_import
        context["running"] = self.spend_import.status == ImportStatus.RUNNING
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            deleted = spend_import_delete(
                actor=self.request.user,
                spend_import=self.spend_import,
                reason=form.cleaned_data["reason"],
            )
        except SpendImportBusy as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The import of {self.spend_import.filename} was deleted with its "
            f"{deleted:,} payments.",
        )
        return redirect("spend:import_list")


class SpendImportAuthorityView(PermissionMixin, FormView):
    """State or correct the contracting authority that made an import's payments (audited):
    an import from before bodies were recorded, or one given the wrong body."""

    permission_required = "spend.import_spend"
    template_name = "core/form_page.html"
    form_class = SpendImportAuthorityForm

    def dispatch(self, request, *args, **kwargs) -> HttpResponseBase:
        self.spend_import = get_object_or_404(
            SpendImport.objects.select_related("contracting_authority"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["authorities"] = contracting_authority_list()
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"contracting_authority": self.spend_import.contracting_authority}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = self.spend_import.contracting_authority
        context.update(
            title="Which body made these payments?",
            intro=f"{self.spend_import.filename}: "
            + (f"recorded as made by {now.name}." if now else "the body is not stated.")
            + " Each contracting authority publishes its own payments compliance notice and "
            "payments over £30,000, so the payments count in the figures of the body chosen.",
            back_url=reverse("spend:import_detail", args=[self.spend_import.pk]),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            spend_import_authority_set(
                actor=self.request.user,
                spend_import=self.spend_import,
                contracting_authority=form.cleaned_data["contracting_authority"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The payments of {self.spend_import.filename} are recorded as made by "
            f"{form.cleaned_data['contracting_authority'].name}",
        )
        return redirect("spend:import_detail", pk=self.spend_import.pk)


def _filters(request) -> tuple[SpendFilterForm, FinancialYear | None, bool]:
    form = SpendFilterForm(request.GET or None, years=selectors.financial_years_imported())
    year, include_public = None, False
    if form.is_valid():
        if form.cleaned_data["year"]:
            year = FinancialYear.parse(form.cleaned_data["year"])
        include_public = form.cleaned_data["include_public_bodies"]
    return form, year, include_public


class SpendFiguresView(PermissionMixin, TemplateView):
    """The figures stored by the last background computation, never computed here."""

    permission_required = "spend.view_spend"
    template_name = "spend/figures.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, year, include_public = _filters(self.request)
        bodies = body_filter_context(self.request)
        snapshot = selectors.figures_snapshot(
            year=year, include_public_bodies=include_public, body=bodies["body"]
        )
        context.update(
            bodies,
            year=year,
            demo_count=_demo_supplier_count(),
            filter_form=form,
            snapshot=snapshot,
            figures=snapshot.figures,
            share_tables=_share_tables(snapshot),
            place_coverage=snapshot.figures.place_coverage().to_dict()
            if snapshot.figures is not None
            else None,
            query=self.request.GET.urlencode(),
        )
        return context


def _demo_supplier_count() -> int:
    from socialvalue.suppliers.selectors import demo_supplier_count

    return demo_supplier_count()


def _share_tables(snapshot: Snapshot) -> list[dict]:
    """Each breakdown as a table and the chart of the same rows drawn with the figures."""
    if snapshot.figures is None:
        return []
    tables = share_rows(snapshot.figures)
    for table in tables:
        table["chart"] = snapshot.charts.get(table["key"], "")
    return tables


class UnmatchedSuppliersView(PermissionMixin, ExportMixin, TemplateView):
    """Payees the register does not know, largest spend first, a page at a time; officers
    add each to the register or as another name of a supplier (suppliers/views.py)."""

    permission_required = "spend.view_spend"
    template_name = "spend/unmatched.html"
    paginate_by = 25
    export_filename = "suppliers-not-in-register"
    export_columns = (
        Column("Name in the payments", "name"),
        Column("Payments", "lines"),
        Column("Total (£)", "total"),
    )

    def export_rows(self):
        return selectors.unmatched_suppliers(limit=None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.core.paginator import Paginator

        from socialvalue.suppliers.selectors import demo_supplier_count, supplier_matcher

        context = super().get_context_data(**kwargs)
        review = selectors.register_review()
        page = Paginator(review.unmatched, self.paginate_by).get_page(self.request.GET.get("page"))
        can_manage = self.request.user.has_perm("suppliers.manage_register")
        matcher = supplier_matcher() if can_manage else None
        rows = [
            {
                "payee": payee,
                "suggestion": next(iter(matcher.suggest(payee.name, limit=1)), None)
                if matcher
                else None,
            }
            for payee in page.object_list
        ]
        context.update(
            review=review,
            rows=rows,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            can_manage=can_manage,
            demo_count=demo_supplier_count(),
        )
        return context


class SpendFiguresDownloadView(PermissionMixin, TemplateView):
    permission_required = "spend.view_spend"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        _form, year, include_public = _filters(request)
        body = selectors.body_from(request.GET.get("authority"))
        snapshot = selectors.figures_snapshot(
            year=year, include_public_bodies=include_public, body=body
        )
        if snapshot.figures is None:
            response = HttpResponse(BEING_COMPUTED, status=503, content_type="text/plain")
            response["Retry-After"] = "60"
            return response
        rows = _figure_rows(snapshot.figures, body)
        return download(rows, filename="spend-figures", fmt=kwargs["format"], sheet="Spend by year")


BEING_COMPUTED = "The spend figures are being computed: try again in a minute.\n"

# Each column of the download: the figure and its heading in words.
FIGURE_COLUMNS = [
    ("year", "Financial year"),
    ("lines", "Payments"),
    ("total", "Total spend (£)"),
    ("influenceable", "Influenceable spend (£)"),
    ("force_area", f"{Place.FORCE_AREA.label} (£)"),
    ("north_west", f"{Place.NORTH_WEST.label}, force area included (£)"),
    ("outside_uk", f"{Place.OUTSIDE_UK.label} (£)"),
    ("place_unknown", f"{Place.UNKNOWN.label} (£)"),
    ("placed_by_postcode", f"{PlaceBasis.POSTCODE.label} (£)"),
    ("placed_by_country", f"{PlaceBasis.COUNTRY.label} (£)"),
    ("estimated_by_sector", f"{PlaceBasis.SECTOR.label} (£)"),
    ("estimated_by_district", f"{PlaceBasis.DISTRICT.label} (£)"),
    ("force_area_share_text", f"{Place.FORCE_AREA.label} share"),
    ("north_west_share_text", f"{Place.NORTH_WEST.label} share, force area included"),
    ("sme", "SME (£)"),
    ("size_unknown", f"{SizeBand.UNKNOWN.label} (£)"),
    ("sme_share_text", "SME share"),
    ("vcse", f"{OrganisationType.VCSE.label} (£)"),
    ("suppliers", "Suppliers"),
    ("place_caveat", "What the place shares rest on"),
    ("body", "Contracting authority"),
]


def _figure_rows(figures, body: Body) -> list[list]:
    rows: list[list] = [[heading for _, heading in FIGURE_COLUMNS]]
    for period in figures.years:
        # Amounts stay numbers (a credit is a negative number, not text).
        rows.append([_figure(period, column, body) for column, _ in FIGURE_COLUMNS])
    return rows


def _figure(period, column: str, body: Body):
    if column == "body":
        return body.label
    if column == "place_caveat":
        return period.place_coverage.caveat()
    if column == "sme_share_text":
        return period.share_text("sme")
    return getattr(period, column)


class SignificantPaymentsView(PermissionMixin, ExportMixin, TemplateView):
    """Payments of more than £30,000 including VAT in one quarter (Procurement Act 2023
    s.70), to publish within 30 days of the quarter's end; ``?quarter=<key>`` picks it."""

    permission_required = "spend.view_spend"
    template_name = "spend/significant_payments.html"
    export_filename = "payments-over-30000"
    export_columns = (
        Column("Contracting authority", _body_of),
        Column("Paid on", "payment_date"),
        Column("Supplier", "supplier_name"),
        Column("Amount as paid (£)", "amount"),
        Column("Invoice date", "invoice_date"),
        Column("Category", "category"),
        Column("File", "source_file"),
        Column("Sheet", "sheet"),
        Column("Row", "row_number"),
    )

    def quarters(self) -> list[Period]:
        if not hasattr(self, "_quarters"):
            self._quarters = selectors.payment_quarters()
        return self._quarters

    def quarter(self) -> Period | None:
        """The quarter asked for, else the latest with payments; 404 for a wrong one."""
        key = self.request.GET.get("quarter")
        quarters = self.quarters()
        if not key:
            return quarters[0] if quarters else None
        try:
            quarter = Period.from_key(key)
        except ValueError:
            raise Http404("No such quarter") from None
        if quarter not in quarters:
            raise Http404("No payments in that quarter")
        return quarter

    def body(self) -> Body:
        return selectors.body_from(self.request.GET.get("authority"))

    def export_rows(self):
        quarter = self.quarter()
        return selectors.significant_payments(quarter, self.body()) if quarter else []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        quarter = self.quarter()
        payments = selectors.significant_payments(quarter, self.body()) if quarter else []
        context.update(
            body_filter_context(self.request),
            quarters=self.quarters(),
            quarter=quarter,
            payments=payments,
            total=sum((p.amount for p in payments), Decimal("0.00")),
            in_force=S70_IN_FORCE,
        )
        return context
