"""Pages of tenders and bids: officers set tenders up and publish them; suppliers bid;
officers enter paper bids and, after the deadline, list and export the bids received.

What a page shows of a bid is decided by ``tendering.sealing``; writes go through services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin, export_response
from socialvalue.core.inputs import input_from
from socialvalue.core.views import (
    PermissionMixin,
    ServiceActionMixin,
    ServiceFormMixin,
    ServiceFormView,
    add_problem_messages,
    add_problems,
)
from socialvalue.domain.money import format_quantity
from socialvalue.procurement.models import Assessment, Project, Stage
from socialvalue.tendering import forms, sealing, selectors, services
from socialvalue.tendering.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidStatus,
    Criterion,
    CriterionKind,
    OwnProposal,
    TargetMeasure,
    Tender,
    TenderStatus,
)

VIEW = "tendering.view_tenders"
MANAGE = "tendering.manage_tenders"
READ_BIDS = "tendering.read_bids"
VIEW_BID = "tendering.view_bid"
BID = "tendering.bid"


class TenderMixin:
    """A page about one tender, named by ``pk`` in the URL."""

    def get_tender(self) -> Tender:
        if not hasattr(self, "_tender"):
            self._tender = get_object_or_404(
                Tender.objects.select_related("project", "lot"), pk=self.kwargs["pk"]
            )
        return self._tender

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tender"] = self.get_tender()
        return context


class DraftOnlyMixin(TenderMixin):
    """A page that changes the evaluation model: only while the tender is a draft."""

    def get(self, request, *args, **kwargs):
        if self.get_tender().status != TenderStatus.DRAFT:
            return _read_only(request, self.get_tender())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.get_tender().status != TenderStatus.DRAFT:
            return _read_only(request, self.get_tender())
        return super().post(request, *args, **kwargs)


def _read_only(request, tender: Tender) -> HttpResponse:
    messages.error(request, "The tender is published: its evaluation model can no longer change")
    return redirect("tendering:tender_detail", pk=tender.pk)


def _form_page(title: str, back_url: str, intro: str = "") -> dict[str, Any]:
    return {"title": title, "back_url": back_url, "intro": intro}


def _response_fields(criteria) -> dict[str, str]:
    """The bid form's field for each ``responses.<criterion id>`` a bid service names."""
    return {f"responses.{c.pk}": f"response_{c.pk}" for c in criteria}


# Officers: tenders ------------------------------------------------------------------------


def _local(value):
    return timezone.localtime(value) if value is not None else None


class TenderListView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = VIEW
    template_name = "tendering/tender_list.html"
    export_filename = "tenders"
    export_columns = (
        Column("Reference", "reference"),
        Column("Tender", "title"),
        Column("Lot", lambda t: t.lot.title if t.lot else ""),
        Column("Status", "display_status"),  # "Closed for bids" once the deadline passed
        Column("Deadline for bids", lambda t: _local(t.deadline)),
    )

    def export_rows(self):
        return selectors.tender_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        can_manage = self.request.user.has_perm(MANAGE)
        context.update(
            tenders=selectors.tender_list(),
            can_manage=can_manage,
            projects=Project.objects.filter(stage=Stage.TENDER).order_by("title")
            if can_manage
            else [],
            now=timezone.now(),
        )
        return context


