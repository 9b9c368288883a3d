"""Pages of Procurement Act notices: those due, a procurement's notices, one notice's
prefilled content, recording it as published, UK9 ratings, the UK1 pipeline and the OCDS
downloads. Reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from socialvalue.accounts.models import User
from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin
from socialvalue.domain.notices import (
    PIPELINE_MONTHS,
    NoticeStatus,
    NoticeType,
    pipeline_window,
)
from socialvalue.domain.payment_times import S69_IN_FORCE
from socialvalue.notices import content, forms, selectors, services
from socialvalue.procurement.models import Project
from socialvalue.transparency import ocds

VIEW = "notices.view_notice"
MANAGE = "notices.manage_notice"


class _AuthorityFilter:
    """Pages filtered by contracting authority with ``?authority=<id>`` (blank: both)."""

    request: Any

    def authority(self):
        return selectors.authority_from(self.request.GET.get("authority"))

    def filter_context(self) -> dict[str, Any]:
        authority = self.authority()
        return {
            "filter_form": forms.AuthorityFilterForm(
                initial={"authority": str(authority.pk) if authority else ""}
            ),
            "authority": authority,
        }


class DueListView(PermissionMixin, _AuthorityFilter, TemplateView):
    permission_required = VIEW
    template_name = "notices/due_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        due = selectors.notices_due(authority=self.authority())
        context.update(
            self.filter_context(),
            overdue=[d for d in due if d.row.status == NoticeStatus.OVERDUE],
            due=[d for d in due if d.row.status == NoticeStatus.DUE],
            next_payments_notice=selectors.next_payments_notice_due(timezone.localdate()),
        )
        return context


class _ProjectPage(PermissionMixin):
    kwargs: dict[str, Any]

    def acting_user(self) -> User:
        """The signed-in user (the permission check let no visitor through)."""
        return cast(User, self.request.user)

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(
                Project.objects.select_related("contracting_authority"), pk=self.kwargs["pk"]
            )
        return self._project

    def get_row(self) -> selectors.NoticeRow:
        row = selectors.notice_row(self.get_project(), selectors.slug_to_key(self.kwargs["slug"]))
        if row is None:
            raise Http404("This procurement does not need that notice")
        return row


class ProjectNoticesView(_ProjectPage, TemplateView):
    permission_required = VIEW
    template_name = "notices/project_notices.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        context.update(
            project=project,
            notices=selectors.notices_for(project),
            plan=selectors.plan_of(project),
            can_manage=self.request.user.has_perm(MANAGE),
        )
        return context


class NoticeDetailView(_ProjectPage, TemplateView):
    permission_required = VIEW
    template_name = "notices/notice_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project, row = self.get_project(), self.get_row()
        context.update(
            project=project,
            row=row,
            content=content.content_for(project, row),
            can_manage=self.request.user.has_perm(MANAGE),
            is_performance=row.type == NoticeType.UK9,
        )
        return context


class PublicationView(_ProjectPage, FormView):
    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.PublicationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = self.get_row()
        due = row.required.due_on
        context.update(
            title=f"Record {row.type.value} as published",
            intro=f"{row.title}. " + (f"Due by {due.day} {due:%B %Y}." if due else ""),
            back_url=self._detail_url(),
        )
        return context

    def _detail_url(self) -> str:
        return reverse("notices:notice_detail", args=[self.kwargs["pk"], self.kwargs["slug"]])

    def form_valid(self, form) -> HttpResponse:
        try:
            services.notice_publication_record(
                actor=self.acting_user(),
                project=self.get_project(),
                key=selectors.slug_to_key(self.kwargs["slug"]),
                published_on=form.cleaned_data["published_on"],
                reference=form.cleaned_data["reference"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "The notice is recorded as published")
        return redirect(self._detail_url())


class RatingsView(_ProjectPage, FormView):
    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.RatingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        row = self.get_row()
        if row.type != NoticeType.UK9:
            raise Http404("Only a contract performance notice has ratings")
        kwargs["rows"] = selectors.ratings_for(self.get_project(), row)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Confirm the performance ratings",
            intro=f"{self.get_row().title}. Each rating is proposed from the verified delivery "
            "records; change it where you know better and say why.",
            back_url=reverse(
                "notices:notice_detail", args=[self.kwargs["pk"], self.kwargs["slug"]]
            ),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            services.kpi_ratings_confirm(
                actor=self.acting_user(),
                project=self.get_project(),
                key=selectors.slug_to_key(self.kwargs["slug"]),
                ratings=form.ratings(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "The ratings are confirmed")
        return redirect("notices:notice_detail", pk=self.kwargs["pk"], slug=self.kwargs["slug"])


class ExemptionView(_ProjectPage, FormView):
    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.ExemptionForm

    def get_initial(self) -> dict[str, Any]:
        plan = selectors.plan_of(self.get_project())
        return {"exempt_reason": plan.exempt_reason if plan else ""}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Is the contract exempt from the Act?",
            intro=self.get_project().title,
            back_url=reverse("notices:project_notices", args=[self.kwargs["pk"]]),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        services.notice_plan_save(
            actor=self.acting_user(),
            project=self.get_project(),
            exempt_reason=form.cleaned_data["exempt_reason"],
        )
        messages.success(self.request, "Saved")
        return redirect("notices:project_notices", pk=self.kwargs["pk"])


class ProjectOcdsView(_ProjectPage, View):
    """The procurement's notices as Find a Tender's OCDS: a release per notice whose event
    has happened (staff see drafts of those not yet published; the public export holds
    only the published ones)."""

    permission_required = VIEW

    def get(self, request, pk: int) -> HttpResponse:
        project = self.get_project()
        package = ocds.notice_release_package(
            project, uri=request.build_absolute_uri(), published_only=False
        )
        response = HttpResponse(ocds.package_json(package), content_type="application/json")
        response["Content-Disposition"] = (
            f'attachment; filename="{ocds.ocid_for(project)}-notices.json"'
        )
        return response


class PipelineView(PermissionMixin, _AuthorityFilter, TemplateView):
    permission_required = VIEW
    template_name = "notices/pipeline.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        first, last = pipeline_window(today)
        context.update(
            self.filter_context(),
            entries=selectors.pipeline_entries(today, self.authority()),
            first=first,
            last=last,
            months=PIPELINE_MONTHS,
        )
        return context


class PipelineOcdsView(PermissionMixin, _AuthorityFilter, View):
    permission_required = VIEW

    def get(self, request) -> HttpResponse:
        package = ocds.pipeline_release_package(
            uri=request.build_absolute_uri(), authority=self.authority()
        )
        response = HttpResponse(ocds.package_json(package), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="pipeline-notice.json"'
        return response


class PaymentsComplianceView(PermissionMixin, ExportMixin, TemplateView):
    """The payments compliance notices (UK8, s.69): each reporting period's figures from the
    stored payment times, when each is due, and what the figures rest on."""

    permission_required = VIEW
    template_name = "notices/payments_compliance.html"
    export_filename = "payments-compliance"
    export_columns = (
        Column("Period from", lambda n: n.period.start),
        Column("Period to", lambda n: n.period.end),
        Column("Notice required", lambda n: "Yes" if n.required else "No (before s.69)"),
        Column("Publish by", lambda n: n.due_on if n.required else None),
        Column("Average days to pay", lambda n: n.figures.average_days),
        Column("Paid within 30 days (%)", lambda n: n.figures.share_within_30),
        Column("Paid in 31 to 60 days (%)", lambda n: n.figures.share_31_to_60),
        Column("Paid in 61 days or more (%)", lambda n: n.figures.share_over_60),
        Column("Payment lines", lambda n: n.figures.lines),
        Column("Lines with an invoice date", lambda n: n.figures.dated_lines),
        Column("Lines with an invoice date (%)", lambda n: n.figures.coverage),
        Column("Value paid (£)", lambda n: n.figures.value),
        Column("Value with an invoice date (£)", lambda n: n.figures.dated_value),
        Column("Value with an invoice date (%)", lambda n: n.figures.value_coverage),
    )

    def export_rows(self):
        return selectors.payments_notices()[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        notices, times = selectors.payments_notices(today)
        context.update(
            notices=notices,
            times=times,
            next_due=selectors.next_payments_notice_due(today),
            in_force=S69_IN_FORCE,
        )
        return context


class PaymentsNoticeView(PermissionMixin, TemplateView):
    """One period's payments compliance notice, prefilled to copy into Find a Tender."""

    permission_required = VIEW
    template_name = "notices/payments_notice.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice = selectors.payments_notice(self.kwargs["period"])
        if notice is None:
            raise Http404("No payments in that reporting period")
        context.update(notice=notice, content=notice.content())
        return context
