"""Pages of Procurement Act notices: those due, a procurement's notices, one notice's
prefilled content, recording it as published, UK9 ratings, the UK1 pipeline and the OCDS
downloads. Reads through selectors, writes through services."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from socialvalue.accounts.models import User
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin, ServiceFormMixin
from socialvalue.domain.notices import (
    PIPELINE_MONTHS,
    NoticeStatus,
    NoticeType,
    pipeline_window,
)
from socialvalue.domain.payment_times import S69_IN_FORCE
from socialvalue.notices import content, forms, selectors, services
from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement.models import Project
from socialvalue.spend import selectors as spend_selectors
from socialvalue.spend.snapshots import Body
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
        today = timezone.localdate()
        due: list[Any] = [
            *selectors.notices_due(today, authority=self.authority()),
            *selectors.payments_notices_due(today, authority=self.authority()),
        ]
        due.sort(key=_due_on)
        context.update(
            self.filter_context(),
            overdue=[d for d in due if d.status == NoticeStatus.OVERDUE],
            due=[d for d in due if d.status == NoticeStatus.DUE],
            next_payments_notice=selectors.next_payments_notice_due(timezone.localdate()),
        )
        return context


def _due_on(due) -> date:
    return due.due_on or date.max


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


class PublicationView(ServiceFormMixin, _ProjectPage, FormView):
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

    success_message = "The notice is recorded as published"

    def call_service(self, form):
        return services.notice_publication_record(
            actor=self.acting_user(),
            project=self.get_project(),
            key=selectors.slug_to_key(self.kwargs["slug"]),
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
        )

    def get_success_url(self) -> str:
        return self._detail_url()


class PublicationCorrectView(ServiceFormMixin, _ProjectPage, FormView):
    """Correct the day or reference recorded for a published notice, with a reason."""

    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.PublicationCorrectionForm

    def get_notice(self):
        notice = selectors.recorded_notice(
            self.get_project(), selectors.slug_to_key(self.kwargs["slug"])
        )
        if notice is None:
            raise Http404("This notice is not recorded as published")
        return notice

    def get_initial(self) -> dict[str, Any]:
        notice = self.get_notice()
        return {"published_on": notice.published_on, "reference": notice.reference}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = self.get_row()
        warning = (
            " Changing the day moves the standstill it started, and its bidders are told."
            if row.type == NoticeType.UK6
            else ""
        )
        context.update(
            title=f"Correct the record of {row.type.value} as published",
            intro=f"{row.title}. Correct what was recorded wrong; the old record stays in the "
            f"notice's history.{warning}",
            back_url=_detail_url(self.kwargs),
        )
        return context

    success_message = "The record of the notice is corrected"

    def call_service(self, form):
        return services.notice_publication_correct(
            actor=self.acting_user(),
            project=self.get_project(),
            key=self.get_notice().key,
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self) -> str:
        return _detail_url(self.kwargs)


def _detail_url(kwargs: dict[str, Any]) -> str:
    return reverse("notices:notice_detail", args=[kwargs["pk"], kwargs["slug"]])


class RatingsView(ServiceFormMixin, _ProjectPage, FormView):
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

    success_message = "The ratings are confirmed"

    def call_service(self, form):
        return services.kpi_ratings_confirm(
            actor=self.acting_user(),
            project=self.get_project(),
            key=selectors.slug_to_key(self.kwargs["slug"]),
            ratings=form.ratings(),
        )

    def get_success_url(self) -> str:
        return _detail_url(self.kwargs)


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


def _body_filter(request) -> dict[str, Any]:
    """Payments pages filtered by contracting authority with ``?authority=<id>`` ("none":
    the imports whose body is not stated; blank: every body together). A value that names no
    authority shows every body together and says so."""
    value = request.GET.get("authority")
    body = spend_selectors.body_from(value)
    return {
        "body": body,
        "body_unknown": spend_selectors.unknown_body_message(value),
        "body_choices": spend_selectors.body_choices(),
        "unstated_imports": spend_selectors.unstated_imports(),
    }


def _status_text(n: selectors.PaymentsNotice) -> str:
    if not n.required:
        return "Not required (before section 69)"
    if n.published is not None:
        return f"Published {n.published.published_on:%d %B %Y} ({n.published.reference})"
    status = n.status
    return status.value.capitalize() if status is not None else ""


class PaymentsComplianceView(PermissionMixin, ExportMixin, TemplateView):
    """The payments compliance notices (UK8, s.69): each reporting period's figures from the
    stored payment times, of one contracting authority (each publishes its own, so each
    period shows whether it is recorded as published) or of every body together."""

    permission_required = VIEW
    template_name = "notices/payments_compliance.html"
    export_filename = "payments-compliance"
    export_columns = (
        Column("Contracting authority", lambda n: n.body.label),
        Column("Period from", lambda n: n.period.start),
        Column("Period to", lambda n: n.period.end),
        Column("Notice required", lambda n: "Yes" if n.required else "No (before s.69)"),
        Column("Publish by", lambda n: n.due_on if n.required else None),
        Column("Status", lambda n: _status_text(n) if n.authority else ""),
        Column("Published on", lambda n: n.published.published_on if n.published else None),
        Column("Find a Tender reference", lambda n: n.published.reference if n.published else ""),
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

    def body(self):
        return spend_selectors.body_from(self.request.GET.get("authority"))

    def export_rows(self):
        return selectors.payments_notices(body=self.body())[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        notices, times = selectors.payments_notices(today, self.body())
        context.update(
            _body_filter(self.request),
            notices=notices,
            times=times,
            next_due=selectors.next_payments_notice_due(today),
            in_force=S69_IN_FORCE,
        )
        return context


class PaymentsNoticeView(PermissionMixin, TemplateView):
    """One period's payments compliance figures of every body together, and each
    contracting authority's notice for it."""

    permission_required = VIEW
    template_name = "notices/payments_notice.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice = selectors.payments_notice(self.kwargs["period"])
        if notice is None:
            raise Http404("No payments in that reporting period")
        context.update(
            notice=notice,
            content=notice.content(),
            bodies=selectors.payments_notices_of_period(self.kwargs["period"]),
            unstated_imports=spend_selectors.unstated_imports(),
        )
        return context


