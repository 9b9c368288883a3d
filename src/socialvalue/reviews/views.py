"""Annual review pages: the list of years, a year's report (page and PDF), the reviewer's
conclusions and publishing. A published review is shown as it was frozen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView, View

from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin, ServiceFormMixin
from socialvalue.reviews import report, selectors, services
from socialvalue.reviews.forms import ConclusionsForm, PublishForm
from socialvalue.reviews.models import Section


class YearMixin:
    """A page about one financial year's review, named by its label (2025-26) in the URL."""

    def get_year(self):
        try:
            return selectors.year_parse(self.kwargs["year"])
        except ValueError as error:
            raise Http404(str(error)) from error

    def get_review(self):
        if not hasattr(self, "_review"):
            self._review = selectors.review_for(self.get_year())
        return self._review

    def report_body(self) -> str:
        review = self.get_review()
        if review.is_published:
            return review.published_html
        return report.report_body(review, selectors.current_figures(review.year))


def _review_status(review) -> str:
    if review is None:
        return "Not started"
    return "Published" if review.is_published else "Draft"


def _published_on(review):
    if review is None or review.published_at is None:
        return None
    return timezone.localtime(review.published_at).date()


class ReviewListView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = "reviews.view_review"
    template_name = "reviews/review_list.html"
    export_filename = "annual-reviews"
    export_columns = (
        Column("Year", lambda row: row[0].label),
        Column("Status", lambda row: _review_status(row[1])),
        Column("Published", lambda row: _published_on(row[1])),
    )

    def export_rows(self):
        return selectors.review_years()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["years"] = self.export_rows()
        return context


class ReviewDetailView(YearMixin, PermissionMixin, TemplateView):
    permission_required = "reviews.view_review"
    template_name = "reviews/review_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review = self.get_review()
        user = self.request.user
        context.update(
            review=review,
            body=mark_safe(self.report_body()),  # noqa: S308  (our own rendered template)
            can_edit=not review.is_published and user.has_perm("reviews.edit_review"),
            can_publish=not review.is_published and user.has_perm("reviews.publish_review"),
        )
        return context


class ReviewPdfView(YearMixin, PermissionMixin, View):
    permission_required = "reviews.view_review"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        review = self.get_review()
        pdf = report.report_pdf(
            review, self.report_body(), base_url=request.build_absolute_uri("/")
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="annual-review-{review.label}.pdf"'
        return response


class ConclusionsEditView(ServiceFormMixin, YearMixin, PermissionMixin, FormView):
    permission_required = "reviews.edit_review"
    template_name = "core/form_page.html"
    form_class = ConclusionsForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(self.permission_required) and self.get_review().is_published:
            messages.info(request, services.PUBLISHED_MESSAGE)
            return redirect(self.back_url())
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("reviews:review_detail", args=[self.kwargs["year"]])

    def get_initial(self) -> dict[str, Any]:
        review = self.get_review()
        return {s.value: review.conclusion(s.value) for s in Section}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Conclusions of the annual review {self.get_review().label}",
            intro="Write what the figures show for each section. You can save and come back; "
            "the conclusions are kept with the review and published with it.",
            back_url=self.back_url(),
        )
        return context

    success_message = "Conclusions saved"

    def call_service(self, form) -> Any:
        return services.review_conclusions_save(
            actor=self.request.user, year=self.get_year(), conclusions=form.cleaned_data
        )

    def get_success_url(self) -> str:
        return self.back_url()


class PublishView(ServiceFormMixin, YearMixin, PermissionMixin, FormView):
    permission_required = "reviews.publish_review"
    template_name = "core/form_page.html"
    form_class = PublishForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(self.permission_required) and self.get_review().is_published:
            messages.info(request, services.PUBLISHED_MESSAGE)
            return redirect(self.back_url())
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("reviews:review_detail", args=[self.kwargs["year"]])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Publish the annual review {self.get_review().label}",
            intro="Publishing keeps the report exactly as it is now: its figures, charts and "
            "conclusions. Later changes to the data do not change a published review.",
            back_url=self.back_url(),
        )
        return context

    success_message = "Annual review published"
    # The missing conclusions are shown at the box that confirms publishing.
    problem_fields = {"conclusions": "confirm"}

    def call_service(self, form) -> Any:
        return services.review_publish(actor=self.request.user, year=self.get_year())

    def get_success_url(self) -> str:
        return self.back_url()
