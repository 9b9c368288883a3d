"""Correcting the day or reference recorded for a published notice (notices/services.py
``notice_publication_correct``): with a reason, audited, kept in the notice's history; a
contract award notice's day moves its standstill until the contract is entered."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.contracts import services as contract_services
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.notices import selectors
from socialvalue.notices.models import Notice
from socialvalue.notices.services import notice_publication_correct, notice_publication_record
from socialvalue.notifications.models import Notification
from socialvalue.procurement.models import Project
from socialvalue.tendering.models import TenderStatus
from tests.conftest import about, assert_error
from tests.contracts.conftest import award_terms, recommended_tender

REASON = "The day the notice was drafted was recorded, not the day it was published"


@pytest.fixture
def officer(user_for):
    return user_for(Role.PROCUREMENT_OFFICER)


def _award_notice(officer, measure, supplier=None, *, enter: bool = False):
    """A tender whose award notice was recorded as published on Monday 2 March 2026 (its
    standstill ends on Wednesday 11 March); with ``enter``, its contract entered on the 12th."""
    tender, bid = recommended_tender(officer, measure, supplier=supplier)
    contract_services.award_decide(actor=officer, tender=tender, decision="Approved")
    notice_publication_record(
        actor=officer,
        project=tender.project,
        key="UK6",
        published_on=date(2026, 3, 2),
        reference="2026/S 000-000006",
    )
    if enter:
        contract_services.contract_award(
            actor=officer, tender=tender, terms=award_terms(), today=date(2026, 3, 12)
        )
    return tender, bid


def _correct(officer, project, **changes) -> Notice:
    values = {
        "key": "UK6",
        "published_on": date(2026, 3, 4),
        "reference": "2026/S 000-000006",
        "reason": REASON,
    }
    values.update(changes)
    return notice_publication_correct(actor=officer, project=project, **values)


def test_a_later_award_notice_day_moves_the_standstill_and_tells_the_bidders(
    officer, measure, user_for
):
    supplier_user = user_for(Role.SUPPLIER)
    tender, _ = _award_notice(officer, measure, supplier=supplier_user.supplier)

    notice = _correct(officer, tender.project)

    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL
    # Wednesday 4 March: 4, 5, 6, 9, 10, 11, 12 and 13 March are its 8 working days.
    assert (tender.standstill_starts_on, tender.standstill_ends_on) == (
        date(2026, 3, 4),
        date(2026, 3, 13),
    )
    event = Event.objects.get(verb="notice.corrected", **about(tender.project))
    assert event.actor == officer
    assert event.data["was"] == {"published_on": "2026-03-02", "reference": "2026/S 000-000006"}
    assert event.data["now"]["published_on"] == "2026-03-04"
    assert event.data["reason"] == REASON
    assert event.data["standstill moved"] == {"LC-T-TEST-1": "last day 2026-03-11 -> 2026-03-13"}
    assert notice.history.first().history_change_reason == REASON
    told = Notification.objects.get(user=supplier_user, title__startswith="Standstill corrected")
    assert "13 March 2026" in told.body


def test_a_long_reason_is_whole_in_the_audit_log_and_cut_to_fit_the_history(officer, measure):
    tender, _ = _award_notice(officer, measure)
    reason = "The officer typed the day the draft was saved, not the day it went live. " * 5

    notice = _correct(officer, tender.project, reason=reason)

    event = Event.objects.get(verb="notice.corrected", **about(tender.project))
    assert event.data["reason"] == reason.strip()
    kept = notice.history.first().history_change_reason
    assert len(kept) == 100
    assert kept.endswith("…")
    assert reason.startswith(kept[:-1])


def test_once_the_contract_is_entered_the_day_stays_and_the_reference_can_change(officer, measure):
    tender, _ = _award_notice(officer, measure, enter=True)

    with pytest.raises(DomainError, match="can no longer be changed") as refused:
        _correct(officer, tender.project)
    assert refused.value.code == "notice.award_date_fixed"
    notice = Notice.objects.get(project=tender.project, key="UK6")
    assert notice.published_on == date(2026, 3, 2)
    assert not Event.objects.filter(verb="notice.corrected").exists()

    _correct(officer, tender.project, published_on=date(2026, 3, 2), reference="2026/S 000-000060")
    notice.refresh_from_db()
    assert notice.reference == "2026/S 000-000060"
    tender.refresh_from_db()
    assert tender.standstill_ends_on == date(2026, 3, 11)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"published_on": date(2026, 3, 2)}, "notice.correction_unchanged"),
        ({"reason": "  "}, "notice.correction_reason_missing"),
        ({"reference": " "}, "notice.reference_missing"),
        ({"published_on": date(2099, 1, 1)}, "notice.published_in_future"),
        ({"key": "UK7"}, "notice.not_recorded"),
    ],
)
def test_a_correction_that_cannot_stand_changes_nothing(officer, measure, changes, code):
    tender, _ = _award_notice(officer, measure)
    with pytest.raises(DomainError) as refused:
        _correct(officer, tender.project, **changes)
    assert refused.value.code == code
    notice = Notice.objects.get(project=tender.project, key="UK6")
    assert (notice.published_on, notice.reference) == (date(2026, 3, 2), "2026/S 000-000006")
    tender.refresh_from_db()
    assert tender.standstill_ends_on == date(2026, 3, 11)


def test_a_reference_of_another_notice_is_refused(officer, measure):
    tender, _ = _award_notice(officer, measure)
    other = Notice.objects.exclude(project=tender.project).first()
    with pytest.raises(DomainError, match="Another notice") as refused:
        _correct(officer, tender.project, reference=other.reference.lower())
    assert refused.value.code == "notice.reference_taken"


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.EVALUATOR, Role.CONTRACT_MANAGER, Role.SUPPLIER]
)
def test_only_officers_and_administrators_correct(officer, measure, user_for, role):
    tender, _ = _award_notice(officer, measure)
    with pytest.raises(NotAllowed):
        _correct(user_for(role), tender.project)


def test_the_page_corrects_and_shows_what_is_missing(demo, client_for):
    project = Project.objects.filter(title__icontains="cleaning").order_by("pk").first()
    row = next(r for r in selectors.notices_for(project).rows if r.key.startswith("UK4"))
    url = reverse("notices:notice_correct", args=[project.pk, row.slug])
    client = client_for(Role.PROCUREMENT_OFFICER)
    detail = client.get(reverse("notices:notice_detail", args=[project.pk, row.slug]))
    assert url in detail.content.decode()
    form = client.get(url)
    assert row.published.reference in form.content.decode()
    published_on = row.published.published_on

    date_fields = {
        "published_on_0": published_on.day,
        "published_on_1": published_on.month,
        "published_on_2": published_on.year,
    }
    missing = client.post(url, {**date_fields, "reference": "2026/S 000-099999", "reason": ""})
    assert_error(missing, "reason", "Say why the record was wrong")

    done = client.post(url, {**date_fields, "reference": "2026/S 000-099999", "reason": REASON})
    assert done.status_code == 302
    assert Notice.objects.get(project=project, key=row.key).reference == "2026/S 000-099999"
    # The administrator may too; nobody else (the role matrix opens the page as each role).
    assert client_for(Role.ADMINISTRATOR).get(url).status_code == 200
