"""Pages of procurement projects, assessments, engagement, the public pipeline and
guidance. Reads go through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
    View,
)

from socialvalue.core.exports import Column, ExportMixin, download
from socialvalue.core.inputs import input_from
from socialvalue.core.views import (
    PermissionMixin,
    RecordFormView,
    ServiceActionMixin,
    ServiceFormMixin,
    ServiceFormView,
)
from socialvalue.procurement import forms, selectors, services
from socialvalue.procurement.models import (
    Assessment,
    Audience,
    EngagementAttachment,
    EngagementRecord,
    Guidance,
    Lot,
    Project,
    Stage,
    ValueBand,
)
from socialvalue.tendering.selectors import open_tender_of

VIEW = "procurement.view_project"
MANAGE = "procurement.manage_project"


class ProjectMixin:
    """A page about one project, named by ``pk`` in the URL."""

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(Project, pk=self.kwargs["pk"])
        return self._project

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["project"] = self.get_project()
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        return context


# Projects ---------------------------------------------------------------------------------


class ProjectListView(PermissionMixin, ExportMixin, ListView):
    permission_required = VIEW
    template_name = "procurement/project_list.html"
    context_object_name = "projects"
    export_filename = "projects"
    export_columns = (
        Column("Project", "title"),
        Column("Department", "requesting_department"),
        Column("Owner", "owner.get_full_name"),
        Column("Contracting authority", "contracting_authority"),
        Column("Stage", "get_stage_display"),
        Column("Category", "get_category_display"),
        Column("Estimated value (£)", "estimated_value"),
        Column("Value includes VAT", "value_includes_vat"),
        Column("Procurement starts", "procurement_starts_on"),
        Column("Contract starts", "contract_starts_on"),
        Column("Contract ends", "contract_ends_on"),
        Column("On the public pipeline", "published"),
    )

    def get_queryset(self):
        return selectors.project_list(self.request.GET.get("authority"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        context["authorities"] = selectors.contracting_authorities()
        context["authority"] = self.request.GET.get("authority", "")
        return context


class ProjectDetailView(PermissionMixin, DetailView):
    permission_required = VIEW
    template_name = "procurement/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return selectors.project_list().prefetch_related("lots", "stage_changes__changed_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.object
        context.update(
            can_manage=self.request.user.has_perm(MANAGE),
            moves=[
                {"stage": s, "missing": services.stage_missing_step(project, s)}
                for s in services.stage_moves_allowed(project)
            ],
            assessment=selectors.assessment_of(project),
            engagements=project.engagements.all(),
            interest_count=project.interests.count(),
        )
        return context


class _ProjectEdit(RecordFormView):
    permission_required = MANAGE
    form_class = forms.ProjectForm
    audit_verb = "project"

    def get_success_url(self) -> str:
        if getattr(self, "object", None) is not None and self.object.pk:
            return reverse("procurement:project_detail", args=[self.object.pk])
        return reverse("procurement:project_list")


class ProjectCreateView(_ProjectEdit, CreateView):
    title = "Start a procurement project"
    intro = "You can add lots after saving. The project starts in the pipeline."

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}


class ProjectEditView(_ProjectEdit, UpdateView):
    model = Project
    title = "Change project details"


class LotCreateView(ProjectMixin, RecordFormView, CreateView):
    permission_required = MANAGE
    form_class = forms.LotForm
    audit_verb = "lot"
    title = "Add a lot"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Lot(project=self.get_project())
        return kwargs

    def get_success_url(self) -> str:
        return reverse("procurement:project_detail", args=[self.get_project().pk])


class StageMoveView(ProjectMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.StageMoveForm

    def target(self) -> Stage:
        try:
            return Stage(self.kwargs["stage"])
        except ValueError as error:
            raise Http404("No such stage") from error

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["submit_label"] = f"Move to {self.target().label.lower()}"
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        missing = services.stage_missing_step(project, self.target())
        context.update(
            title=f"Move {project.title} to {self.target().label.lower()}",
            intro=missing or f"The project is at {Stage(project.stage).label.lower()}.",
            back_url=reverse("procurement:project_detail", args=[project.pk]),
        )
        return context

    def call_service(self, form) -> Any:
        return services.project_move(
            actor=self.request.user,
            project=self.get_project(),
            to_stage=self.target(),
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self) -> str:
        return f"The project moved to {self.target().label.lower()}"

    def get_success_url(self) -> str:
        return reverse("procurement:project_detail", args=[self.get_project().pk])


class DutyCheckView(ProjectMixin, PermissionMixin, TemplateView):
    permission_required = VIEW
    template_name = "procurement/duty.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["check"] = selectors.duty_check(self.get_project())
        return context


# Assessment -------------------------------------------------------------------------------


class AssessmentView(ProjectMixin, PermissionMixin, TemplateView):
    permission_required = VIEW
    template_name = "procurement/assessment.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        assessment = selectors.assessment_of(project)
        context.update(
            assessment=assessment,
            suggestion=selectors.proportionality_suggestion(project),
            minimum=selectors.policy_minimum_weighting(),
            problems=services.assessment_problems(assessment) if assessment else [],
            toolkits=Guidance.objects.filter(audience=Audience.STAFF)[:5],
        )
        return context


class AssessmentEditView(ProjectMixin, ServiceFormMixin, PermissionMixin, UpdateView):
    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.AssessmentForm

    def get_object(self, queryset=None) -> Assessment:
        project = self.get_project()
        return selectors.assessment_of(project) or Assessment(project=project)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["project"] = self.get_project()
        if self.object.weighting_percent is None:
            suggestion = selectors.proportionality_suggestion(self.get_project())
            kwargs.setdefault("initial", {})["weighting_percent"] = suggestion.weighting
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        context.update(
            title="Social value assessment",
            intro=(
                f"For {project.title}. Saving a change to a signed-off assessment withdraws "
                "the sign-off."
            ),
            back_url=reverse("procurement:assessment", args=[project.pk]),
        )
        return context

    def signing_off(self) -> bool:
        return "sign_off" in self.request.POST

    def call_service(self, form) -> Any:
        return services.assessment_save(
            actor=self.request.user,
            project=self.get_project(),
            data=input_from(services.AssessmentInput, form.cleaned_data),
            sign_off=self.signing_off(),
        )

    def get_success_message(self) -> str:
        return "The assessment is signed off" if self.signing_off() else "The assessment is saved"

    def get_success_url(self) -> str:
        return reverse("procurement:assessment", args=[self.get_project().pk])


class AssessmentMeasureCreateView(ProjectMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.AssessmentMeasureForm
    success_message = "Measure added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Add a measure and its target",
            intro="Adding a measure withdraws any sign-off of the assessment.",
            back_url=reverse("procurement:assessment", args=[self.get_project().pk]),
        )
        return context

    def call_service(self, form) -> Any:
        return services.assessment_measure_add(
            actor=self.request.user,
            project=self.get_project(),
            measure=form.cleaned_data["measure"],
            target=form.cleaned_data["target"],
        )

    def get_success_url(self) -> str:
        return reverse("procurement:assessment", args=[self.get_project().pk])


class AssessmentMeasureRemoveView(ProjectMixin, ServiceActionMixin, PermissionMixin, View):
    permission_required = MANAGE

    def post(self, request, pk: int, item: int) -> HttpResponse:
        assessment = get_object_or_404(Assessment, project_id=pk)
        self.run_service(
            services.assessment_measure_remove,
            success="Measure removed",
            assessment=assessment,
            measure_id=item,
        )
        return redirect("procurement:assessment", pk=pk)


# Proportionality bands --------------------------------------------------------------------


class BandListView(PermissionMixin, ExportMixin, ListView):
    permission_required = VIEW
    template_name = "procurement/band_list.html"
    context_object_name = "bands"
    model = ValueBand
    export_filename = "value-bands"
    export_columns = (
        Column("From (£)", "min_value"),
        Column("Up to, not including (£)", "max_value"),
        Column("Weighting (%)", "weighting_percent"),
        Column("Measures", "measure_count"),
        Column("Categories", lambda b: ", ".join(b.categories) or "All"),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("procurement.manage_bands")
        context["minimum"] = selectors.policy_minimum_weighting()
        return context


class _BandEdit(RecordFormView):
    permission_required = "procurement.manage_bands"
    form_class = forms.ValueBandForm
    audit_verb = "value_band"
    success_url = reverse_lazy("procurement:band_list")

    def get_success_url(self) -> str:
        return str(self.success_url)


class BandCreateView(_BandEdit, CreateView):
    title = "Add a value band"


class BandEditView(_BandEdit, UpdateView):
    model = ValueBand
    title = "Change value band"


# Engagement -------------------------------------------------------------------------------


class EngagementListView(PermissionMixin, ExportMixin, ListView):
    permission_required = VIEW
    template_name = "procurement/engagement_list.html"
    context_object_name = "records"
    export_filename = "engagement"
    export_columns = (
        Column("Date", "held_on"),
        Column("Engagement", "title"),
        Column("Kind", "get_kind_display"),
        Column("Project", lambda r: r.project.title if r.project else "More than one"),
        Column("Location", "location"),
        Column("Local", "local_count"),
        Column("SME", "sme_count"),
        Column("VCSE", "vcse_count"),
        Column("Equality groups", "equality_groups_count"),
        Column("What we learned", "learned"),
    )

    def get_queryset(self):
        return EngagementRecord.objects.select_related("project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        return context


class EngagementDetailView(PermissionMixin, DetailView):
    permission_required = VIEW
    template_name = "procurement/engagement_detail.html"
    context_object_name = "record"
    model = EngagementRecord

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        context["registrations"] = self.object.registrations.all()
        context["registration_is_open"] = self.object.registration_is_open()
        return context


class _EngagementEdit(RecordFormView):
    permission_required = MANAGE
    form_class = forms.EngagementForm
    audit_verb = "engagement"

    def get_success_url(self) -> str:
        if getattr(self, "object", None) is not None and self.object.pk:
            return reverse("procurement:engagement_detail", args=[self.object.pk])
        return reverse("procurement:engagement_list")


class EngagementCreateView(_EngagementEdit, CreateView):
    title = "Record engagement"
    intro = "A consultation, market engagement or meet-the-buyer event. Add files after saving."

    def get_initial(self) -> dict[str, Any]:
        project = self.request.GET.get("project", "")
        return {"project": project} if project.isdigit() else {}


class EngagementEditView(_EngagementEdit, UpdateView):
    model = EngagementRecord
    title = "Change engagement record"


class AttachmentCreateView(ServiceFormView):
    permission_required = MANAGE
    form_class = forms.AttachmentForm
    success_message = "File added"

    def record(self) -> EngagementRecord:
        return get_object_or_404(EngagementRecord, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Add a file",
            intro=f"To {self.record()}.",
            back_url=reverse("procurement:engagement_detail", args=[self.kwargs["pk"]]),
        )
        return context

    def call_service(self, form) -> Any:
        return services.attachment_add(
            actor=self.request.user, record=self.record(), upload=form.cleaned_data["file"]
        )

    def get_success_url(self) -> str:
        return reverse("procurement:engagement_detail", args=[self.kwargs["pk"]])


class AttachmentDownloadView(PermissionMixin, View):
    permission_required = VIEW

    def get(self, request, pk: int) -> FileResponse:
        attachment = get_object_or_404(EngagementAttachment, pk=pk)
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.name
        )


class AttendanceView(ServiceFormView):
    permission_required = MANAGE
    form_class = forms.AttendanceForm
    success_message = "Attendance saved: {result} attended"

    def record(self) -> EngagementRecord:
        return get_object_or_404(EngagementRecord, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.record()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Record attendance",
            intro=f"At {self.record()}.",
            back_url=reverse("procurement:engagement_detail", args=[self.kwargs["pk"]]),
        )
        return context

    def call_service(self, form) -> Any:
        ids = {int(i) for i in form.cleaned_data["attended"]}
        return services.attendance_record(
            actor=self.request.user, event=self.record(), attended_ids=ids
        )

    def get_success_url(self) -> str:
        return reverse("procurement:engagement_detail", args=[self.kwargs["pk"]])


class ReachReportView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = VIEW
    template_name = "procurement/reach.html"
    export_filename = "engagement-reach"
    export_columns = (
        Column("By", "by"),
        Column("Year or event", "label"),
        Column("Organisations", "total"),
        Column("Local", "local"),
        Column("Elsewhere in the region", "region"),
        Column("SME", "sme"),
        Column("VCSE", "vcse"),
    )

    def export_rows(self) -> list[dict[str, Any]]:
        report = selectors.reach_report()
        rows = [{"by": "Financial year", **vars(y)} for y in report.years]
        rows += [{"by": "Event", **vars(e), "label": str(ev)} for ev, e in report.events]
        rows += [
            {"by": "Counts entered, financial year", **vars(y), "total": "", "region": ""}
            for y in report.entered_years
        ]
        rows += [
            {
                "by": "Counts entered, event",
                "label": str(ev),
                "total": "",
                "local": ev.local_count,
                "region": "",
                "sme": ev.sme_count,
                "vcse": ev.vcse_count,
            }
            for ev in report.entered_events
        ]
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = selectors.reach_report()
        return context


# Public pages -----------------------------------------------------------------------------


class PipelineView(ExportMixin, TemplateView):
    template_name = "procurement/pipeline.html"
    export_filename = "forward-pipeline"
    export_columns = (
        Column("Title", "title"),
        Column("Category", "get_category_display"),
        Column("Value band", lambda p: selectors.public_value_band(p.estimated_value)),
        Column("Procurement starts", "procurement_starts_on"),
        Column("Contract starts", "contract_starts_on"),
        Column("Contract ends", "contract_ends_on"),
        Column("Contact", "contact_email"),
    )

    def export_rows(self):
        return selectors.pipeline_public()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opportunities"] = [
            (p, selectors.public_value_band(p.estimated_value), _open_tender(p))
            for p in selectors.pipeline_public()
        ]
        context["guidance"] = Guidance.objects.filter(audience=Audience.SUPPLIERS)
        context["events"] = selectors.events_open_for_registration()
        return context


def _open_tender(project: Project):
    """The project's tender open for bids (the pipeline links to it), or None."""
    if project.stage != Stage.TENDER:
        return None
    return open_tender_of(project.pk)


