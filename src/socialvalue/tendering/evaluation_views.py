"""Evaluation pages: the panel and declarations, scoring, moderation, prices, results,
flag answers, the award recommendation, the report and the assessment summaries.

Reads go through ``evaluation_selectors`` (bid content through ``tendering.sealing``),
writes through ``evaluation_services``; the arithmetic is the domain's ``evaluate``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, RedirectView, TemplateView, View

from socialvalue.contracts.selectors import award_step
from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin, download
from socialvalue.core.views import PermissionMixin, ServiceActionMixin, ServiceFormMixin
from socialvalue.domain.evaluation import FlagKind
from socialvalue.tendering import evaluation_forms as forms
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering import evaluation_services as services
from socialvalue.tendering import report, sealing
from socialvalue.tendering.models import (
    Bid,
    BidStatus,
    Criterion,
    EvaluatorAssignment,
    OwnProposal,
    Tender,
)

MANAGE = "tendering.manage_evaluation"


class TenderMixin(PermissionMixin):
    """A page about one tender (``pk`` in the URL); permissions are checked on the tender."""

    def get_tender(self) -> Tender:
        if not hasattr(self, "_tender"):
            self._tender = get_object_or_404(
                Tender.objects.select_related("project"), pk=self.kwargs["pk"]
            )
        return self._tender

    def get_permission_object(self) -> Tender:
        return self.get_tender()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tender"] = self.get_tender()
        context["can_manage"] = self.request.user.has_perm(MANAGE)
        return context


class ActionView(ServiceActionMixin, TenderMixin, View):
    """A button that runs one service (``act``) and goes back to a page with its outcome."""

    permission_required = MANAGE
    success_message = ""

    def act(self, *, actor, tender: Tender) -> None:
        raise NotImplementedError

    def back(self, tender: Tender) -> str:
        return reverse("tendering:evaluation", args=[tender.pk])

    def post(self, request, *args, **kwargs) -> HttpResponse:
        tender = self.get_tender()
        self.run_service(self.act, success=self.success_message, tender=tender)
        return redirect(self.back(tender))


# The officer's evaluation page and the panel -----------------------------------------------


class EvaluationView(TenderMixin, TemplateView):
    """The officer's overview: the panel, progress, and the next step."""

    permission_required = MANAGE
    template_name = "tendering/evaluation/evaluation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            panel=[{"assignment": a, "progress": sel.progress(a)} for a in sel.panel(tender)],
            removed=sel.removed_from_panel(tender),
            bid_count=sel.submitted_bids(tender).count(),
            moderation_missing=sel.moderation_missing(tender),
            prices_blocker=sel.prices_may_open(tender),
            deadline_passed=tender.deadline_passed(),
        )
        return context


class PanelAddView(ServiceFormMixin, TenderMixin, FormView):
    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.AssignForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "tender": self.get_tender()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            title="Add an evaluator to the panel",
            intro=f"{tender}. They declare any conflict of interest before seeing a bid.",
            back_url=reverse("tendering:evaluation", args=[tender.pk]),
        )
        return context

    def call_service(self, form) -> EvaluatorAssignment:
        return services.evaluator_assign(
            actor=self.request.user,
            tender=self.get_tender(),
            evaluator=form.cleaned_data["evaluator"],
        )

    def get_success_message(self) -> str:
        return f"{sel.person(self.result.evaluator)} is on the panel"

    def get_success_url(self) -> str:
        return reverse("tendering:evaluation", args=[self.get_tender().pk])


