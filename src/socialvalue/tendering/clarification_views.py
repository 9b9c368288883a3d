"""Pages of a tender's documents, bidders' questions and deadline extensions.

Officers upload documents (each new upload of a document is a new version), answer questions
(published to every bidder without the asker's name) and extend the deadline for bids.
Suppliers ask questions. Anyone downloads the current version of a published tender's
documents; staff any version. Writes go through ``tendering.services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from socialvalue.core.views import PermissionMixin, ServiceFormView
from socialvalue.tendering import forms, selectors, services
from socialvalue.tendering.models import (
    Clarification,
    Tender,
    TenderDocument,
    TenderDocumentVersion,
)
from socialvalue.tendering.views import BID, MANAGE, VIEW, TenderMixin, _form_page


def _tender_url(tender: Tender) -> str:
    return reverse("tendering:tender_detail", args=[tender.pk])


# Documents --------------------------------------------------------------------------------


class DocumentAddView(TenderMixin, ServiceFormView):
    """A new document of the tender (its version 1)."""

    permission_required = MANAGE
    form_class = forms.TenderDocumentForm
    title = "Add a tender document"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            _form_page(
                self.title,
                _tender_url(tender),
                f"For {tender}. Bidders see the current version of each document once the "
                "tender is published. To replace a document, upload a new version of it from "
                "the tender page.",
            )
        )
        return context

    def call_service(self, form) -> TenderDocumentVersion:
        return services.tender_document_upload(
            actor=self.request.user,
            tender=self.get_tender(),
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            media_type=form.media_type,
        )

    def get_success_message(self) -> str:
        return f"{self.result.document.title} added"

    def get_success_url(self) -> str:
        return _tender_url(self.get_tender())


class DocumentVersionAddView(DocumentAddView):
    """The next version of one of the tender's documents; the older ones are kept."""

    def get_document(self) -> TenderDocument:
        return get_object_or_404(
            TenderDocument, pk=self.kwargs["document"], tender=self.get_tender()
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["with_title"] = False
        return kwargs

    def get_title(self) -> str:
        return f"Upload a new version of {self.get_document().title}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        context["intro"] = (
            f"For {self.get_tender()}. The new version becomes the one bidders see; the "
            "older versions are kept and listed on the tender page."
        )
        return context

    def call_service(self, form) -> TenderDocumentVersion:
        return services.tender_document_upload(
            actor=self.request.user,
            tender=self.get_tender(),
            document=self.get_document(),
            upload=form.cleaned_data["file"],
            media_type=form.media_type,
        )

    def get_success_message(self) -> str:
        return f"{self.result.document.title}: version {self.result.number} uploaded"


class DocumentDownloadView(View):
    """A tender document's file: the current version of a published tender's document for
    anyone (bidders and the public read them); any version, and drafts', for staff."""

    def get(self, request, pk: int) -> FileResponse:
        version = get_object_or_404(
            TenderDocumentVersion.objects.select_related("document__tender"), pk=pk
        )
        if not (request.user.has_perm(VIEW) or selectors.document_version_is_public(version)):
            raise Http404("No such document")
        return FileResponse(
            version.file.open("rb"),
            as_attachment=True,
            filename=version.name,
            content_type=version.content_type,
        )


# Questions --------------------------------------------------------------------------------


class QuestionListView(TenderMixin, PermissionMixin, TemplateView):
    """Every question about the tender, with who asked it (for the officers only): the ones
    waiting first."""

    permission_required = MANAGE
    template_name = "tendering/tender_questions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = self.get_tender()
        context.update(
            questions=selectors.tender_questions(tender),
            accepts_bids=tender.accepts_bids(),
        )
        return context


class QuestionAnswerView(TenderMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.AnswerForm
    template_name = "tendering/question_answer.html"
    title = "Answer a question"
    success_message = "The answer is published to every bidder"

    def get_question(self) -> Clarification:
        return get_object_or_404(
            Clarification, pk=self.kwargs["question"], tender=self.get_tender()
        )

    def get_initial(self) -> dict[str, Any]:
        question = self.get_question()
        return {
            "published_question": question.published_question or question.question,
            "answer": question.answer,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["question"] = self.get_question()
        context["back_url"] = reverse("tendering:tender_questions", args=[self.get_tender().pk])
        return context

    def call_service(self, form) -> Clarification:
        return services.question_answer(
            actor=self.request.user,
            question=self.get_question(),
            published_question=form.cleaned_data["published_question"],
            answer=form.cleaned_data["answer"],
        )

    def get_success_url(self) -> str:
        return reverse("tendering:tender_questions", args=[self.get_tender().pk])


class QuestionAskView(ServiceFormView):
    """A supplier asks a question about a published tender."""

    permission_required = BID
    form_class = forms.QuestionForm
    title = "Ask a question about this tender"
    success_message = (
        "Your question is sent. Its answer will be published to every bidder without your name"
    )

    def get_tender(self) -> Tender:
        if not hasattr(self, "_tender"):
            self._tender = get_object_or_404(
                Tender, pk=self.kwargs["pk"], published_at__isnull=False
            )
        return self._tender

    def get(self, request, *args, **kwargs) -> HttpResponse:
        tender = self.get_tender()
        if not tender.takes_questions():
            messages.error(request, "This tender is not taking questions now")
            return redirect("tendering:opportunity_detail", pk=tender.pk)
        return super().get(request, *args, **kwargs)

    def get_intro(self) -> str:
        tender = self.get_tender()
        last_day = tender.clarification_deadline
        until = f"the end of {last_day:%d %B %Y}" if last_day else "the deadline for bids"
        return (
            f"About {tender}. Questions can be asked until {until}. The buyer publishes each "
            "answer to every bidder, and on the tender's public page, without saying who asked."
        )

    def get_back_url(self) -> str:
        return reverse("tendering:opportunity_detail", args=[self.get_tender().pk])

    def call_service(self, form) -> Clarification:
        return services.question_ask(
            actor=self.request.user,
            tender=self.get_tender(),
            question=form.cleaned_data["question"],
        )

    def get_success_url(self) -> str:
        return self.get_back_url()


# Deadline extension -----------------------------------------------------------------------


class DeadlineExtendView(TenderMixin, ServiceFormView):
    permission_required = MANAGE
    form_class = forms.DeadlineExtendForm
    title = "Extend the deadline for bids"
    success_message = "The deadline is extended"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        tender = self.get_tender()
        if not tender.accepts_bids():
            messages.error(request, "Only the deadline of a tender open for bids can be extended")
            return redirect("tendering:tender_detail", pk=tender.pk)
        return super().get(request, *args, **kwargs)

    def get_intro(self) -> str:
        deadline = timezone.localtime(self.get_tender().deadline)
        return (
            f"The deadline is now {deadline:%d %B %Y at %H:%M}. The new one must be later. "
            "Bids stay sealed until the new deadline. The reason is shown to bidders on the "
            "tender page."
        )

    def get_back_url(self) -> str:
        return _tender_url(self.get_tender())

    def call_service(self, form) -> Any:
        return services.tender_deadline_extend(
            actor=self.request.user,
            tender=self.get_tender(),
            new_deadline=form.cleaned_data["new_deadline"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self) -> str:
        return self.get_back_url()
