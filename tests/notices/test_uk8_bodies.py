"""Payments compliance per contracting authority and UK8 notices recorded as published
(issue #15): two bodies of the test's own, each with a small payments file, and a file whose
body is not stated. Every figure is worked out again here from the lines (plain date
arithmetic, not the domain rules), on both sides of 30/31 and 60/61 days and of the period
ends 31 March / 1 April and 30 September / 1 October. The bodies are the test's own, so the
demo's payments (the Commissioner's) never mix into their figures; the services are given
the day they act on, the pages use the real day (after the first period here has ended)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from socialvalue.accounts.roles import Role
from socialvalue.audit.selectors import event_list
from socialvalue.core.errors import DomainError
from socialvalue.domain.notices import NoticeStatus
from socialvalue.domain.payment_times import Period
from socialvalue.notices import selectors, services
from socialvalue.notices.models import Notice
from socialvalue.policy.models import ContractingAuthority
from socialvalue.spend.models import ImportStatus, Payment, SpendImport
from socialvalue.spend.selectors import payment_times, significant_payments
from socialvalue.spend.services import spend_import_authority_set, spend_import_files
from socialvalue.spend.snapshots import Body, figures_compute
from tests.conftest import rows_for_module
from tests.factories import ContractingAuthorityFactory

# (paid, invoiced or None, amount)
BODY_A = [
    (date(2026, 9, 30), date(2026, 8, 1), "100.00"),  # 60 days, April-September 2026
    (date(2026, 10, 1), date(2026, 8, 1), "200.00"),  # 61 days, October-March
    (date(2026, 11, 15), None, "300.00"),  # no invoice date
    (date(2027, 1, 10), date(2027, 1, 1), "40000.00"),  # 9 days; over £30,000 with VAT
    (date(2027, 2, 20), date(2027, 2, 25), "50.00"),  # paid before the invoice: 0 days
    (date(2027, 3, 31), date(2027, 3, 1), "400.00"),  # 30 days, last day of the period
    (date(2027, 4, 1), date(2027, 3, 1), "500.00"),  # 31 days, April-September 2027
]
BODY_B = [
    (date(2026, 9, 30), date(2026, 8, 31), "110.00"),  # 30 days
    (date(2026, 10, 1), date(2026, 8, 31), "120.00"),  # 31 days
    (date(2027, 2, 15), None, "26000.00"),  # £31,200 with VAT; no invoice date
    (date(2027, 3, 31), date(2027, 1, 30), "130.00"),  # 60 days
    (date(2027, 4, 1), date(2027, 1, 30), "140.00"),  # 61 days
]
UNSTATED = [(date(2026, 12, 1), date(2026, 11, 1), "50000.00")]  # 30 days
WINTER = Period(date(2026, 10, 1), date(2027, 3, 31))
SUMMER_2026 = Period(date(2026, 4, 1), date(2026, 9, 30))
SUMMER_2027 = Period(date(2027, 4, 1), date(2027, 9, 30))


@dataclass(frozen=True)
class Expected:
    lines: int
    dated: int
    average: Decimal | None
    bands: tuple[int, int, int]


def expected(lines, period: Period) -> Expected:
    """The figures of a period worked out from the lines by hand."""
    inside = [line for line in lines if period.start <= line[0] <= period.end]
    days = [max((paid - invoiced).days, 0) for paid, invoiced, _ in inside if invoiced]
    average = None
    if days:
        average = (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    bands = (
        sum(1 for d in days if d <= 30),
        sum(1 for d in days if 31 <= d <= 60),
        sum(1 for d in days if d >= 61),
    )
    return Expected(len(inside), len(days), average, bands)


def _csv(lines, supplier: str) -> bytes:
    rows = ["Payment Date,Invoice Date,Supplier,Amount"]
    for paid, invoiced, amount in lines:
        rows.append(
            f"{paid:%d/%m/%Y},{f'{invoiced:%d/%m/%Y}' if invoiced else ''},{supplier},{amount}"
        )
    return ("\n".join(rows) + "\n").encode()


def _fresh(authority: ContractingAuthority) -> ContractingAuthority:
    return ContractingAuthority.objects.get(pk=authority.pk)


@dataclass
class Bodies:
    a: ContractingAuthority
    b: ContractingAuthority


@pytest.fixture(scope="module")
def made(django_db_blocker) -> Iterator[Bodies]:
    """The bodies, their files imported and the figures computed once for the module (about
    4 s each time): tests/conftest.py rows_for_module."""
    yield from rows_for_module(django_db_blocker, _make_bodies)


@pytest.fixture
def bodies(made, demo) -> Bodies:
    """Fresh copies for each test."""
    return Bodies(_fresh(made.a), _fresh(made.b))


def _make_bodies() -> Bodies:
    a = ContractingAuthorityFactory(name="Test Body A", identifier="PTST-0001-AAAA", order=10)
    b = ContractingAuthorityFactory(name="Test Body B", identifier="PTST-0002-BBBB", order=11)
    for lines, supplier, authority in (
        (BODY_A, "Alpha Payments Ltd", a),
        (BODY_B, "Beta Payments Ltd", b),
        (UNSTATED, "Gamma Payments Ltd", None),
    ):
        (done,) = spend_import_files(
            actor=None,
            named_contents=[(f"{supplier}.csv", _csv(lines, supplier))],
            lenient=False,
            contracting_authority=authority,
        )
        assert done.status == ImportStatus.DONE, done.problems
        assert done.contracting_authority == authority
    figures_compute()
    return Bodies(a, b)


def _figures(body: Body, period: Period):
    return next(f for f in payment_times(body).periods if f.period == period)


def _check(figures, want: Expected) -> None:
    assert (figures.lines, figures.dated_lines) == (want.lines, want.dated)
    assert figures.average_days == want.average
    assert (figures.within_30, figures.within_31_to_60, figures.over_60) == want.bands


@pytest.mark.parametrize("period", [SUMMER_2026, WINTER, SUMMER_2027])
def test_each_body_has_its_own_figures(bodies, period):
    _check(_figures(Body(bodies.a), period), expected(BODY_A, period))
    _check(_figures(Body(bodies.b), period), expected(BODY_B, period))


def test_the_hand_worked_figures_are_those_expected():
    """The expectations themselves, so that a slip in ``expected`` cannot hide one in the
    code: body A's winter is 61, 9, 0 and 30 days with one line undated."""
    assert expected(BODY_A, WINTER) == Expected(5, 4, Decimal("25.0"), (3, 0, 1))
    assert expected(BODY_B, WINTER) == Expected(3, 2, Decimal("45.5"), (0, 2, 0))
    assert expected(BODY_A, SUMMER_2027) == Expected(1, 1, Decimal("31.0"), (0, 1, 0))
    assert expected(BODY_B, SUMMER_2026) == Expected(1, 1, Decimal("30.0"), (1, 0, 0))