class PanelRemoveView(ServiceFormMixin, TenderMixin, FormView):
    """Take an evaluator off the panel: with a reason once they have recorded scores."""

    permission_required = MANAGE
    template_name = "core/form_page.html"
    form_class = forms.PanelRemoveForm

    def get_assignment(self) -> EvaluatorAssignment:
        return get_object_or_404(
            EvaluatorAssignment.objects.select_related("evaluator"),
            pk=self.kwargs["assignment"],
            tender=self.get_tender(),
            removed_at__isnull=True,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assignment = self.get_assignment()
        scored = assignment.scores.count()
        context.update(
            title=f"Remove {sel.person(assignment.evaluator)} from the panel",
            intro=(
                f"They have recorded {scored} score{'s' if scored != 1 else ''}: their scores "
                "stay in the record but no longer count, and they no longer see the bids. "
                "Say why they are leaving."
                if scored
                else "They have not recorded a score yet."
            ),
            back_url=reverse("tendering:evaluation", args=[self.get_tender().pk]),
        )
        return context

    def call_service(self, form) -> EvaluatorAssignment:
        assignment = self.get_assignment()
        services.evaluator_remove(
            actor=self.request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
        return assignment

    def get_success_message(self) -> str:
        return f"{sel.person(self.result.evaluator)} is off the panel"

    def get_success_url(self) -> str:
        return reverse("tendering:evaluation", args=[self.get_tender().pk])


# Evaluators: their list, declaration and scores --------------------------------------------


def _where_you_are(row: dict) -> str:
    """The "Where you are" column of the evaluator's list, in words."""
    assignment = row["assignment"]
    if assignment.declared_at is None:
        return "Declare your interests"
    if assignment.has_conflict:
        return "Conflict declared: you are off this panel"
    if assignment.scores_submitted_at:
        return "Scores submitted"
    return f"Score the bids ({row['scored']} of {row['needed']} scored)"


class MyEvaluationsView(PermissionMixin, ExportMixin, TemplateView):
    permission_required = "tendering.evaluate"
    template_name = "tendering/evaluation/my_evaluations.html"
    export_filename = "your-evaluations"
    export_columns = (
        Column("Reference", lambda row: row["tender"].reference),
        Column("Tender", lambda row: row["tender"].title),
        Column("Deadline", lambda row: timezone.localtime(row["tender"].deadline)),
        Column("Where you are", _where_you_are),
    )

    def export_rows(self):
        return sel.evaluations_of(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = self.export_rows()
        return context


class AssignmentMixin(TenderMixin):
    def get_assignment(self) -> EvaluatorAssignment:
        assignment = sel.assignment_of(self.request.user, self.get_tender())
        if assignment is None:
            raise PermissionDenied("You are not on this tender's panel")
        return assignment


class DeclarationView(ServiceFormMixin, AssignmentMixin, FormView):
    permission_required = "tendering.declare_interests"
    template_name = "tendering/evaluation/declaration.html"
    form_class = forms.DeclarationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            assignment=self.get_assignment(),
            # Bidders' names only (never their bids), so the evaluator knows whom to declare.
            bidders=[b.supplier.name for b in sel.submitted_bids(tender)]
            if tender.deadline_passed()
            else None,
        )
        return context

    problem_fields = {"details": "conflict_details"}

    def call_service(self, form) -> EvaluatorAssignment:
        return services.interests_declare(
            actor=self.request.user,
            assignment=self.get_assignment(),
            has_conflict=form.cleaned_data["has_conflict"],
            details=form.cleaned_data["conflict_details"],
        )

    def get_success_message(self) -> str:
        if self.result.has_conflict:
            return "You declared a conflict of interest: you are off this panel"
        return "You declared no conflict of interest"

    def get_success_url(self) -> str:
        if self.result.has_conflict:
            return reverse("tendering:evaluation_list")
        return reverse("tendering:scoring", args=[self.get_tender().pk])


class ScoringView(AssignmentMixin, TemplateView):
    """An evaluator's bids to score on one tender, and the button to submit."""

    permission_required = "tendering.score_bids"
    template_name = "tendering/evaluation/scoring.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        assignment = self.get_assignment()
        criteria = sel.scale_criteria(tender)
        bids = list(sealing.readable_bids(self.request.user, tender).order_by("pk"))
        counts = {}
        for score in assignment.scores.filter(criterion__in=criteria):
            counts[score.bid_id] = counts.get(score.bid_id, 0) + 1
        context.update(
            assignment=assignment,
            criteria=criteria,
            rows=[{"bid": b, "scored": counts.get(b.pk, 0)} for b in bids],
            progress=sel.progress(assignment),
            deadline_passed=tender.deadline_passed(),
        )
        return context


class ScoresSubmitView(AssignmentMixin, ActionView):
    permission_required = "tendering.score_bids"
    success_message = "Your scores are submitted"

    def act(self, *, actor, tender: Tender) -> None:
        services.scores_submit(actor=actor, assignment=self.get_assignment())

    def back(self, tender: Tender) -> str:
        return reverse("tendering:scoring", args=[tender.pk])


class BidScoresView(ServiceFormMixin, AssignmentMixin, FormView):
    """One bid's responses, attachments and commitments (never its price while prices are
    closed), with the evaluator's score and justification per criterion."""

    permission_required = "tendering.score_bids"
    template_name = "tendering/evaluation/bid_scores.html"
    form_class = forms.BidScoresForm

    def get_bid(self) -> Bid:
        if not hasattr(self, "_bid"):
            bid = sealing.read_bid(self.request.user, self.kwargs["bid"])
            if bid.tender_id != self.get_tender().pk:
                raise Http404("No such bid in this tender")
            self._bid = bid
        return self._bid

    def get_form_kwargs(self) -> dict[str, Any]:
        assignment = self.get_assignment()
        bid = self.get_bid()
        scores = {s.criterion_id: s for s in assignment.scores.filter(bid=bid)}
        return {
            **super().get_form_kwargs(),
            "criteria": sel.scale_criteria(self.get_tender()),
            "bid": bid,
            "scores": scores,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assignment = self.get_assignment()
        bid = self.get_bid()
        lines, total = sel.commitments_valued(bid)
        submitted = assignment.scores_submitted_at is not None
        context.update(
            assignment=assignment,
            bid=bid,
            commitment_lines=lines,
            commitments_total=total,
            price_visible=sealing.price_visible(self.request.user, bid),
            submitted=submitted,
            own_scores=assignment.scores.filter(bid=bid).select_related("criterion"),
            # Other evaluators' scores only once this evaluator has submitted all of theirs,
            # and only scores their authors have submitted.
            panel_scores=_panel_scores(assignment, bid) if submitted else None,
        )
        return context

    def get_problem_fields(self) -> dict[str, str]:
        """The form's fields for each ``entries.<criterion id>.score`` or ``.justification``."""
        return {
            f"entries.{c.pk}.{name}": f"{name}_{c.pk}"
            for c in self.get_tender().criteria.all()
            for name in ("score", "justification")
        }

    def call_service(self, form) -> Any:
        return services.bid_scores_save(
            actor=self.request.user,
            assignment=self.get_assignment(),
            bid=self.get_bid(),
            entries=form.entries(),
        )

    def get_success_message(self) -> str:
        return f"Your scores of {self.get_bid().supplier.name} are saved"

    def get_success_url(self) -> str:
        return reverse("tendering:scoring", args=[self.get_tender().pk])


def _panel_scores(assignment: EvaluatorAssignment, bid: Bid):
    cleared = [
        a
        for a in sel.cleared_panel(assignment.tender)
        if a.scores_submitted_at and a.pk != assignment.pk
    ]
    return (
        bid.scores.filter(assignment__in=cleared)
        .select_related("assignment__evaluator", "criterion")
        .order_by("criterion__position", "criterion__pk", "assignment")
    )


# Moderation and own proposals --------------------------------------------------------------


class ModerationView(TenderMixin, TemplateView):
    """The moderation overview: one line per criterion with how far it is, the button to
    complete moderation, and the bidders' own proposals to value."""

    permission_required = MANAGE
    template_name = "tendering/evaluation/moderation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        opened = tender.deadline_passed()
        context.update(
            criteria=sel.moderation_progress(tender) if opened else [],
            all_submitted=sel.all_submitted(tender),
            missing=sel.moderation_missing(tender),
            proposals=sel.own_proposals(tender) if opened else [],
        )
        return context


class CriterionMixin(TenderMixin):
    def get_criterion(self) -> Criterion:
        if not hasattr(self, "_criterion"):
            tender = self.get_tender()
            criterion = get_object_or_404(Criterion, pk=self.kwargs["criterion"], tender=tender)
            if not criterion.is_scored_on_scale:
                raise Http404("This criterion is not scored on a scale")
            self._criterion = criterion
        return self._criterion


class ModerationCriterionView(ServiceFormMixin, CriterionMixin, FormView):
    """Moderation of one criterion: every bid's submitted scores and justifications side by
    side with their range, and the panel's consensus score and note for each."""

    permission_required = MANAGE
    template_name = "tendering/evaluation/moderation_criterion.html"
    form_class = forms.CriterionConsensusForm

    def rows(self) -> list[sel.ModerationRow]:
        if not hasattr(self, "_rows"):
            tender = self.get_tender()
            # Nothing of any bid (not even who bid) before the deadline.
            rows = (
                sel.moderation_sheet(tender, self.get_criterion())
                if tender.deadline_passed()
                else []
            )
            members = self.members()
            for row in rows:
                by_assignment = {s.assignment_id: s for s in row.scores}
                row.cells = [by_assignment.get(a.pk) for a in members]
            self._rows = rows
        return self._rows

    def members(self) -> list[EvaluatorAssignment]:
        """The evaluators whose scores count: cleared and submitted."""
        return [a for a in sel.cleared_panel(self.get_tender()) if a.scores_submitted_at]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "criterion": self.get_criterion(), "rows": self.rows()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        criterion = self.get_criterion()
        criteria = sel.scale_criteria(tender)
        place = next(i for i, c in enumerate(criteria) if c.pk == criterion.pk)
        rows = self.rows()
        context.update(
            criterion=criterion,
            members=self.members(),
            bound_rows=context["form"].bound_rows(),
            may_agree=sel.all_submitted(tender) and not tender.scores_locked and bool(rows),
            missing=sel.moderation_missing(tender),
            to_accept=[r for r in rows if r.consensus is None and r.agreed is not None],
            previous=criteria[place - 1] if place > 0 else None,
            next=criteria[place + 1] if place + 1 < len(criteria) else None,
        )
        return context

    def get_problem_fields(self) -> dict[str, str]:
        """``entries.<bid id>.<input>`` -> the form's ``<input>_<bid id>``."""
        return {
            f"entries.{r.bid.pk}.{name}": f"{name}_{r.bid.pk}"
            for r in self.rows()
            for name in ("score", "rationale", "outside_range_reason")
        }

    def call_service(self, form) -> Any:
        return services.criterion_consensus_save(
            actor=self.request.user, criterion=self.get_criterion(), entries=form.entries()
        )

    def get_success_message(self) -> str:
        count = len(self.result)
        return (
            f"{self.get_criterion().code}: {count} consensus score{'s' if count != 1 else ''} saved"
        )

    def get_success_url(self) -> str:
        return reverse("tendering:moderation", args=[self.get_tender().pk])


class AgreedScoresAcceptView(CriterionMixin, ActionView):
    """One button: the score every evaluator gave becomes the consensus, for every bid of
    the criterion where they all agree."""

    def post(self, request, *args, **kwargs) -> HttpResponse:
        tender = self.get_tender()
        if self.run_service(services.agreed_scores_accept, criterion=self.get_criterion()):
            count = len(self.result)
            messages.success(
                request,
                f"{self.get_criterion().code}: the score every evaluator gave is now the "
                f"consensus for {count} bid{'s' if count != 1 else ''}",
            )
        return redirect(self.back(tender))

    def back(self, tender: Tender) -> str:
        return reverse("tendering:moderation_criterion", args=[tender.pk, self.get_criterion().pk])


class ConsensusRedirectView(CriterionMixin, RedirectView):
    """The old page of one bid and criterion: moderation is now one page per criterion."""

    permission_required = MANAGE

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        url = reverse(
            "tendering:moderation_criterion", args=[self.get_tender().pk, self.get_criterion().pk]
        )
        return f"{url}#bid-{int(self.kwargs['bid'])}"


class ModerationCompleteView(ActionView):
    success_message = "Quality moderation is complete"

    def act(self, *, actor, tender: Tender) -> None:
        services.moderation_complete(actor=actor, tender=tender)

    def back(self, tender: Tender) -> str:
        return reverse("tendering:moderation", args=[tender.pk])


class ProposalValueView(ServiceFormMixin, TenderMixin, FormView):
    permission_required = MANAGE
    template_name = "tendering/evaluation/proposal_value.html"
    form_class = forms.ProposalValueForm

    def get_proposal(self) -> OwnProposal:
        proposal = get_object_or_404(
            OwnProposal.objects.select_related("bid__tender", "bid__supplier"),
            pk=self.kwargs["proposal"],
            bid__tender=self.get_tender(),
        )
        sealing.read_bid(self.request.user, proposal.bid_id)  # 404 or sealed before deadline
        return proposal

    def get_initial(self) -> dict[str, Any]:
        p = self.get_proposal()
        if p.agreed_unit_value is None:
            return {}
        return {"unit_value": f"{p.agreed_unit_value:.2f}", "reason": p.agreed_reason}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.get_proposal()
        return context

    success_message = "The value of the own proposal is agreed"

    def call_service(self, form) -> Any:
        return services.proposal_value_agree(
            actor=self.request.user,
            proposal=self.get_proposal(),
            unit_value=form.cleaned_data["unit_value"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self) -> str:
        return reverse("tendering:moderation", args=[self.get_tender().pk])


# Prices, results, flags and the recommendation ---------------------------------------------


class PricesOpenView(ActionView):
    success_message = "Prices are open"

    def act(self, *, actor, tender: Tender) -> None:
        services.prices_open(actor=actor, tender=tender)


class ResultsView(TenderMixin, TemplateView):
    permission_required = "tendering.view_results"
    template_name = "tendering/evaluation/results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        results = sel.tender_results(tender) if tender.prices_opened_at else None
        context.update(
            results=results,
            model_rows=_model_rows(tender),
            blockers=sel.recommendation_blockers(tender, results) if results else [],
            can_award=self.request.user.has_perm("contracts.award_contract"),
            award_step=award_step(tender) if tender.recommended_bid_id else None,
        )
        return context


def _model_rows(tender: Tender) -> list[Criterion]:
    return list(tender.criteria.all())


class FlagAnswerView(ServiceFormMixin, TenderMixin, FormView):
    permission_required = MANAGE
    template_name = "tendering/evaluation/flag_answer.html"
    form_class = forms.FlagAnswerForm

    def get_row(self) -> sel.FlagRow:
        kind = sel.FLAG_SLUGS.get(self.kwargs["kind"])
        if kind is None:
            raise Http404("No such flag")
        results = sel.tender_results(self.get_tender())
        for row in results.flags:
            if row.bid.pk == self.kwargs["bid"] and row.flag.kind == kind:
                return row
        raise Http404("This bid has no such flag")

    def get_initial(self) -> dict[str, Any]:
        row = self.get_row()
        return {"answer": row.answer.answer} if row.answer else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["row"] = self.get_row()
        return context

    success_message = "The flag is answered"

    def call_service(self, form) -> Any:
        row = self.get_row()
        return services.flag_answer(
            actor=self.request.user,
            tender=self.get_tender(),
            bid=row.bid,
            kind=FlagKind(row.flag.kind),
            answer=form.cleaned_data["answer"],
        )

    def get_success_url(self) -> str:
        return reverse("tendering:results", args=[self.get_tender().pk])


class RecommendView(ServiceFormMixin, TenderMixin, FormView):
    permission_required = MANAGE
    template_name = "tendering/evaluation/recommend.html"
    form_class = forms.RecommendationForm

    def results(self) -> sel.TenderResults:
        if not hasattr(self, "_results"):
            self._results = sel.tender_results(self.get_tender())
        return self._results

    def get_form_kwargs(self) -> dict[str, Any]:
        results = self.results()
        ranked = results.evaluation.ranked if results.evaluation else ()
        choices = [
            (results.bid_of(r).pk, f"{r.bidder}: ranked {r.rank}, total {r.total:.2f}")
            for r in ranked
        ]
        kwargs = {**super().get_form_kwargs(), "choices": choices}
        tender = self.get_tender()
        chosen = tender.recommended_bid_id or (results.top.pk if results.top else None)
        kwargs["initial"] = {"bid": chosen, "reason": tender.recommendation_reason}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context["blockers"] = (
            sel.recommendation_blockers(tender, self.results())
            if tender.prices_opened_at
            else ["Prices are not open yet"]
        )
        return context

    def call_service(self, form) -> Any:
        tender = self.get_tender()
        self.bid = get_object_or_404(Bid, pk=form.cleaned_data["bid"], tender=tender)
        return services.award_recommend(
            actor=self.request.user, tender=tender, bid=self.bid, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self) -> str:
        return f"The award to {self.bid.supplier.name} is recommended"

    def get_success_url(self) -> str:
        return reverse("tendering:results", args=[self.get_tender().pk])


# Report and assessment summaries ---------------------------------------------------------------


class ReportView(TenderMixin, TemplateView):
    permission_required = "tendering.view_results"
    template_name = "tendering/evaluation/report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        if tender.prices_opened_at:
            context.update(report.report_context(tender))
        return context


class ReportDownloadView(TenderMixin, View):
    permission_required = "tendering.view_results"

    def get(self, request, pk: int, fmt: str) -> HttpResponse:
        tender = self.get_tender()
        if fmt not in ("pdf", "csv"):
            raise Http404("The report comes as pdf or csv")
        if tender.prices_opened_at is None:
            raise Http404("The report is available once prices are open")
        name = f"evaluation-report-{tender.reference}"
        if fmt == "csv":
            return download(report.report_table(tender), filename=name, fmt="csv")
        response = HttpResponse(report.report_pdf(tender), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


class SummaryMixin(TenderMixin):
    """One bidder's assessment summary (s.50(3)). The officer reads any of the tender's once
    an award is recommended; a supplier reads only its own bid's, and only once released
    with the contract award notice: never another bidder's."""

    permission_required = "tendering.view_assessment_summary"

    def get_bid(self) -> Bid:
        tender = self.get_tender()
        bid = get_object_or_404(
            sel.submitted_bids(tender).select_related("tender", "supplier"), pk=self.kwargs["bid"]
        )
        user = self.request.user
        if user.has_perm(MANAGE):
            return bid
        if bid.supplier_id != getattr(user, "supplier_id", None):
            raise PermissionDenied("This is another bidder's assessment summary")
        if tender.summaries_released_at is None:
            raise PermissionDenied(
                "Assessment summaries are released with the contract award notice"
            )
        return bid


class SummaryView(SummaryMixin, TemplateView):
    template_name = "tendering/evaluation/summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bid = self.get_bid()
        try:
            context.update(report.summary_context(self.get_tender(), bid))
        except DomainError as error:
            context["not_ready"] = error.message
            context["bid"] = bid
        return context


class SummaryPdfView(SummaryMixin, View):
    def get(self, request, pk: int, bid: int) -> HttpResponse:
        the_bid = self.get_bid()
        try:
            pdf = report.summary_pdf(self.get_tender(), the_bid)
        except DomainError as error:
            raise Http404(error.message) from error
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="assessment-summary-{self.get_tender().reference}-'
            f'{the_bid.pk}.pdf"'
        )
        return response


class MySummariesView(PermissionMixin, TemplateView):
    """A supplier's assessment summaries: its bids on tenders whose summaries are released."""

    permission_required = "tendering.view_own_assessment_summaries"
    template_name = "tendering/evaluation/my_summaries.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["bids"] = (
            Bid.objects.filter(
                supplier_id=self.request.user.supplier_id,
                status=BidStatus.SUBMITTED,
                tender__summaries_released_at__isnull=False,
                tender__recommended_bid__isnull=False,
            )
            .select_related("tender")
            .order_by("-tender__summaries_released_at")
        )
        return context


class OldAddressView(RedirectView):
    """The feedback letters' addresses: the assessment summaries replaced them (s.50)."""

    permanent = True
    to = ""

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return reverse(self.to, kwargs=kwargs)