class PipelineCsvView(View):
    """The public forward pipeline (``/opportunities.csv``), through the one download writer."""

    def get(self, request) -> HttpResponse:
        table: list[list[object]] = [
            [
                "title",
                "category",
                "value_band",
                "procurement_starts",
                "contract_starts",
                "contract_ends",
                "contact",
            ]
        ]
        for p in selectors.pipeline_public():
            table.append(
                [
                    p.title,
                    p.get_category_display(),
                    selectors.public_value_band(p.estimated_value),
                    p.procurement_starts_on,
                    p.contract_starts_on,
                    p.contract_ends_on,
                    p.contact_email,
                ]
            )
        return download(table, filename="forward-pipeline", fmt="csv")


class _PublicForm(ServiceFormMixin, FormView):
    """A public page (no sign-in) whose form calls a public self-service action."""

    template_name = "core/form_page.html"
    success_url = reverse_lazy("procurement:pipeline")


class InterestView(_PublicForm):
    form_class = forms.InterestForm
    success_message = "Thank you: we have your interest and will be in touch"

    def project(self) -> Project:
        return get_object_or_404(selectors.pipeline_open_for_interest(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Register your interest",
            intro=f"In {self.project().title}. We use this to plan market engagement.",
            back_url=reverse("procurement:pipeline"),
        )
        return context

    def call_service(self, form) -> Any:
        return services.interest_create(
            project=self.project(), data=input_from(services.InterestInput, form.cleaned_data)
        )


class EventRegisterView(_PublicForm):
    """The public registration link of an event: the form while registration is open, a
    page that says it has closed (and why) once the event has started or was never opened."""

    form_class = forms.EventRegistrationForm
    success_message = "Thank you: you are registered"
    success_url = reverse_lazy("procurement:event_list")

    def event(self) -> EngagementRecord:
        event = selectors.event_for_registration_page(self.kwargs["pk"])
        if event is None:
            raise Http404("No such event")
        return event

    def dispatch(self, request, *args, **kwargs) -> HttpResponseBase:
        event = self.event()
        if not event.registration_is_open():
            context = {"event": event, "started": timezone.now() >= event.registration_closes_at}
            return render(request, "procurement/event_closed.html", context)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.event()
        when = f"{event.held_on:%d %B %Y}" + (
            f" at {event.starts_at:%H:%M}" if event.starts_at else ""
        )
        context.update(
            title="Register for an event",
            intro=f"{event.title}, {when}"
            + (f", {event.location}" if event.location else "")
            + ". Registration closes when the event starts.",
            back_url=reverse("procurement:event_list"),
        )
        return context

    def call_service(self, form) -> Any:
        return services.registration_create(
            event=self.event(), data=input_from(services.RegistrationInput, form.cleaned_data)
        )


class EventListView(TemplateView):
    """Meet-the-buyer events the public may register for now."""

    template_name = "procurement/event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["events"] = selectors.events_open_for_registration()
        return context


# Guidance (toolkits) ----------------------------------------------------------------------


class GuidanceListView(ListView):
    template_name = "procurement/guidance_list.html"
    context_object_name = "guidance"

    def get_queryset(self):
        return selectors.guidance_for(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("procurement.manage_guidance")
        return context


class GuidanceDetailView(DetailView):
    template_name = "procurement/guidance_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Guidance.objects.all()

    def get(self, request, *args, **kwargs) -> HttpResponse:
        page = self.get_object()
        if page.audience == Audience.STAFF and not request.user.has_perm(
            "procurement.view_staff_guidance"
        ):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm("procurement.manage_guidance")
        return context


class _GuidanceEdit(RecordFormView):
    permission_required = "procurement.manage_guidance"
    form_class = forms.GuidanceForm
    audit_verb = "guidance"

    def get_success_url(self) -> str:
        if getattr(self, "object", None) is not None and self.object.pk:
            return reverse("procurement:guidance_detail", args=[self.object.slug])
        return reverse("procurement:guidance_list")


class GuidanceCreateView(_GuidanceEdit, CreateView):
    title = "Add guidance"


class GuidanceEditView(_GuidanceEdit, UpdateView):
    model = Guidance
    title = "Change guidance"