def test_body_not_stated_and_all_together(bodies):
    unstated = Body(not_stated=True)
    _check(_figures(unstated, WINTER), expected(UNSTATED, WINTER))
    # Every body together: every counted payment of the period, read from the database.
    together = _figures(Body(), WINTER)
    in_winter = Payment.objects.counted().filter(payment_date__range=(WINTER.start, WINTER.end))
    assert together.lines == in_winter.count()
    assert together.dated_lines == in_winter.filter(invoice_date__isnull=False).count()
    assert together.value == sum(p.amount for p in in_winter)
    # A body with no payment at all has its own (empty) figures, not every body's.
    lonely = ContractingAuthorityFactory(name="Test Body C", identifier="PTST-0003-CCCC", order=12)
    assert payment_times(Body(lonely)).periods == []


def test_payments_over_30000_by_body(bodies):
    quarter = Period(date(2027, 1, 1), date(2027, 3, 31))
    assert [p.amount for p in significant_payments(quarter, Body(bodies.a))] == [
        Decimal("40000.00")
    ]
    assert [p.amount for p in significant_payments(quarter, Body(bodies.b))] == [
        Decimal("26000.00")
    ]
    december = Period(date(2026, 10, 1), date(2026, 12, 31))
    assert [p.amount for p in significant_payments(december, Body(not_stated=True))] == [
        Decimal("50000.00")
    ]
    assert significant_payments(december, Body(bodies.a)) == []


