"""Public pages, open to everyone without signing in: the year's headline figures, awarded
contracts with their social value, and the Open Contracting data. What they may show is
decided in ``transparency.selectors``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.views.generic import TemplateView, View

from socialvalue.transparency import figures, ocds, selectors


class HeadlinesView(TemplateView):
    template_name = "transparency/headlines.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = selectors.current_year()
        label = self.request.GET.get("year", "")
        if label:
            try:
                year = selectors.year_from_label(label)
            except ValueError:
                context["year_problem"] = f"{label} is not a financial year: write it as 2024-25"
        headlines = figures.headlines(year)
        snapshot = headlines.spend_snapshot
        context.update(
            headlines=headlines,
            snapshot=snapshot,
            share_labels=figures.SHARE_LABELS,
            spend_rows=_spend_rows(headlines.spend),
            # Drawn once with the figures (spend.snapshots), not on each visit.
            trend_chart=snapshot.charts.get("trend", "") if snapshot else "",
            years=[y.year for y in headlines.spend_trend],
        )
        return context


def _spend_rows(spend: figures.SpendYear | None) -> list[dict]:
    if spend is None:
        return []
    return [
        {"label": label, "share": spend.shares[key], "text": spend.share_texts[key]}
        for key, label in figures.SHARE_LABELS.items()
    ]


class AwardedContractsView(TemplateView):
    template_name = "transparency/contracts.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["awards"] = selectors.public_awards()
        return context


class OpenDataView(TemplateView):
    template_name = "transparency/open_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["procurements"] = [
            (project, ocds.ocid_for(project)) for project in selectors.public_procurements()
        ]
        return context


class OcdsPackageView(View):
    """One procurement's release package. A procurement that is not public does not exist
    here (404), whatever its id."""

    def get(self, request, ocid: str) -> HttpResponse:
        project = ocds.project_for_ocid(ocid)
        if project is None:
            raise Http404("No public procurement has this ocid")
        package = ocds.release_package(
            project, uri=request.build_absolute_uri(ocds.package_path(project))
        )
        response = HttpResponse(ocds.package_json(package), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{ocds.package_filename(project)}"'
        return response


class OcdsNoticesView(View):
    """One public procurement's Procurement Act notices recorded as published, as Find a
    Tender's OCDS (UK extension). No draft of an unpublished notice is ever shown here."""

    def get(self, request, ocid: str) -> HttpResponse:
        project = ocds.project_for_ocid(ocid)
        if project is None:
            raise Http404("No public procurement has this ocid")
        package = ocds.notice_release_package(
            project, uri=request.build_absolute_uri(), published_only=True
        )
        if not package["releases"]:
            raise Http404("No notice of this procurement is published yet")
        response = HttpResponse(ocds.package_json(package), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{ocds.package_filename(project)}"'
        return response