class TenderCreateView(ServiceFormView):
    permission_required = MANAGE
    form_class = forms.TenderForm
    success_message = "Tender created as a draft"

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "quality_weight": 60,
            "price_weight": 40,
            "social_value_relevant": "True",
            "prices_open_after_moderation": "True",
        }
        project_pk = self.request.GET.get("project", "")
        if project_pk.isdigit():
            project = Project.objects.filter(pk=project_pk, stage=Stage.TENDER).first()
            if project is not None:
                initial.update(
                    project=project.pk, title=project.title, description=project.description
                )
                initial["estimated_value"] = project.estimated_value
                relevant = (
                    Assessment.objects.filter(project=project)
                    .values_list("relevant", flat=True)
                    .first()
                )
                if relevant is not None:
                    initial["social_value_relevant"] = str(relevant)
        return initial

    def chosen_project(self) -> Project | None:
        project_pk = self.request.GET.get("project", "")
        if not project_pk.isdigit():
            return None
        return Project.objects.filter(pk=project_pk, stage=Stage.TENDER).first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.chosen_project()
        assessment = services.signed_off_assessment(project) if project else None
        intro = (
            "The tender stays a draft until you publish it. When the project's social value "
            "assessment is signed off, the tender starts with its social value weighting, "
            "measures and targets. Add the quality criteria after saving."
        )
        if assessment is not None:
            intro = (
                f"The tender stays a draft until you publish it. It will start from the social "
                f"value assessment of {project} signed off on "
                f"{timezone.localtime(assessment.signed_off_at):%d %B %Y}: "
                f"{prefill_summary(assessment)}. You can change them after saving, then add "
                "the quality criteria."
            )
        context.update(_form_page("Create a tender", reverse("tendering:tender_list"), intro))
        return context

    def get_success_message(self) -> str:
        tender = self.result
        if tender.prefilled_from is None:
            return "Tender created as a draft"
        return (
            "Tender created as a draft, with its social value prefilled from the signed-off "
            f"assessment: {prefill_summary(tender.prefilled_from)}"
        )

    def call_service(self, form) -> Tender:
        data = input_from(services.TenderInput, form.cleaned_data)
        return services.tender_create(actor=self.request.user, data=data)

    def get_success_url(self) -> str:
        return reverse("tendering:tender_detail", args=[self.result.pk])


class TenderDetailView(TenderMixin, PermissionMixin, TemplateView):
    """The tender and its evaluation model: weights, marks, social value shares, the policy
    rule, the formulas and every problem that would stop it being published."""

    permission_required = VIEW
    template_name = "tendering/tender_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(_model_context(tender))
        is_draft = tender.status == TenderStatus.DRAFT
        can_manage = self.request.user.has_perm(MANAGE)
        context.update(
            can_manage=can_manage,
            can_edit_model=can_manage and is_draft,
            is_draft=is_draft,
            problems=services.publish_problems(tender) if is_draft else [],
            deadline_passed=tender.deadline_passed(),
            submitted_count=selectors.submitted_bid_count(tender),
            can_read_bids=self.request.user.has_perm(READ_BIDS),
            can_manage_evaluation=self.request.user.has_perm("tendering.manage_evaluation"),
            accepts_bids=tender.accepts_bids(),
            documents=selectors.tender_documents(tender),
            can_add_documents=can_manage and (is_draft or tender.accepts_bids()),
            unanswered_count=selectors.unanswered_question_count(tender),
            prefilled_criteria=_prefilled_criteria(tender),
        )
        context.update(notices_context(tender))
        return context


def notices_context(tender: Tender, user=None) -> dict[str, Any]:
    """What every bidder is told about a published tender besides its model: the deadline's
    extensions, the current version of each document and the published answers (never who
    asked); for a supplier's user also their own organisation's questions and whether more
    may be asked now."""
    supplier_id = getattr(user, "supplier_id", None) if user is not None else None
    is_bidder = bool(user is not None and user.has_perm(BID))
    return {
        "extensions": selectors.deadline_extensions(tender),
        "current_documents": selectors.current_document_versions(tender),
        "published_answers": selectors.published_answers(tender) if tender.is_published else [],
        "own_questions": selectors.own_questions(tender, supplier_id) if is_bidder else [],
        "may_ask": is_bidder and tender.takes_questions(),
    }


def _prefilled_criteria(tender: Tender) -> list[str]:
    assessment = tender.prefilled_from
    if assessment is None or not (assessment.relevant and assessment.weighting_percent):
        return []
    return [
        f"{code} ({weight.normalize():f}%)"
        for code, _, weight in services.prefill_criteria(assessment.weighting_percent)
    ]


def prefill_summary(assessment: Assessment) -> str:
    """What a tender takes from a signed-off assessment, in words."""
    parts = []
    if assessment.relevant and assessment.weighting_percent:
        names = {CriterionKind.SV_QUANTITATIVE: "commitments"}
        criteria = " and ".join(
            f"{code} {names.get(kind, 'method statement')} {weight.normalize():f}%"
            for code, kind, weight in services.prefill_criteria(assessment.weighting_percent)
        )
        parts.append(
            f"social value weighting {assessment.weighting_percent.normalize():f}% of the "
            f"quality element ({criteria})"
        )
    count = assessment.measures.count()
    parts.append(f"{count} measure{'s' if count != 1 else ''} with targets")
    return ", ".join(parts)