class _PaymentsNoticePage(PermissionMixin):
    """A contracting authority's payments compliance notice for one period."""

    kwargs: dict[str, Any]

    def acting_user(self) -> User:
        return cast(User, self.request.user)

    def get_authority(self) -> ContractingAuthority:
        if not hasattr(self, "_authority"):
            self._authority = get_object_or_404(ContractingAuthority, pk=self.kwargs["authority"])
        return self._authority

    def get_notice(self) -> selectors.PaymentsNotice:
        notice = selectors.payments_notice(self.kwargs["period"], body=Body(self.get_authority()))
        if notice is None:
            raise Http404("This body made no payments in that reporting period")
        return notice

    def notice_url(self) -> str:
        return reverse(
            "notices:payments_authority_notice",
            args=[self.kwargs["period"], self.kwargs["authority"]],
        )


class PaymentsAuthorityNoticeView(_PaymentsNoticePage, TemplateView):
    """A body's payments compliance notice, prefilled to copy into Find a Tender, with its
    due date and whether it is recorded as published."""

    permission_required = VIEW
    template_name = "notices/payments_notice.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice = self.get_notice()
        context.update(
            notice=notice,
            content=notice.content(),
            can_manage=self.request.user.has_perm(MANAGE),
            can_record=notice.required and notice.ended and notice.published is None,
        )
        return context


class PaymentsNoticeRecordView(ServiceFormMixin, _PaymentsNoticePage, FormView):
    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.PublicationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice = self.get_notice()
        context.update(
            title="Record UK8 as published",
            intro=f"{notice.title}, {self.get_authority().name}. "
            f"Due by {notice.due_on.day} {notice.due_on:%B %Y}.",
            back_url=self.notice_url(),
        )
        return context

    success_message = "The notice is recorded as published"

    def call_service(self, form):
        return services.payments_notice_publication_record(
            actor=self.acting_user(),
            authority=self.get_authority(),
            period=self.get_notice().period,
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
        )

    def get_success_url(self) -> str:
        return self.notice_url()


class PaymentsNoticeCorrectView(ServiceFormMixin, _PaymentsNoticePage, FormView):
    """Correct the day or reference recorded for a body's UK8, with a reason."""

    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.PublicationCorrectionForm

    def get_published(self):
        published = self.get_notice().published
        if published is None:
            raise Http404("This notice is not recorded as published")
        return published

    def get_initial(self) -> dict[str, Any]:
        published = self.get_published()
        return {"published_on": published.published_on, "reference": published.reference}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Correct the record of UK8 as published",
            intro=f"{self.get_notice().title}, {self.get_authority().name}. Correct what was "
            "recorded wrong; the old record stays in the notice's history.",
            back_url=self.notice_url(),
        )
        return context

    success_message = "The record of the notice is corrected"

    def call_service(self, form):
        self.get_published()  # 404 when there is nothing to correct
        return services.payments_notice_publication_correct(
            actor=self.acting_user(),
            authority=self.get_authority(),
            period=self.get_notice().period,
            published_on=form.cleaned_data["published_on"],
            reference=form.cleaned_data["reference"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self) -> str:
        return self.notice_url()