def test_pages_and_downloads_filter_by_body(bodies, client_for):
    client = client_for(Role.VIEWER)
    url = reverse("notices:payments_compliance")
    page = client.get(f"{url}?authority={bodies.b.pk}").content.decode()
    assert "Test Body B: by reporting period" in page and "45.5" in page
    assert 'id="body-not-stated"' in page  # the unstated file is pointed out
    response = client.get(f"{url}?authority={bodies.a.pk}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    winter = next(r for r in rows if r["Period from"] == "2026-10-01")
    assert winter["Contracting authority"] == "Test Body A"
    assert winter["Average days to pay"] == "25.0" and winter["Payment lines"] == "5"
    assert winter["Lines with an invoice date"] == "4"
    assert {r["Period from"] for r in rows} == {"2026-04-01", "2026-10-01", "2027-04-01"}
    none = client.get(f"{url}?authority=none&format=csv").content.decode("utf-8-sig")
    assert "Body not stated" in none and "2026-10-01" in none
    over = reverse("spend:significant_payments")
    quarter = "2027-01-01_2027-03-31"
    response = client.get(f"{over}?quarter={quarter}&authority={bodies.b.pk}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Contracting authority"], r["Amount as paid (£)"]) for r in rows] == [
        ("Test Body B", "26000.00")
    ]
    page = client.get(f"{over}?quarter={quarter}&authority={bodies.a.pk}").content.decode()
    assert "£40,000.00" in page and "£26,000.00" not in page


def test_the_body_of_an_import_is_set_by_an_officer_and_audited(bodies, client_for, user_for):
    unstated = SpendImport.objects.get(
        contracting_authority__isnull=True, filename__startswith="Gamma"
    )
    client = client_for(Role.PROCUREMENT_OFFICER)
    detail = client.get(reverse("spend:import_detail", args=[unstated.pk])).content.decode()
    assert "Body not stated" in detail and 'id="import-set-body"' in detail
    url = reverse("spend:import_authority", args=[unstated.pk])
    refused = client.post(url, {"contracting_authority": bodies.b.pk, "reason": ""})
    assert refused.status_code == 200 and "Say how you know" in refused.content.decode()
    response = client.post(
        url, {"contracting_authority": bodies.b.pk, "reason": "Body B's December file"}
    )
    assert response.status_code == 302
    unstated.refresh_from_db()
    assert unstated.contracting_authority == bodies.b
    event = event_list(verb="spend_import.authority_set", target=unstated).get()
    assert event.reason == "Body B's December file"
    assert event.data == {"from": "", "to": "Test Body B"}
    assert event.actor == user_for(Role.PROCUREMENT_OFFICER)
    # Its payments move to body B once the figures are computed again.
    figures_compute()
    _check(_figures(Body(bodies.b), WINTER), expected(BODY_B + UNSTATED, WINTER))
    with pytest.raises(DomainError) as same:
        spend_import_authority_set(
            actor=user_for(Role.PROCUREMENT_OFFICER),
            spend_import=unstated,
            contracting_authority=bodies.b,
            reason="again",
        )
    assert same.value.code == "spend_import.authority_unchanged"
    viewer = client_for(Role.VIEWER).post(
        url, {"contracting_authority": bodies.a.pk, "reason": "x"}
    )
    assert viewer.status_code == 403


# --- UK8 notices: due per body and period, recorded as published -------------------------


def _due(bodies: Bodies, today: date) -> dict[str, NoticeStatus]:
    return {
        d.notice.period.key: d.status
        for d in selectors.payments_notices_due(today, authority=bodies.a)
    }


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2027, 3, 30), NoticeStatus.WAITING),  # the period runs: not yet due
        (date(2027, 3, 31), NoticeStatus.DUE),  # its last day: the first of the 30
        (date(2027, 4, 29), NoticeStatus.DUE),  # the 30th day
        (date(2027, 4, 30), NoticeStatus.OVERDUE),  # the 31st
    ],
)
def test_a_uk8_is_due_from_the_period_end_for_30_days(bodies, today, status):
    notice = selectors.payments_notice(WINTER.key, today, Body(bodies.a))
    assert notice.due_on == date(2027, 4, 29)
    assert notice.status == status
    listed = _due(bodies, today).get(WINTER.key)
    assert listed == (status if status != NoticeStatus.WAITING else None)