def _model_context(tender: Tender) -> dict[str, Any]:
    """The evaluation model as the pages show it."""
    model = selectors.tender_model_for_page(tender)
    criteria = list(tender.criteria.all())
    rows = [
        {"criterion": row, "rule": rule, "marks": model.marks(rule)}
        for row, rule in zip(criteria, model.criteria, strict=True)
    ]
    formulas = {}
    try:
        formulas = selectors.model_formulas(model)
    except (ArithmeticError, ValueError):  # a model too broken to write formulas for
        formulas = {}
    return {
        "model": model,
        "rows": rows,
        "sv_share_quality": model.social_value_share_of_quality,
        "sv_share_total": model.social_value_share_of_total,
        "formulas": formulas,
        "proxies": tender.proxies.all(),
        "measures": selectors.buyer_measures(tender),
    }


class TenderEditView(DraftOnlyMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.TenderForm
    success_message = "Tender saved"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_tender()
        kwargs["initial"] = {
            "social_value_relevant": str(self.get_tender().social_value_relevant),
            "prices_open_after_moderation": str(self.get_tender().prices_open_after_moderation),
        }
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            _form_page("Change the tender", reverse("tendering:tender_detail", args=[tender.pk]))
        )
        return context

    def call_service(self, form) -> Tender:
        data = input_from(services.TenderInput, form.cleaned_data)
        return services.tender_update(actor=self.request.user, tender=self.get_tender(), data=data)

    def get_success_url(self) -> str:
        return reverse("tendering:tender_detail", args=[self.get_tender().pk])


class _CriterionEdit(DraftOnlyMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.CriterionForm
    title = ""
    success_message = "Criterion saved"

    def get_criterion(self) -> Criterion:
        return Criterion(tender=self.get_tender())

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_criterion()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            _form_page(
                self.title,
                reverse("tendering:tender_detail", args=[tender.pk]),
                "Weights are percentages of the quality element; all criteria together "
                "must add up to 100. Social value criteria sit inside the quality element.",
            )
        )
        return context

    def call_service(self, form) -> Criterion:
        criterion = self.get_criterion()
        return services.criterion_save(
            actor=self.request.user,
            tender=self.get_tender(),
            data=input_from(services.CriterionInput, form.cleaned_data),
            criterion=criterion if criterion.pk else None,
        )

    def get_success_url(self) -> str:
        return reverse("tendering:tender_detail", args=[self.get_tender().pk])


class CriterionCreateView(_CriterionEdit):
    title = "Add a criterion"


class CriterionEditView(_CriterionEdit):
    title = "Change a criterion"

    def get_criterion(self) -> Criterion:
        return get_object_or_404(Criterion, pk=self.kwargs["criterion"], tender=self.get_tender())


class CriterionRemoveView(TenderMixin, ServiceActionMixin, PermissionMixin, View):
    permission_required = MANAGE

    def post(self, request, pk: int, criterion: int) -> HttpResponse:
        tender = self.get_tender()
        item = get_object_or_404(Criterion, pk=criterion, tender=tender)
        self.run_service(
            services.criterion_remove,
            success=f"Criterion {item.code} removed",
            tender=tender,
            criterion=item,
        )
        return redirect("tendering:tender_detail", pk=tender.pk)


class TenderPublishView(DraftOnlyMixin, PermissionMixin, TemplateView):
    permission_required = MANAGE
    template_name = "tendering/tender_publish.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["problems"] = services.publish_problems(self.get_tender())
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        tender = self.get_tender()
        if tender.status != TenderStatus.DRAFT:
            return _read_only(request, tender)
        try:
            services.tender_publish(actor=request.user, tender=tender)
        except services.ModelProblems as error:  # the page lists them, as before publishing
            context = self.get_context_data(**kwargs)
            context["problems"] = [problem.message for problem in error.problems]
            return self.render_to_response(context)
        except DomainError as error:
            add_problem_messages(request, error)
            return redirect("tendering:tender_publish", pk=tender.pk)
        messages.success(request, "The tender is published and open for bids")
        return redirect("tendering:tender_detail", pk=tender.pk)


