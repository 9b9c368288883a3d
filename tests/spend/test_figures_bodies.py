"""Spend figures per contracting authority (issue #15): two bodies of the test's own, each
with a small payments file, and a file whose body is not stated, all in a financial year
the demo has no payments in (the demo's payments are in the latest complete year and the
current one of the day it is loaded). Each body's figures, and every body's together, are
worked out again here from the lines (plain sums, not the engine), then read from the
snapshots, the figures page, its CSV and the API."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pytest
from rest_framework.test import APIClient
from tests.conftest import DEMO_TODAY, rows_for_module
from tests.factories import ContractingAuthorityFactory

from socialvalue.accounts.roles import Role
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.policy.models import ContractingAuthority
from socialvalue.spend import selectors
from socialvalue.spend.models import FiguresSnapshot, ImportStatus, Payment, SpendImport, TimesScope
from socialvalue.spend.services import spend_import_authority_set, spend_import_files
from socialvalue.spend.snapshots import Body, figures_compute
from socialvalue.transparency.selectors import current_year

LANCASHIRE = "PR8 5BH"  # West Lancashire: in the force area
LONDON = "SW1A 1AA"  # the rest of the UK

# (supplier, postcode, amount): every supplier a private company of known place.
BODY_A = [
    ("Alpha Joinery Ltd", LANCASHIRE, "600.00"),
    ("Alpha Haulage Ltd", LONDON, "400.00"),
]
BODY_B = [
    ("Beta Catering Ltd", LANCASHIRE, "500.00"),
    ("Beta Couriers Ltd", LONDON, "1500.00"),
]
UNSTATED = [("Gamma Cleaning Ltd", LONDON, "3000.00")]


@dataclass(frozen=True)
class Expected:
    lines: int
    total: Decimal
    force_area: Decimal
    force_area_share: Decimal


def expected(*files: list[tuple[str, str, str]]) -> Expected:
    """A body's figures worked out from its lines: every line is influenceable (private
    companies), placed by its own postcode."""
    lines = [line for file in files for line in file]
    total = sum((Decimal(amount) for _, _, amount in lines), Decimal("0.00"))
    local = sum(
        (Decimal(amount) for _, postcode, amount in lines if postcode == LANCASHIRE),
        Decimal("0.00"),
    )
    share = (local / total).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return Expected(len(lines), total, local, share)


def test_the_hand_worked_figures_are_those_expected():
    """The expectations themselves, so that a slip in ``expected`` cannot hide one in the
    code."""
    assert expected(BODY_A) == Expected(2, Decimal("1000.00"), Decimal("600.00"), Decimal("0.6"))
    assert expected(BODY_B) == Expected(2, Decimal("2000.00"), Decimal("500.00"), Decimal("0.25"))
    together = expected(BODY_A, BODY_B, UNSTATED)
    assert together == Expected(5, Decimal("6000.00"), Decimal("1100.00"), Decimal("0.1833"))


def _fresh(authority: ContractingAuthority) -> ContractingAuthority:
    return ContractingAuthority.objects.get(pk=authority.pk)


def _csv(lines, year: FinancialYear) -> bytes:
    day = f"{year.start:%d/%m/%Y}"
    rows = ["Date,Amount,Supplier,Postcode"]
    rows += [f"{day},{amount},{supplier},{postcode}" for supplier, postcode, amount in lines]
    return ("\n".join(rows) + "\n").encode()


@dataclass
class Bodies:
    a: ContractingAuthority
    b: ContractingAuthority
    year: FinancialYear


@pytest.fixture(scope="module")
def made(django_db_blocker) -> Iterator[Bodies]:
    """The bodies, their files imported and the figures computed once for the module (about
    4 s each time): tests/conftest.py rows_for_module."""
    yield from rows_for_module(django_db_blocker, _make_bodies)


@pytest.fixture
def bodies(made, demo) -> Bodies:
    """Fresh copies for each test."""
    return Bodies(_fresh(made.a), _fresh(made.b), made.year)


def _make_bodies() -> Bodies:
    this = current_year(DEMO_TODAY)
    year = FinancialYear(this.start_year - 2, this.start_month)
    in_year = Payment.objects.counted().filter(payment_date__range=(year.start, year.end))
    assert not in_year.exists()  # the demo's payments are in other years
    a = ContractingAuthorityFactory(name="Test Body A", identifier="PTST-0001-AAAA", order=10)
    b = ContractingAuthorityFactory(name="Test Body B", identifier="PTST-0002-BBBB", order=11)
    for name, lines, authority in (
        ("a.csv", BODY_A, a),
        ("b.csv", BODY_B, b),
        ("unstated.csv", UNSTATED, None),
    ):
        (done,) = spend_import_files(
            actor=None,
            named_contents=[(name, _csv(lines, year))],
            lenient=False,
            contracting_authority=authority,
        )
        assert done.status == ImportStatus.DONE, done.problems
    figures_compute()  # as the worker does once the imports commit
    return Bodies(a, b, year)


def _check(figures, want: Expected) -> None:
    assert figures.lines == want.lines
    assert figures.total == want.total
    assert figures.by_place["force_area"] == want.force_area
    (period,) = figures.years
    assert period.force_area_share == want.force_area_share


def test_each_body_and_every_body_together_have_their_own_figures(bodies):
    year = bodies.year
    _check(selectors.figures_snapshot(year=year, body=Body(bodies.a)).figures, expected(BODY_A))
    _check(selectors.figures_snapshot(year=year, body=Body(bodies.b)).figures, expected(BODY_B))
    unstated = selectors.figures_snapshot(year=year, body=Body(not_stated=True)).figures
    _check(unstated, expected(UNSTATED))
    _check(selectors.figures_snapshot(year=year).figures, expected(BODY_A, BODY_B, UNSTATED))
    # Over every year, a test body's figures are its file's only; every body together
    # counts every payment (the demo's too). Summed here in Python: SQLite's SUM of a
    # decimal column is a float (5284823.03999999).
    _check(selectors.figures_snapshot(body=Body(bodies.a)).figures, expected(BODY_A))
    every = selectors.figures_snapshot().figures
    counted = Payment.objects.counted()
    assert every.lines == counted.count()
    assert every.total == sum(counted.values_list("amount", flat=True), Decimal(0))
    # And the same when public bodies count as influenceable (none here).
    with_public = selectors.figures_snapshot(
        year=year, include_public_bodies=True, body=Body(bodies.b)
    )
    _check(with_public.figures, expected(BODY_B))


def test_snapshots_are_stored_only_for_bodies_with_payments(bodies):
    lonely = ContractingAuthorityFactory(name="Test Body C", identifier="PTST-0003-CCCC", order=12)
    figures_compute()
    assert not FiguresSnapshot.objects.filter(contracting_authority=lonely).exists()
    stored_a = FiguresSnapshot.objects.filter(contracting_authority=bodies.a)
    # Every year and its one year, public bodies counted or not.
    assert sorted(stored_a.values_list("year", "include_public_bodies")) == [
        ("", False),
        ("", True),
        (bodies.year.label, False),
        (bodies.year.label, True),
    ]
    assert FiguresSnapshot.objects.filter(scope=TimesScope.NOT_STATED).count() == 4
    # A body without payments has figures of no payments, as of the last computation.
    snapshot = selectors.figures_snapshot(year=bodies.year, body=Body(lonely))
    assert snapshot.figures.lines == 0 and snapshot.figures.total == 0
    assert not snapshot.being_computed and snapshot.computed_at is not None


def test_the_figures_page_filters_by_body(bodies, client_for):
    client = client_for(Role.VIEWER)
    page = client.get("/spend/", {"year": bodies.year.label, "authority": bodies.b.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "The payments of <strong>Test Body B</strong>" in text
    assert 'id="total-spend">£2,000.00<' in text
    assert f'<option value="{bodies.b.pk}" selected>Test Body B</option>' in text
    assert 'id="body-not-stated"' in text  # one file does not say whose payments
    assert '<option value="none">Body not stated</option>' in text
    # The download links keep the filter.
    assert f"authority={bodies.b.pk}" in text[text.index("Download these figures") :]
    together = client.get("/spend/", {"year": bodies.year.label}).content.decode()
    assert 'id="total-spend">£6,000.00<' in together
    assert "The payments of every contracting authority together" in together
    none = client.get("/spend/", {"year": bodies.year.label, "authority": "none"})
    assert 'id="total-spend">£3,000.00<' in none.content.decode()


def test_a_body_without_payments_says_so(bodies, client_for):
    lonely = ContractingAuthorityFactory(name="Test Body C", identifier="PTST-0003-CCCC", order=12)
    page = client_for(Role.VIEWER).get("/spend/", {"authority": lonely.pk}).content.decode()
    assert "No payments by Test Body C." in page
    assert 'id="total-spend"' not in page and "being computed" not in page
    response = client_for(Role.VIEWER).get("/spend/figures.csv", {"authority": lonely.pk})
    (headings,) = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert headings[0] == "Financial year" and headings[-1] == "Contracting authority"


def test_an_unknown_body_on_the_page_shows_every_body_and_says_so(bodies, client_for):
    client = client_for(Role.VIEWER)
    for wrong in ("999999", "commissioner", "99999999999999999999999"):
        page = client.get("/spend/", {"year": bodies.year.label, "authority": wrong})
        text = page.content.decode()
        assert page.status_code == 200
        assert f"There is no contracting authority &#x27;{wrong}&#x27;" in text
        assert 'id="total-spend">£6,000.00<' in text  # every body together
    assert 'id="body-unknown"' not in client.get("/spend/").content.decode()
    # The other pages filtered by body fall back and say so in the same words.
    for url in ("/notices/payments-compliance/", "/spend/payments-over-30000/"):
        text = client.get(url, {"authority": "999999"}).content.decode()
        assert "There is no contracting authority &#x27;999999&#x27;" in text, url


def test_the_download_filters_by_body(bodies, client_for):
    client = client_for(Role.VIEWER)
    response = client.get(
        "/spend/figures.csv", {"year": bodies.year.label, "authority": bodies.a.pk}
    )
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["Contracting authority"] == "Test Body A"
    assert row["Total spend (£)"] == "1000.00"
    assert row["Force area (£)"] == "600.00"
    assert row["Force area share"] == "60.0%"
    response = client.get("/spend/figures.csv", {"year": bodies.year.label})
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["Contracting authority"] == "All contracting authorities"
    assert row["Total spend (£)"] == "6000.00"
    assert row["Force area share"] == "18.3%"
    xlsx = client.get("/spend/figures.xlsx", {"authority": bodies.b.pk})
    assert xlsx.status_code == 200


def test_the_api_filters_by_body(bodies, user_for):
    client = APIClient()
    client.force_login(user_for(Role.VIEWER))
    url = "/api/spend/figures/"
    data = client.get(url, {"year": bodies.year.label, "authority": bodies.b.pk}).json()
    assert data["total"] == "2000.00" and data["lines"] == 2
    assert data["contracting_authority"] == {"id": bodies.b.pk, "name": "Test Body B"}
    assert data["body"] == "Test Body B"
    (period,) = data["years"]
    assert period["force_area_share"] == "0.2500"
    none = client.get(url, {"year": bodies.year.label, "authority": "none"}).json()
    assert none["total"] == "3000.00" and none["contracting_authority"] is None
    assert none["body"] == "Body not stated"
    together = client.get(url, {"year": bodies.year.label}).json()
    assert together["total"] == "6000.00" and together["body"] == "All contracting authorities"
    assert together["years"][0]["force_area_share"] == "0.1833"


def test_the_api_refuses_an_unknown_body_naming_the_field(bodies, user_for):
    client = APIClient()
    client.force_login(user_for(Role.VIEWER))
    for wrong in ("999999", "chief", "-1", "99999999999999999999999"):
        response = client.get("/api/spend/figures/", {"authority": wrong})
        assert response.status_code == 400, wrong
        (message,) = response.json()["authority"]
        assert f"No contracting authority {wrong!r}" in message
        assert f"{bodies.a.pk} (Test Body A)" in message and "'none'" in message


def test_setting_an_imports_body_moves_its_figures(bodies, user_for):
    unstated = SpendImport.objects.get(filename="unstated.csv")
    spend_import_authority_set(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        spend_import=unstated,
        contracting_authority=bodies.a,
        reason="Body A's file",
    )
    # Until the worker computes them, the stored figures say newer ones are due.
    assert selectors.figures_snapshot(year=bodies.year, body=Body(bodies.a)).out_of_date
    figures_compute()
    a = selectors.figures_snapshot(year=bodies.year, body=Body(bodies.a))
    assert not a.out_of_date
    _check(a.figures, expected(BODY_A, UNSTATED))
    _check(a.figures, Expected(3, Decimal("4000.00"), Decimal("600.00"), Decimal("0.15")))
    _check(selectors.figures_snapshot(year=bodies.year).figures, expected(BODY_A, BODY_B, UNSTATED))
    assert not FiguresSnapshot.objects.filter(scope=TimesScope.NOT_STATED).exists()
    # Corrected again, to body B.
    spend_import_authority_set(
        actor=user_for(Role.PROCUREMENT_OFFICER),
        spend_import=unstated,
        contracting_authority=bodies.b,
        reason="It was body B's after all",
    )
    figures_compute()
    _check(
        selectors.figures_snapshot(year=bodies.year, body=Body(bodies.a)).figures,
        expected(BODY_A),
    )
    _check(
        selectors.figures_snapshot(year=bodies.year, body=Body(bodies.b)).figures,
        expected(BODY_B, UNSTATED),
    )
