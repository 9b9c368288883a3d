"""Engagement records, files, public event registration, attendance and the reach report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialvalue.accounts.roles import Role
from socialvalue.domain.organisation_type import LegalForm
from socialvalue.procurement import selectors
from socialvalue.procurement.models import (
    EngagementAttachment,
    EngagementKind,
    EngagementRecord,
    EventRegistration,
    OrganisationSize,
)
from tests.conftest import assert_error


def _event(title: str, held_on: date, registration_open: bool = True) -> EngagementRecord:
    return EngagementRecord.objects.create(
        title=title,
        kind=EngagementKind.MEET_THE_BUYER,
        held_on=held_on,
        registration_open=registration_open,
    )


def _attended(event, organisation, postcode, size, form, attended=True):
    return EventRegistration.objects.create(
        event=event,
        name="A Person",
        organisation=organisation,
        email="a@example.org",
        postcode=postcode,
        size=size,
        legal_form=form,
        attended=attended,
    )


S, M, L = OrganisationSize.SMALL, OrganisationSize.MEDIUM, OrganisationSize.LARGE
CO, CH, CIC = LegalForm.COMPANY, LegalForm.CHARITY, LegalForm.CIC


def test_reach_report_on_known_data(demo):
    EventRegistration.objects.all().delete()
    june = _event("June event", date(2025, 6, 10))
    february = _event("February event", date(2026, 2, 3))
    may = _event("May event", date(2026, 5, 20))
    # June 2025 (year 2025-26): Preston charity, Manchester SME, Leeds large company.
    _attended(june, "Preston Aid", "PR1 2AA", S, CH)
    _attended(june, "Manchester Metalwork", "M1 1AE", M, CO)
    _attended(june, "Leeds Logistics", "LS1 4AP", L, CO)
    _attended(june, "No Show Ltd", "PR1 2AB", S, CO, attended=False)  # not counted
    # February 2026 (same year): Preston Aid again (counted once in the year), Blackpool CIC.
    _attended(february, "preston aid ", "PR1 2AA", S, CH)
    _attended(february, "Blackpool Bikes CIC", "FY1 1AA", S, CIC)
    # May 2026 (year 2026-27): Preston Aid a third time, Edinburgh SME.
    _attended(may, "Preston Aid", "PR1 2AA", S, CH)
    _attended(may, "Edinburgh Edge", "EH1 1AA", S, CO)

    report = selectors.reach_report()
    by_event = {event.title: reach for event, reach in report.events}
    june_reach = by_event["June event"]
    assert (june_reach.total, june_reach.local, june_reach.region) == (3, 1, 1)
    assert (june_reach.sme, june_reach.vcse) == (2, 1)
    feb = by_event["February event"]
    assert (feb.total, feb.local, feb.region, feb.sme, feb.vcse) == (2, 2, 0, 2, 2)
    years = {year.label: year for year in report.years}
    first = years["2025-26"]
    assert (first.total, first.local, first.region, first.sme, first.vcse) == (4, 2, 1, 3, 2)
    second = years["2026-27"]
    assert (second.total, second.local, second.region, second.sme, second.vcse) == (2, 1, 0, 2, 1)
    assert report.local_name == "Lancashire police force area"


def test_reach_page_shows_the_demo_event(client_for):
    page = client_for(Role.VIEWER).get("/engagement/reach/").content.decode()
    assert "Meet the buyer: custody healthcare" in page
    assert "2026-27" in page


def _registration(**changes):
    data = {
        "name": "Jan Smith",
        "organisation": "Chorley Community Cafe",
        "email": "jan@example.org",
        "postcode": "pr7 1dp",
        "size": "micro",
        "legal_form": "community_group",
        "interests": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "12345"}, "postcode", "Enter a full UK postcode"),
        ({"postcode": "PR7"}, "postcode", "Enter a full UK postcode"),
        ({"email": "not an email"}, "email", "Enter a valid email address"),
        ({"name": ""}, "name", "This field is required"),
        ({"size": "huge"}, "size", "Select a valid choice"),
    ],
)
def test_public_registration_bad_input(demo, client, changes, field, message):
    event = EngagementRecord.objects.get(registration_open=True)
    before = EventRegistration.objects.count()
    response = client.post(f"/events/{event.pk}/register/", _registration(**changes))
    assert_error(response, field, message)
    assert EventRegistration.objects.count() == before


def test_public_registration_without_signing_in(demo, client):
    event = EngagementRecord.objects.get(registration_open=True)
    response = client.post(f"/events/{event.pk}/register/", _registration())
    assert response["Location"] == "/events/"
    saved = EventRegistration.objects.get(organisation="Chorley Community Cafe")
    assert saved.postcode == "PR7 1DP"
    assert saved.is_vcse and saved.is_sme
    assert saved.attended is None


def test_closed_event_link_says_registration_has_closed(demo, client):
    closed = EngagementRecord.objects.get(title="Meet the buyer: custody healthcare")
    assert not closed.registration_open
    page = client.get(f"/events/{closed.pk}/register/")
    assert page.status_code == 200
    assert "Registration has closed" in page.content.decode()
    assert 'name="organisation"' not in page.content.decode()


def test_internal_record_has_no_public_page(demo, client):
    consultation = EngagementRecord.objects.filter(
        kind=EngagementKind.CONSULTATION, registration_open=False
    ).first()
    assert client.get(f"/events/{consultation.pk}/register/").status_code == 404


def test_registration_closes_when_the_event_starts(demo, client):
    from datetime import datetime, time

    from django.utils import timezone
    from freezegun import freeze_time

    event = _event("Morning event", date(2026, 6, 1))
    event.starts_at = time(10, 0)
    event.save()
    url = f"/events/{event.pk}/register/"
    before_start = timezone.make_aware(datetime(2026, 6, 1, 9, 59))
    with freeze_time(before_start):
        assert event in selectors.events_open_for_registration()
        assert 'name="organisation"' in client.get(url).content.decode()
        assert client.post(url, _registration()).status_code == 302
    with freeze_time(timezone.make_aware(datetime(2026, 6, 1, 10, 0))):
        assert event not in selectors.events_open_for_registration()
        page = client.get(url).content.decode()
        assert "This event has started or already taken place" in page
        assert client.post(url, _registration(organisation="Late Ltd")).status_code == 200
    assert EventRegistration.objects.filter(event=event).count() == 1
    # Without a start time, registration closes at the start of the event's day.
    event.starts_at = None
    event.save()
    with freeze_time(before_start):
        assert not event.registration_is_open()


def test_public_event_list_shows_open_events_only(demo, client):
    page = client.get("/events/").content.decode()
    assert "Meet the buyer: fleet" in page or "Register" in page
    assert "Meet the buyer: custody healthcare" not in page
    for event in selectors.events_open_for_registration():
        assert f"/events/{event.pk}/register/" in page


def test_counts_entered_feed_the_reach_report(demo, client_for):
    event = _event("Counted event", date(2026, 2, 3), registration_open=False)
    event.local_count, event.sme_count, event.vcse_count = 12, 9, 2
    event.save()
    report = selectors.reach_report()
    assert event in report.entered_events
    year = next(y for y in report.entered_years if y.label == "2025-26")
    assert (year.local, year.sme, year.vcse) >= (12, 9, 2)
    page = client_for(Role.VIEWER).get("/engagement/reach/").content.decode()
    assert "Counted event" in page and "Counts entered by officers" in page
    csv = client_for(Role.VIEWER).get("/engagement/reach/?format=csv").content.decode()
    assert "Counts entered, event" in csv and "Counted event" in csv


def test_officer_records_attendance(client_for, user_for):
    event = EngagementRecord.objects.get(title="Meet the buyer: custody healthcare")
    tom, lee = event.registrations.get(name="Tom Walsh"), event.registrations.get(name="Lee Hart")
    client = client_for(Role.PROCUREMENT_OFFICER)
    client.post(f"/engagement/{event.pk}/attendance/", {"attended": [str(lee.pk)]})
    tom.refresh_from_db()
    lee.refresh_from_db()
    assert (tom.attended, lee.attended) == (False, True)
    assert lee.attendance_recorded_by == user_for(Role.PROCUREMENT_OFFICER)


def test_engagement_record_bad_input(client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    before = EngagementRecord.objects.count()
    data = {
        "title": "",
        "kind": "consultation",
        "held_on": "2026-13-40",
        "local_count": "-1",
        "sme_count": "0",
        "vcse_count": "0",
        "equality_groups_count": "0",
    }
    response = client.post("/engagement/new/", data)
    assert_error(response, "title", "This field is required")
    assert_error(response, "held_on", "must be a real date, for example 27 3 2026")
    assert_error(response, "local_count", "greater than or equal to 0")
    assert EngagementRecord.objects.count() == before


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_type_and_size_are_checked(client_for, media):
    event = EngagementRecord.objects.get(registration_open=True)
    client = client_for(Role.PROCUREMENT_OFFICER)
    url = f"/engagement/{event.pk}/files/new/"
    exe = SimpleUploadedFile("tool.exe", b"MZ...", content_type="application/octet-stream")
    assert_error(client.post(url, {"file": exe}), "file", "tool.exe must be a PDF")
    big = SimpleUploadedFile("notes.txt", b"x" * (10 * 1024 * 1024 + 1), content_type="text/plain")
    assert_error(client.post(url, {"file": big}), "file", "smaller than 10 MB")
    disguised = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00", content_type="application/pdf")
    assert_error(client.post(url, {"file": disguised}), "file", "not a real PDF file")
    assert not EngagementAttachment.objects.exists()
    notes = SimpleUploadedFile(
        "notes.txt", b"Who came and what they said", content_type="text/plain"
    )
    assert client.post(url, {"file": notes}).status_code == 302
    attachment = EngagementAttachment.objects.get()
    assert attachment.size == 27
    download = client_for(Role.VIEWER).get(f"/engagement/files/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"Who came and what they said"


def test_past_event_takes_no_registrations_even_if_left_open(demo, client):
    past = EngagementRecord.objects.get(title="Meet the buyer: custody healthcare")
    past.registration_open = True
    past.save()
    assert past.title not in client.get("/opportunities/").content.decode()
    assert "Registration has closed" in client.get(f"/events/{past.pk}/register/").content.decode()
    before = EventRegistration.objects.count()
    response = client.post(f"/events/{past.pk}/register/", _registration())
    assert "Registration has closed" in response.content.decode()
    assert EventRegistration.objects.count() == before


def test_reach_places_an_attendee_by_its_own_postcode(demo):
    # PR8 5 is mostly in Sefton (outside the force area); PR8 5BH is in West Lancashire.
    EventRegistration.objects.all().delete()
    event = _event("Southport event", date(2025, 6, 10))
    _attended(event, "West Lancs Joinery", "pr85bh", S, CO)
    _attended(event, "Southport Print", "PR8 5AA", S, CO)
    (reach,) = [reach for _, reach in selectors.reach_report().events]
    assert (reach.total, reach.local, reach.region) == (2, 1, 1)