# Officers: bids received ------------------------------------------------------------------


def _check_opened(user, tender: Tender) -> None:
    if not tender.deadline_passed():
        raise sealing.BidSealed()


class TenderBidsView(TenderMixin, PermissionMixin, TemplateView):
    """The bids received, once the deadline has passed: who, when and how."""

    permission_required = READ_BIDS
    template_name = "tendering/tender_bids.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        _check_opened(self.request.user, tender)
        context["bids"] = sealing.readable_bids(self.request.user, tender).order_by(
            "submitted_at", "pk"
        )
        return context


class TenderBidsCsvView(TenderMixin, PermissionMixin, View):
    """The bids' metadata and responses as CSV (``?format=xlsx``: XLSX); prices only once
    the user may see them."""

    permission_required = READ_BIDS

    def get(self, request, pk: int) -> HttpResponse:
        tender = self.get_tender()
        _check_opened(request.user, tender)
        criteria = list(tender.criteria.all())
        bids = sealing.readable_bids(request.user, tender).prefetch_related("responses")
        bids = bids.order_by("submitted_at", "pk")
        fmt = request.GET.get("format", "csv")
        return _bids_export(request.user, tender, criteria, bids, fmt)


def _bids_export(user, tender: Tender, criteria, bids, fmt: str) -> HttpResponse:
    """The bids under their columns, through the one download writer (CSV or XLSX)."""

    def response_to(criterion):
        def read(bid: Bid) -> str:
            return next((r.text for r in bid.responses.all() if r.criterion_id == criterion.pk), "")

        return read

    columns = [
        Column("bid", "pk"),
        Column("supplier", "supplier.name"),
        Column("submitted_at", lambda b: _local(b.submitted_at)),
        Column("how", lambda b: "paper" if b.is_paper else "online"),
        Column("price", lambda b: b.price if sealing.price_visible(user, b) else None),
    ] + [Column(c.code, response_to(c)) for c in criteria]
    return export_response(bids, columns, filename=f"bids-{tender.reference}", fmt=fmt)


class PaperBidCreateView(TenderMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.PaperBidForm

    def get_problem_fields(self) -> dict[str, str]:
        return _response_fields(self.get_tender().criteria.all())

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["tender"] = self.get_tender()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            _form_page(
                "Record a paper bid",
                reverse("tendering:tender_detail", args=[tender.pk]),
                f"For {tender}. A paper bid received after the deadline "
                f"({timezone.localtime(tender.deadline):%d %B %Y %H:%M}) cannot be accepted. "
                "Once saved, it is sealed like any other bid until the deadline.",
            )
        )
        return context

    def call_service(self, form) -> Bid:
        data = form.cleaned_data
        return services.paper_bid_create(
            actor=self.request.user,
            tender=self.get_tender(),
            supplier=data["supplier"],
            received_at=data["received_at"],
            price_text=data["price"],
            responses=form.responses(),
            commitments=data["commitments"],
        )

    def get_success_message(self) -> str:
        return f"Paper bid from {self.result.supplier} recorded"

    def get_success_url(self) -> str:
        return reverse("tendering:tender_detail", args=[self.get_tender().pk])


# A bid's page: its supplier at any time, staff once opened --------------------------------


class BidDetailView(PermissionMixin, TemplateView):
    permission_required = VIEW_BID
    template_name = "tendering/bid_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        bid = sealing.read_bid(user, self.kwargs["pk"])
        context.update(_bid_context(bid))
        context.update(
            price_visible=sealing.price_visible(user, bid),
            is_owner=user.has_perm(BID) and user.supplier_id == bid.supplier_id,
            can_change=user.has_perm(BID)
            and user.supplier_id == bid.supplier_id
            and bid.tender.accepts_bids(),
            problems=services.bid_problems(bid) if bid.status == BidStatus.DRAFT else [],
        )
        context.update(notices_context(bid.tender, user))
        return context


