"""Tender documents (versioned), bidders' questions and their published answers (without
the asker's name), the last day for questions, and deadline extensions after publishing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from tests.conftest import assert_error
from tests.tendering.test_tenders import _tender_data
from tests.tendering.test_tenders_factory import complete_bid, draft_tender, published_tender

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.errors import DomainError
from socialvalue.tendering import selectors, services
from socialvalue.tendering.models import (
    Clarification,
    DeadlineExtension,
    Tender,
    TenderDocumentVersion,
)

pytestmark = pytest.mark.django_db

ASKER_WORDS = "We are Ribble Valley Interpreting Ltd"


@pytest.fixture
def officer(user_for) -> User:
    return user_for(Role.PROCUREMENT_OFFICER)


@pytest.fixture
def supplier1(user_for) -> User:
    return user_for(Role.SUPPLIER)


@pytest.fixture
def supplier2(demo) -> User:
    return User.objects.get(username="supplier2")


@pytest.fixture
def tender(officer) -> Tender:
    return published_tender(officer)


def _file(name: str = "spec.txt", content: bytes = b"The specification\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def _end_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _codes(error: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return {problem.code for problem in error.value.problems}


# Documents ----------------------------------------------------------------------------------


def test_officer_uploads_a_document_and_a_new_version_bidders_see_the_current(client_for, tender):
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        reverse("tendering:document_add", args=[tender.pk]),
        {"title": "Specification", "file": _file(content=b"Version one\n")},
    )
    assert response.status_code == 302
    document = tender.documents.get()
    response = client.post(
        reverse("tendering:document_version_add", args=[tender.pk, document.pk]),
        {"file": _file("spec-v2.txt", b"Version two\n")},
    )
    assert response.status_code == 302
    first, second = TenderDocumentVersion.objects.filter(document=document).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert Event.objects.filter(verb="tender.document_uploaded").count() == 2

    page = client.get(reverse("tendering:tender_detail", args=[tender.pk])).content.decode()
    assert "spec.txt" in page and "spec-v2.txt" in page  # every version, with who and when
    assert "2 (current)" in page and "officer" in page.lower()

    supplier = client_for(Role.SUPPLIER)
    page = supplier.get(reverse("tendering:opportunity_detail", args=[tender.pk])).content.decode()
    assert reverse("tendering:document_file", args=[second.pk]) in page
    assert reverse("tendering:document_file", args=[first.pk]) not in page
    download = supplier.get(reverse("tendering:document_file", args=[second.pk]))
    assert b"".join(download.streaming_content) == b"Version two\n"
    # An older version is the officers' record, not for bidders.
    assert supplier.get(reverse("tendering:document_file", args=[first.pk])).status_code == 404
    officers = client_for(Role.PROCUREMENT_OFFICER)  # the same client, signed in again
    assert officers.get(reverse("tendering:document_file", args=[first.pk])).status_code == 200


def test_the_public_page_lists_the_current_documents(client, tender, officer):
    version = services.tender_document_upload(
        actor=officer, tender=tender, title="Terms", upload=_file(), media_type="text/plain"
    )
    page = client.get(reverse("tendering:public_detail", args=[tender.pk])).content.decode()
    assert reverse("tendering:document_file", args=[version.pk]) in page
    assert client.get(reverse("tendering:document_file", args=[version.pk])).status_code == 200


def test_a_drafts_documents_are_not_seen_by_suppliers_or_the_public(client_for, client, officer):
    tender = draft_tender(officer)
    version = services.tender_document_upload(
        actor=officer, tender=tender, title="Draft terms", upload=_file(), media_type="text/plain"
    )
    url = reverse("tendering:document_file", args=[version.pk])
    assert client.get(url).status_code == 404
    assert client_for(Role.SUPPLIER).get(url).status_code == 404
    assert client_for(Role.PROCUREMENT_OFFICER).get(url).status_code == 200
    assert selectors.current_document_versions(tender) == []


def test_documents_are_added_until_the_deadline_and_not_after(tender, officer):
    just_before = tender.deadline - timedelta(seconds=1)
    services.tender_document_upload(
        actor=officer,
        tender=tender,
        title="Addendum",
        upload=_file(),
        media_type="text/plain",
        now=just_before,
    )
    with pytest.raises(DomainError) as refused:
        services.tender_document_upload(
            actor=officer,
            tender=tender,
            title="Late addendum",
            upload=_file(),
            media_type="text/plain",
            now=tender.deadline,
        )
    assert refused.value.code == "tender.documents_closed"
    assert tender.documents.count() == 1


def test_a_second_document_with_the_same_title_is_refused_on_the_title(client_for, tender):
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("tendering:document_add", args=[tender.pk])
    client.post(url, {"title": "Specification", "file": _file()})
    response = client.post(url, {"title": "specification", "file": _file()})
    assert_error(response, "title", "upload a new version of it")
    assert tender.documents.count() == 1


def test_a_file_that_is_not_what_its_name_says_is_refused(client_for, tender):
    client = client_for(Role.PROCUREMENT_OFFICER)
    response = client.post(
        reverse("tendering:document_add", args=[tender.pk]),
        {"title": "Specification", "file": _file("spec.pdf", b"MZ\x90\x00not a pdf")},
    )
    assert_error(response, "file", "is not a real PDF file")
    assert not tender.documents.exists()


# The last day for questions -----------------------------------------------------------------


def test_the_last_day_for_questions_is_before_the_day_of_the_deadline(officer):
    tender = draft_tender(officer)
    deadline_day = timezone.localdate(tender.deadline)
    data = services.TenderInput(
        project=tender.project,
        reference=tender.reference,
        title=tender.title,
        description=tender.description,
        deadline=tender.deadline,
        quality_weight=tender.quality_weight,
        price_weight=tender.price_weight,
        price_method=tender.price_method,
        abnormally_low_share=tender.abnormally_low_share,
        commitments_share=tender.commitments_share,
        past_delivery_threshold=tender.past_delivery_threshold,
        clarification_deadline=deadline_day,
    )
    with pytest.raises(DomainError) as refused:
        services.tender_update(actor=officer, tender=tender, data=data)
    assert refused.value.problems[0].field == "clarification_deadline"
    assert refused.value.code == "tender.clarification_deadline_too_late"

    data = replace(data, clarification_deadline=deadline_day - timedelta(days=1))
    tender = services.tender_update(actor=officer, tender=tender, data=data)
    assert tender.clarification_deadline == deadline_day - timedelta(days=1)


def test_the_tender_form_takes_the_last_day_for_questions_as_a_govuk_date(client_for, officer):
    tender = draft_tender(officer)
    client = client_for(Role.PROCUREMENT_OFFICER)
    deadline = timezone.localtime(tender.deadline)
    data = _tender_data(
        tender.project, reference=tender.reference, deadline=deadline.strftime("%Y-%m-%dT%H:%M")
    )
    url = reverse("tendering:tender_edit", args=[tender.pk])
    late = {
        "clarification_deadline_0": deadline.day,
        "clarification_deadline_1": deadline.month,
        "clarification_deadline_2": deadline.year,
    }
    response = client.post(url, {**data, **late})
    assert_error(response, "clarification_deadline", "must be before the day of the deadline")
    day_before = deadline - timedelta(days=1)
    in_time = {
        "clarification_deadline_0": day_before.day,
        "clarification_deadline_1": day_before.month,
        "clarification_deadline_2": day_before.year,
    }
    assert client.post(url, {**data, **in_time}).status_code == 302
    tender.refresh_from_db()
    assert tender.clarification_deadline == day_before.date()


# Questions ----------------------------------------------------------------------------------


def _with_last_day(tender: Tender, days_before_deadline: int = 3) -> Tender:
    tender.clarification_deadline = timezone.localdate(tender.deadline) - timedelta(
        days=days_before_deadline
    )
    tender.save(update_fields=["clarification_deadline"])
    return tender


def test_questions_are_taken_until_the_end_of_the_last_day_and_not_after(tender, supplier1):
    last_day = _with_last_day(tender).clarification_deadline
    question = services.question_ask(
        actor=supplier1, tender=tender, question="Is TUPE expected?", now=_end_of_day(last_day)
    )
    assert question.supplier_id == supplier1.supplier_id
    assert Event.objects.filter(verb="tender.question_asked").count() == 1
    next_morning = _end_of_day(last_day) + timedelta(seconds=1)
    with pytest.raises(DomainError) as refused:
        services.question_ask(actor=supplier1, tender=tender, question="And?", now=next_morning)
    assert refused.value.code == "question.closed"
    assert Clarification.objects.filter(tender=tender).count() == 1


def test_without_a_last_day_questions_close_with_the_bids(tender, supplier1):
    services.question_ask(
        actor=supplier1,
        tender=tender,
        question="Is TUPE expected?",
        now=tender.deadline - timedelta(seconds=1),
    )
    with pytest.raises(DomainError) as refused:
        services.question_ask(actor=supplier1, tender=tender, question="And?", now=tender.deadline)
    assert refused.value.code == "question.tender_not_open"


def test_no_questions_about_a_draft(officer, supplier1):
    with pytest.raises(DomainError) as refused:
        services.question_ask(actor=supplier1, tender=draft_tender(officer), question="Why?")
    assert refused.value.code == "question.tender_not_open"


def test_a_supplier_asks_on_the_page_and_sees_its_question_waiting(client_for, tender):
    client = client_for(Role.SUPPLIER)
    page = client.get(reverse("tendering:opportunity_detail", args=[tender.pk])).content.decode()
    assert reverse("tendering:question_ask", args=[tender.pk]) in page
    response = client.post(
        reverse("tendering:question_ask", args=[tender.pk]), {"question": "Is TUPE expected?"}
    )
    assert response.status_code == 302
    page = client.get(reverse("tendering:opportunity_detail", args=[tender.pk])).content.decode()
    assert "Is TUPE expected?" in page and "Waiting for an answer" in page
    response = client.post(reverse("tendering:question_ask", args=[tender.pk]), {"question": " "})
    assert_error(response, "question", "Enter")


def test_another_supplier_never_sees_an_unanswered_question(client_for, client, tender, supplier1):
    services.question_ask(actor=supplier1, tender=tender, question=f"{ASKER_WORDS}: TUPE?")
    for url in (
        reverse("tendering:opportunity_detail", args=[tender.pk]),
        reverse("tendering:public_detail", args=[tender.pk]),
    ):
        client.force_login(User.objects.get(username="supplier2"))
        assert ASKER_WORDS not in client.get(url).content.decode()
    client.logout()
    assert (
        ASKER_WORDS
        not in client.get(reverse("tendering:public_detail", args=[tender.pk])).content.decode()
    )


def test_the_answer_is_published_to_every_bidder_without_the_asker(
    client_for, client, tender, supplier1, supplier2, officer
):
    bid = complete_bid(tender, supplier2, submit=False)
    question = services.question_ask(
        actor=supplier1, tender=tender, question=f"{ASKER_WORDS}. May we subcontract?"
    )
    officers = client_for(Role.PROCUREMENT_OFFICER)
    listing = officers.get(reverse("tendering:tender_questions", args=[tender.pk]))
    assert supplier1.supplier.name in listing.content.decode()  # officers see who asked
    response = officers.post(
        reverse("tendering:question_answer", args=[tender.pk, question.pk]),
        {"published_question": "May bidders subcontract?", "answer": "Yes, with consent."},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_answered and question.answered_by == officer
    event = Event.objects.get(verb="tender.question_answered")
    assert event.data["reworded"] is True

    client.force_login(supplier2)
    pages = [
        client.get(reverse("tendering:opportunity_detail", args=[tender.pk])),
        client.get(reverse("tendering:bid_detail", args=[bid.pk])),
    ]
    client.logout()
    pages.append(client.get(reverse("tendering:public_detail", args=[tender.pk])))
    for response in pages:
        page = response.content.decode()
        assert "May bidders subcontract?" in page and "Yes, with consent." in page
        assert ASKER_WORDS not in page
        assert supplier1.supplier.name not in page
    # The asker sees its own question answered.
    page = client_for(Role.SUPPLIER).get(reverse("tendering:opportunity_detail", args=[tender.pk]))
    assert "Answered" in page.content.decode()


def test_an_answer_needs_its_wording_and_is_given_once(tender, supplier1, officer):
    question = services.question_ask(actor=supplier1, tender=tender, question="TUPE?")
    with pytest.raises(DomainError) as refused:
        services.question_answer(
            actor=officer, question=question, published_question=" ", answer=""
        )
    assert _codes(refused) == {"question.wording_missing", "question.answer_missing"}
    services.question_answer(
        actor=officer, question=question, published_question="TUPE?", answer="No"
    )
    with pytest.raises(DomainError) as refused:
        services.question_answer(
            actor=officer, question=question, published_question="TUPE?", answer="Yes"
        )
    assert refused.value.code == "question.already_answered"
    question.refresh_from_db()
    assert question.answer == "No"


def test_no_answer_is_published_once_the_deadline_has_passed(tender, supplier1, officer):
    question = services.question_ask(actor=supplier1, tender=tender, question="TUPE?")
    with pytest.raises(DomainError) as refused:
        services.question_answer(
            actor=officer,
            question=question,
            published_question="TUPE?",
            answer="No",
            now=tender.deadline,
        )
    assert refused.value.code == "question.tender_closed"
    services.question_answer(
        actor=officer,
        question=question,
        published_question="TUPE?",
        answer="No",
        now=tender.deadline - timedelta(seconds=1),
    )


def test_the_users_with_an_interest_are_bidders_and_askers(tender, supplier1, supplier2, demo):
    assert list(selectors.tender_interested_users(tender)) == []
    services.question_ask(actor=supplier1, tender=tender, question="TUPE?")
    assert set(selectors.tender_interested_users(tender)) == {supplier1}
    complete_bid(tender, supplier2, submit=False)
    assert set(selectors.tender_interested_users(tender)) == {supplier1, supplier2}
    supplier2.is_active = False
    supplier2.save(update_fields=["is_active"])
    assert set(selectors.tender_interested_users(tender)) == {supplier1}


# Deadline extension -------------------------------------------------------------------------


def test_officer_extends_the_deadline_with_a_reason_shown_to_bidders(client_for, client, tender):
    old = tender.deadline
    new = timezone.localtime(old + timedelta(days=7)).replace(second=0, microsecond=0)
    officers = client_for(Role.PROCUREMENT_OFFICER)
    response = officers.post(
        reverse("tendering:deadline_extend", args=[tender.pk]),
        {"new_deadline": new.strftime("%Y-%m-%dT%H:%M"), "reason": "The specification changed"},
    )
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.deadline == new
    extension = DeadlineExtension.objects.get(tender=tender)
    assert (extension.old_deadline, extension.new_deadline) == (old, new)
    event = Event.objects.get(verb="tender.deadline_extended")
    assert event.reason == "The specification changed"
    assert event.data == {"old_deadline": old.isoformat(), "new_deadline": new.isoformat()}
    for page in (
        officers.get(reverse("tendering:tender_detail", args=[tender.pk])),
        client.get(reverse("tendering:public_detail", args=[tender.pk])),
    ):
        text = page.content.decode()
        assert "Deadline extended on" in text and "The specification changed" in text
        assert timezone.localtime(old).strftime("%-d %B %Y") in text


def test_a_deadline_moves_only_later(tender, officer):
    old = tender.deadline
    for new in (old, old - timedelta(minutes=1)):
        with pytest.raises(DomainError) as refused:
            services.tender_deadline_extend(
                actor=officer, tender=tender, new_deadline=new, reason="Why not"
            )
        assert _codes(refused) == {"tender.extension_not_later"}
    services.tender_deadline_extend(
        actor=officer, tender=tender, new_deadline=old + timedelta(minutes=1), reason="Why not"
    )
    tender.refresh_from_db()
    assert tender.deadline == old + timedelta(minutes=1)


def test_an_extension_needs_a_reason(client_for, tender):
    new = timezone.localtime(tender.deadline + timedelta(days=7))
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        reverse("tendering:deadline_extend", args=[tender.pk]),
        {"new_deadline": new.strftime("%Y-%m-%dT%H:%M"), "reason": ""},
    )
    assert_error(response, "reason", "Enter")
    assert not DeadlineExtension.objects.exists()


def test_no_extension_once_the_deadline_has_passed_or_of_a_draft(tender, officer):
    later = tender.deadline + timedelta(days=7)
    with pytest.raises(DomainError) as refused:
        services.tender_deadline_extend(
            actor=officer, tender=tender, new_deadline=later, reason="x", now=tender.deadline
        )
    assert refused.value.code == "tender.extension_deadline_passed"
    services.tender_deadline_extend(
        actor=officer,
        tender=tender,
        new_deadline=later,
        reason="x",
        now=tender.deadline - timedelta(seconds=1),
    )
    with pytest.raises(DomainError) as refused:
        services.tender_deadline_extend(
            actor=officer, tender=draft_tender(officer), new_deadline=later, reason="x"
        )
    assert refused.value.code == "tender.extension_not_open"


def test_officers_home_lists_the_questions_waiting(client_for, tender, supplier1, officer):
    question = services.question_ask(actor=supplier1, tender=tender, question="TUPE?")
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = reverse("tendering:tender_questions", args=[tender.pk])
    assert url in client.get(reverse("core:home")).content.decode()
    services.question_answer(
        actor=officer, question=question, published_question="TUPE?", answer="No"
    )
    assert url not in client.get(reverse("core:home")).content.decode()


def test_a_new_deadline_that_is_not_a_date_is_refused_on_its_field(client_for, tender):
    response = client_for(Role.PROCUREMENT_OFFICER).post(
        reverse("tendering:deadline_extend", args=[tender.pk]),
        {"new_deadline": "next Friday", "reason": "More time"},
    )
    assert_error(response, "new_deadline", "Enter the new deadline as a date and time")
    tender.refresh_from_db()
    assert not DeadlineExtension.objects.exists()


def test_the_asker_sees_its_question_on_its_bid_page(client_for, tender, supplier1):
    bid = complete_bid(tender, supplier1, submit=False)
    services.question_ask(actor=supplier1, tender=tender, question="Is TUPE expected?")
    page = client_for(Role.SUPPLIER).get(reverse("tendering:bid_detail", args=[bid.pk]))
    text = page.content.decode()
    assert "Is TUPE expected?" in text and "Waiting for an answer" in text
