"""Payments compliance notices (UK8, s.69) and payments over £30,000 (s.70) from imported
payments: a small file whose figures are worked out by hand, imported, computed in the
background step and read back by the pages and downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from socialvalue.accounts.roles import Role
from socialvalue.domain.payment_times import Period
from socialvalue.notices import selectors
from socialvalue.spend.models import ImportStatus
from socialvalue.spend.selectors import payment_times, significant_payments
from socialvalue.spend.services import spend_import_files
from socialvalue.spend.snapshots import figures_compute
from tests.conftest import rows_for_module

# Paid, invoiced, amount: days taken in the comment.
LINES = [
    ("31/03/2026", "31/03/2026", "25000.00"),  # 0 days; first s.69 period; £30,000 with VAT
    ("31/05/2026", "01/05/2026", "100.00"),  # 30
    ("01/06/2026", "01/05/2026", "200.00"),  # 31
    ("10/07/2026", "11/05/2026", "300.00"),  # 60
    ("11/07/2026", "11/05/2026", "400.00"),  # 61
    ("01/08/2026", "", "1000.00"),  # no invoice date
    ("30/09/2026", "20/09/2026", "50.00"),  # 10
    ("01/10/2026", "01/09/2026", "60000.00"),  # 30; next period; significant
]
APRIL_TO_SEPTEMBER = Period(date(2026, 4, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def made(django_db_blocker) -> Iterator[None]:
    """The file imported and the figures computed once for the module (tests/conftest.py
    rows_for_module)."""
    yield from rows_for_module(django_db_blocker, _import_the_hand_checked_file)


@pytest.fixture
def imported(made, demo) -> None:
    pass


def _import_the_hand_checked_file() -> None:
    # The demo's copy of this year's payments (April 2026 on DEMO_TODAY) is taken out, so
    # the periods hold the hand-checked lines only.
    from socialvalue.spend.demo import COPY_SUFFIX
    from socialvalue.spend.models import SpendImport

    for copy in SpendImport.objects.filter(filename__endswith=COPY_SUFFIX):
        copy.payments.all().delete()
        copy.delete()
    text = "Payment Date,Invoice Date,Supplier,Amount\n" + "".join(
        f"{paid},{invoiced},Hand Checked Ltd,{amount}\n" for paid, invoiced, amount in LINES
    )
    (spend_import,) = spend_import_files(
        actor=None, named_contents=[("hand.csv", text.encode())], lenient=False
    )
    assert spend_import.status == ImportStatus.DONE, spend_import.problems
    figures_compute()


def _period(start: date):
    return next(p for p in payment_times().periods if p.period.start == start)


def test_figures_match_the_hand_worked_values(imported):
    figures = _period(date(2026, 4, 1))
    assert figures.period == APRIL_TO_SEPTEMBER
    assert (figures.lines, figures.dated_lines) == (6, 5)
    assert figures.average_days == Decimal("38.4")  # (30 + 31 + 60 + 61 + 10) / 5
    assert (figures.within_30, figures.within_31_to_60, figures.over_60) == (2, 2, 1)
    assert (figures.share_within_30, figures.share_31_to_60, figures.share_over_60) == (
        Decimal("40.0"),
        Decimal("40.0"),
        Decimal("20.0"),
    )
    assert figures.coverage == Decimal("83.3")  # 5 of 6 lines
    assert figures.value_coverage == Decimal("51.2")  # £1,050 of £2,050
    first = _period(date(2026, 1, 1))
    assert first.period.end == date(2026, 3, 31) and first.average_days == Decimal("0.0")
    autumn = _period(date(2026, 10, 1))
    assert autumn.average_days == Decimal("30.0") and autumn.share_within_30 == Decimal("100.0")


def test_notices_are_due_30_days_beginning_with_the_period_end(imported):
    notice = selectors.payments_notice(APRIL_TO_SEPTEMBER.key, today=date(2026, 10, 29))
    assert notice.required and notice.due_on == date(2026, 10, 29) and not notice.past_due
    late = selectors.payments_notice(APRIL_TO_SEPTEMBER.key, today=date(2026, 10, 30))
    assert late.past_due
    assert dict(notice.content())["Average number of days to pay an invoice"] == "38.4 days"
    assert "5 of 6 payment lines (83.3%)" in notice.coverage()
    # The demo's payments, of April 2025 (DEMO_TODAY's latest complete year), are before
    # s.69: shown, not required.
    old = selectors.payments_notices(date(2026, 10, 1))[0][-1]
    assert not old.required


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2025, 6, 1), date(2026, 4, 29)),  # before s.69: the first period's
        (date(2026, 4, 29), date(2026, 4, 29)),  # the period just ended, on its last day
        (date(2026, 4, 30), date(2026, 10, 29)),
        (date(2026, 10, 30), date(2027, 4, 29)),
    ],
)
def test_next_notice_due(today, due):
    assert selectors.next_payments_notice_due(today) == due


def test_the_pages_show_the_stored_figures_and_coverage(imported, client_for):
    client = client_for(Role.VIEWER)
    page = client.get(reverse("notices:payments_compliance")).content.decode()
    assert "1 April 2026 to 30 September 2026" in page and "38.4" in page
    assert "5 of 6 (83.3%)" in page
    detail = client.get(reverse("notices:payments_notice", args=[APRIL_TO_SEPTEMBER.key]))
    text = detail.content.decode()
    assert "Publish on Find a Tender by 29 October 2026" in text
    assert "40.0%" in text and "20.0%" in text and "£1,050.00 of £2,050.00 (51.2%)" in text
    assert (
        client.get(reverse("notices:payments_notice", args=["2026-04-01_2026-04-02"])).status_code
        == 404
    )
    assert client.get(reverse("notices:payments_notice", args=["nonsense"])).status_code == 404
    due = client.get(reverse("notices:due_list")).content.decode()
    assert "Payments compliance notices (UK8)" in due and "the next is due by" in due


def test_the_download_has_a_row_per_period(imported, client_for):
    response = client_for(Role.VIEWER).get(reverse("notices:payments_compliance") + "?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["Period from"] == "2026-04-01")
    assert row["Average days to pay"] == "38.4" and row["Paid in 61 days or more (%)"] == "20.0"
    assert row["Lines with an invoice date"] == "5" and row["Payment lines"] == "6"
    assert row["Publish by"] == "2026-10-29"


def test_payments_over_30000_with_vat_by_quarter(imported, client_for):
    autumn = Period(date(2026, 10, 1), date(2026, 12, 31))
    assert [p.amount for p in significant_payments(autumn)] == [Decimal("60000.00")]
    first = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert significant_payments(first) == []  # £25,000 is £30,000 with VAT: not more
    client = client_for(Role.VIEWER)
    url = reverse("spend:significant_payments")
    page = client.get(url).content.decode()  # the latest quarter by default
    assert "1 October 2026 to 31 December 2026" in page and "£60,000.00" in page
    assert "Publish by 29 January 2027" in page
    response = client.get(f"{url}?quarter={autumn.key}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Supplier"], r["Amount as paid (£)"]) for r in rows] == [
        ("Hand Checked Ltd", "60000.00")
    ]
    assert client.get(f"{url}?quarter=2030-01-01_2030-03-31").status_code == 404
    assert client.get(f"{url}?quarter=rubbish").status_code == 404