def _bid_context(bid: Bid) -> dict[str, Any]:
    tender = bid.tender
    responses = {r.criterion_id: r for r in bid.responses.prefetch_related("attachments")}
    proxies = selectors.tender_proxies(tender)
    targets = selectors.tender_targets(tender)
    commitments = [
        {
            "item": c,
            "value": selectors.value_of(c.quantity, proxies.get(c.measure.code)),
            "target": None if c.measure.code in proxies else targets.get(c.measure.code),
        }
        for c in bid.commitments.select_related("measure")
    ]
    return {
        "bid": bid,
        "tender": tender,
        "answers": [(c, responses.get(c.pk)) for c in tender.criteria.all()],
        "commitments": commitments,
        "commitments_total": sum(
            (row["value"] for row in commitments if row["value"] is not None),
            start=selectors.value_of(0, 0),
        ),
        "own_proposals": bid.own_proposals.all(),
        "measures": selectors.buyer_measures(tender),
    }


class BidAttachmentDownloadView(PermissionMixin, View):
    """A bid's file, for those who may read the bid now (sealed like the bid)."""

    permission_required = VIEW_BID

    def get(self, request, pk: int) -> FileResponse:
        attachment = get_object_or_404(BidAttachment.objects.select_related("response"), pk=pk)
        sealing.read_bid(request.user, attachment.response.bid_id)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )


# Suppliers --------------------------------------------------------------------------------


def _own_bid(request, pk: int) -> Bid:
    """The signed-in supplier user's own bid; any other bid is 'not found'."""
    return get_object_or_404(
        Bid.objects.select_related("tender", "supplier"),
        pk=pk,
        supplier_id=request.user.supplier_id,
    )


class OpportunityListView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = BID
    template_name = "tendering/opportunity_list.html"
    export_filename = "opportunities-to-bid"
    export_columns = (
        Column("Reference", lambda row: row[0].reference),
        Column("Tender", lambda row: row[0].title),
        Column("Deadline", lambda row: _local(row[0].deadline)),
        Column("Your bid", lambda row: row[1].get_status_display() if row[1] else "Not started"),
    )

    def export_rows(self):
        return self.opportunities()

    def opportunities(self) -> list[tuple[Tender, Bid | None]]:
        own = {
            b.tender_id: b for b in Bid.objects.filter(supplier_id=self.request.user.supplier_id)
        }
        return [(t, own.get(t.pk)) for t in selectors.tenders_open_for_bids()]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opportunities"] = self.opportunities()
        return context


class OpportunityDetailView(PermissionMixin, TemplateView):
    """The tender as bidders see it: what is asked, how it is scored, what commitments are
    worth."""

    permission_required = BID
    template_name = "tendering/opportunity_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = get_object_or_404(
            Tender.objects.select_related("project", "lot"),
            pk=self.kwargs["pk"],
            published_at__isnull=False,
        )
        context.update(_model_context(tender))
        context.update(
            tender=tender,
            bid=Bid.objects.filter(
                tender=tender, supplier_id=self.request.user.supplier_id
            ).first(),
            accepts_bids=tender.accepts_bids(),
        )
        context.update(notices_context(tender, self.request.user))
        return context


class BidStartView(ServiceActionMixin, PermissionMixin, View):
    permission_required = BID

    def post(self, request, pk: int) -> HttpResponse:
        tender = get_object_or_404(Tender, pk=pk, published_at__isnull=False)
        if not self.run_service(services.bid_start, tender=tender):
            return redirect("tendering:opportunity_detail", pk=tender.pk)
        return redirect("tendering:bid_detail", pk=self.result.pk)