def test_the_due_list_shows_each_bodys_uk8(bodies):
    due = selectors.payments_notices_due(date(2027, 4, 10))
    mine = {(d.authority.name, d.notice.period.key) for d in due}
    assert ("Test Body A", WINTER.key) in mine and ("Test Body B", WINTER.key) in mine
    # The summer of 2026 was overdue by then too: both bodies paid in it.
    assert ("Test Body A", SUMMER_2026.key) in mine


def test_publication_is_recorded_audited_and_corrected(bodies, user_for):
    officer = user_for(Role.PROCUREMENT_OFFICER)
    today = date(2027, 4, 10)
    with pytest.raises(DomainError) as early:
        services.payments_notice_publication_record(
            actor=officer,
            authority=bodies.a,
            period=WINTER,
            published_on=date(2027, 3, 30),
            reference="2027/S 000-000801",
            today=date(2027, 3, 30),
        )
    assert early.value.code == "notice.period_not_ended"
    with pytest.raises(DomainError) as before_end:
        services.payments_notice_publication_record(
            actor=officer,
            authority=bodies.a,
            period=WINTER,
            published_on=date(2027, 3, 30),
            reference="2027/S 000-000801",
            today=today,
        )
    assert before_end.value.code == "notice.published_before_period_end"
    with pytest.raises(DomainError) as no_payments:
        services.payments_notice_publication_record(
            actor=officer,
            authority=bodies.a,
            period=Period(date(2027, 10, 1), date(2028, 3, 31)),
            published_on=today,
            reference="2027/S 000-000801",
            today=today,
        )
    assert no_payments.value.code == "notice.not_needed"
    notice = services.payments_notice_publication_record(
        actor=officer,
        authority=bodies.a,
        period=WINTER,
        published_on=date(2027, 4, 3),
        reference="2027/S 000-000801",
        today=today,
    )
    assert (notice.project, notice.contracting_authority, notice.period) == (None, bodies.a, WINTER)
    assert notice.notice_type == "UK8" and notice.key == f"UK8:{WINTER.key}"
    event = event_list(verb="notice.published", target=bodies.a).get()
    assert event.data["reference"] == "2027/S 000-000801"
    assert event.data["due_on"] == "2027-04-29"
    assert event.data["figures"]["average_days"] == "25.0"
    # Published: no longer due, even past its due day; body B's is still due.
    assert WINTER.key not in _due(bodies, date(2027, 5, 1))
    b_notice = selectors.payments_notice(WINTER.key, date(2027, 5, 1), Body(bodies.b))
    assert b_notice.status == NoticeStatus.OVERDUE
    a_notice = selectors.payments_notice(WINTER.key, date(2027, 5, 1), Body(bodies.a))
    assert a_notice.status == NoticeStatus.PUBLISHED and a_notice.published == notice
    with pytest.raises(DomainError) as twice:
        services.payments_notice_publication_record(
            actor=officer,
            authority=bodies.a,
            period=WINTER,
            published_on=today,
            reference="2027/S 000-000802",
            today=today,
        )
    assert twice.value.code == "notice.already_published"
    with pytest.raises(DomainError) as taken:
        services.payments_notice_publication_record(
            actor=officer,
            authority=bodies.b,
            period=WINTER,
            published_on=today,
            reference="2027/s 000-000801",
            today=today,
        )
    assert taken.value.code == "notice.reference_taken"
    corrected = services.payments_notice_publication_correct(
        actor=officer,
        authority=bodies.a,
        period=WINTER,
        published_on=date(2027, 4, 4),
        reference="2027/S 000-000811",
        reason="Typed the wrong reference",
        today=today,
    )
    assert (corrected.published_on, corrected.reference) == (date(2027, 4, 4), "2027/S 000-000811")
    event = event_list(verb="notice.corrected", target=bodies.a).get()
    assert event.data["was"] == {"published_on": "2027-04-03", "reference": "2027/S 000-000801"}
    assert event.data["reason"] == "Typed the wrong reference"
    assert corrected.history.first().history_change_reason == "Typed the wrong reference"