class YourBidsView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = BID
    template_name = "tendering/your_bids.html"
    export_filename = "your-bids"
    export_columns = (
        Column("Reference", "tender.reference"),
        Column("Tender", "tender.title"),
        Column("Deadline", lambda b: _local(b.tender.deadline)),
        Column("Deadline passed", lambda b: b.tender.deadline_passed()),
        Column("Status", "get_status_display"),
    )

    def export_rows(self):
        return sealing.readable_bids(self.request.user).order_by("tender__deadline", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["bids"] = self.export_rows()
        context["now"] = timezone.now()
        return context


class BidEditView(ServiceFormMixin, PermissionMixin, FormView):
    """The price and the written answers of the supplier's own bid."""

    permission_required = BID
    template_name = "tendering/bid_edit.html"
    form_class = forms.BidForm

    def get_bid(self) -> Bid:
        if not hasattr(self, "_bid"):
            self._bid = _own_bid(self.request, self.kwargs["pk"])
        return self._bid

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["criteria"] = self.get_bid().tender.criteria.all()
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        bid = self.get_bid()
        initial: dict[str, Any] = {"price": f"{bid.price:.2f}" if bid.price is not None else ""}
        for response in bid.responses.all():
            initial[f"response_{response.criterion_id}"] = response.text
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bid = self.get_bid()
        context.update(
            bid=bid,
            tender=bid.tender,
            bid_url=reverse("tendering:bid_detail", args=[bid.pk]),
        )
        return context

    def get_problem_fields(self) -> dict[str, str]:
        return _response_fields(self.get_bid().tender.criteria.all())

    def submitting(self) -> bool:
        return "submit_bid" in self.request.POST

    def call_service(self, form) -> Bid:
        bid = services.bid_save(
            actor=self.request.user,
            bid=self.get_bid(),
            price_text=form.cleaned_data["price"],
            responses=form.responses(),
        )
        if self.submitting():
            bid = services.bid_submit(actor=self.request.user, bid=bid)
        return bid

    def get_success_message(self) -> str:
        return "Your bid is submitted" if self.submitting() else "Your bid is saved"

    def get_success_url(self) -> str:
        return reverse("tendering:bid_detail", args=[self.get_bid().pk])


class BidSubmitView(PermissionMixin, View):
    permission_required = BID

    def post(self, request, pk: int) -> HttpResponse:
        bid = _own_bid(request, pk)
        try:
            services.bid_submit(actor=request.user, bid=bid)
        except services.BidIncomplete as error:  # the bid form, with what is missing on it
            return _incomplete(request, bid, error)
        except DomainError as error:
            add_problem_messages(request, error)
            return redirect("tendering:bid_detail", pk=bid.pk)
        messages.success(request, "Your bid is submitted")
        return redirect("tendering:bid_detail", pk=bid.pk)


def _incomplete(request, bid: Bid, error: services.BidIncomplete) -> HttpResponse:
    """The bid form again, with what is missing linked to each field."""
    view = BidEditView(request=request, kwargs={"pk": bid.pk})
    form = forms.BidForm(data=view.get_initial(), criteria=bid.tender.criteria.all())
    form.is_valid()
    add_problems(form, error, _response_fields(bid.tender.criteria.all()))
    context = {
        "form": form,
        "bid": bid,
        "tender": bid.tender,
        "bid_url": reverse("tendering:bid_detail", args=[bid.pk]),
    }
    return render(request, BidEditView.template_name, context)


class BidWithdrawView(ServiceActionMixin, PermissionMixin, View):
    permission_required = BID

    def post(self, request, pk: int) -> HttpResponse:
        bid = _own_bid(request, pk)
        self.run_service(
            services.bid_withdraw, success="Your bid is withdrawn: it will not be opened", bid=bid
        )
        return redirect("tendering:bid_detail", pk=bid.pk)


class _BidPartForm(ServiceFormView):
    """A page adding one thing (a file, a commitment, an own proposal) to the own bid."""

    permission_required = BID

    def get_bid(self) -> Bid:
        if not hasattr(self, "_bid"):
            self._bid = _own_bid(self.request, self.kwargs["pk"])
        return self._bid

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bid = self.get_bid()
        context.update(
            _form_page(
                self.title,
                reverse("tendering:bid_detail", args=[bid.pk]),
                f"{self.intro} For {bid.tender}.".strip(),
            )
        )
        return context

    def get_success_url(self) -> str:
        return reverse("tendering:bid_detail", args=[self.get_bid().pk])


class BidAttachmentCreateView(_BidPartForm):
    form_class = forms.BidAttachmentForm
    title = "Add a file to your bid"
    success_message = "File added"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["criteria"] = self.get_bid().tender.criteria.all()
        return kwargs

    def call_service(self, form) -> Any:
        return services.attachment_add(
            actor=self.request.user,
            bid=self.get_bid(),
            criterion=form.cleaned_data["criterion"],
            upload=form.cleaned_data["file"],
            media_type=form.media_type,
        )


class CommitmentCreateView(_BidPartForm):
    form_class = forms.CommitmentForm
    title = "Add a social value commitment"
    intro = (
        "A commitment to a measure with a proxy value is valued in pounds with the tender's "
        "frozen proxy value; one to a measure the buyer asks for without a proxy value counts "
        "in the measure's own units, against the buyer's target."
    )
    success_message = "Commitment added"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["tender"] = self.get_bid().tender
        return kwargs

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        return services.commitment_add(
            actor=self.request.user,
            bid=self.get_bid(),
            measure=data["measure"],
            quantity=data["quantity"],
            year=data["year"],
        )


class OwnProposalCreateView(_BidPartForm):
    form_class = forms.OwnProposalForm
    title = "Add a proposal of your own"
    intro = (
        "Social value outside the measures library. It counts in pounds only once the "
        "evaluators agree a value per unit."
    )
    success_message = "Proposal added"

    def call_service(self, form) -> Any:
        return services.own_proposal_add(
            actor=self.request.user,
            bid=self.get_bid(),
            data=input_from(services.OwnProposalInput, form.cleaned_data),
        )


class _BidPartRemove(ServiceActionMixin, PermissionMixin, View):
    permission_required = BID
    model: type = BidCommitment
    message = "Removed"

    def post(self, request, pk: int, item: int) -> HttpResponse:
        bid = _own_bid(request, pk)
        thing = self.find(bid, item)
        self.run_service(self.remove, success=self.message, bid=bid, thing=thing)
        return redirect("tendering:bid_detail", pk=bid.pk)

    def find(self, bid: Bid, item: int):
        return get_object_or_404(self.model, pk=item, bid=bid)


class CommitmentRemoveView(_BidPartRemove):
    model = BidCommitment
    message = "Commitment removed"

    def remove(self, *, actor, bid: Bid, thing) -> None:
        services.commitment_remove(actor=actor, bid=bid, commitment=thing)


class OwnProposalRemoveView(_BidPartRemove):
    model = OwnProposal
    message = "Proposal removed"

    def remove(self, *, actor, bid: Bid, thing) -> None:
        services.own_proposal_remove(actor=actor, bid=bid, proposal=thing)


class AttachmentRemoveView(_BidPartRemove):
    model = BidAttachment
    message = "File removed"

    def find(self, bid: Bid, item: int):
        return get_object_or_404(BidAttachment, pk=item, response__bid=bid)

    def remove(self, *, actor, bid: Bid, thing) -> None:
        services.attachment_remove(actor=actor, bid=bid, attachment=thing)


# Officers: the measures a draft tender asks for ------------------------------------------


class TargetMeasureCreateView(DraftOnlyMixin, ServiceFormView):
    """Ask bidders for a measure with a target, or change the target of one already asked."""

    permission_required = MANAGE
    form_class = forms.TargetMeasureForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            _form_page(
                "Add a measure or change a target",
                reverse("tendering:tender_detail", args=[tender.pk]),
                "Bidders see the measure and its target. Choosing a measure the tender already "
                "asks for changes its target. A measure with no proxy value is scored in its "
                "own units, against the target.",
            )
        )
        return context

    def call_service(self, form) -> TargetMeasure:
        return services.target_measure_save(
            actor=self.request.user,
            tender=self.get_tender(),
            measure=form.cleaned_data["measure"],
            target=form.cleaned_data["target"],
        )

    def get_success_message(self) -> str:
        row = self.result
        return f"{row.measure.code}: the target is {format_quantity(row.target, row.measure.unit)}"

    def get_success_url(self) -> str:
        return reverse("tendering:tender_detail", args=[self.get_tender().pk])


class TargetMeasureRemoveView(TenderMixin, ServiceActionMixin, PermissionMixin, View):
    permission_required = MANAGE

    def post(self, request, pk: int, item: int) -> HttpResponse:
        tender = self.get_tender()
        row = get_object_or_404(TargetMeasure, pk=item, tender=tender)
        self.run_service(
            services.target_measure_remove,
            success=f"{row.measure.code} is no longer asked for",
            tender=tender,
            target_measure=row,
        )
        return redirect("tendering:tender_detail", pk=tender.pk)