def test_the_officer_records_a_uk8_through_the_pages(bodies, client_for):
    client = client_for(Role.PROCUREMENT_OFFICER)
    # The winter of 2026-28 has ended in the test's calendar only when today is later; the
    # pages use the real day, so they record the summer of 2026 (long ended).
    notice_url = reverse("notices:payments_authority_notice", args=[SUMMER_2026.key, bodies.b.pk])
    page = client.get(notice_url).content.decode()
    assert "Test Body B (GB-PPON PTST-0002-BBBB)" in page  # prefilled with the body
    assert "30.0 days" in page and 'id="record"' in page
    record = reverse("notices:payments_notice_record", args=[SUMMER_2026.key, bodies.b.pk])
    response = client.post(
        record,
        {
            "published_on_0": "2",
            "published_on_1": "10",
            "published_on_2": "2026",
            "reference": "2026/S 000-000901",
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = client.get(notice_url).content.decode()
    assert 'id="published"' in page and "2026/S 000-000901" in page
    home = client.get(reverse("core:home")).content.decode()
    assert f"Payments compliance notice: {SUMMER_2026.label} for Test Body B" not in home
    correct = reverse("notices:payments_notice_correct", args=[SUMMER_2026.key, bodies.b.pk])
    response = client.post(
        correct,
        {
            "published_on_0": "3",
            "published_on_1": "10",
            "published_on_2": "2026",
            "reference": "2026/S 000-000901",
            "reason": "It went live the day after",
        },
    )
    assert response.status_code == 302
    assert Notice.objects.get(reference="2026/S 000-000901").published_on == date(2026, 10, 3)
    listing = client.get(
        reverse("notices:payments_compliance") + f"?authority={bodies.b.pk}"
    ).content.decode()
    assert "2026/S 000-000901" in listing
    period_page = client.get(reverse("notices:payments_notice", args=[SUMMER_2026.key]))
    text = period_page.content.decode()
    assert 'id="bodies"' in text and "Test Body A" in text and "Test Body B" in text
    # A body with no payments in a period has no notice for it.
    lonely = ContractingAuthorityFactory(name="Test Body C", identifier="PTST-0003-CCCC", order=12)
    missing = reverse("notices:payments_authority_notice", args=[SUMMER_2026.key, lonely.pk])
    assert client.get(missing).status_code == 404


def test_a_notice_has_one_shape_or_the_other(bodies, user_for):
    from socialvalue.procurement.models import Project

    project = Project.objects.order_by("pk").first()
    common = {
        "published_on": date(2027, 4, 1),
        "recorded_by": user_for(Role.PROCUREMENT_OFFICER),
        "recorded_at": "2027-04-01T10:00:00Z",
    }
    wrong = [
        # A procurement's notice with a body and a period too.
        {
            "project": project,
            "contracting_authority": bodies.a,
            "notice_type": "UK4",
            "key": "UK4",
            "period_start": WINTER.start,
            "period_end": WINTER.end,
        },
        # A UK8 without its period.
        {"contracting_authority": bodies.a, "notice_type": "UK8", "key": "UK8:x"},
        # A UK8 of a procurement.
        {"project": project, "notice_type": "UK8", "key": "UK8:y"},
        # A body's notice of another type.
        {
            "contracting_authority": bodies.a,
            "notice_type": "UK4",
            "key": "UK4:z",
            "period_start": WINTER.start,
            "period_end": WINTER.end,
        },
    ]
    for number, fields in enumerate(wrong):
        with pytest.raises(IntegrityError), transaction.atomic():
            Notice.objects.create(reference=f"BAD-{number}", **common, **fields)
