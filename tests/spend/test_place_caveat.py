"""A place share (or the SME share) resting on too little is shown as such everywhere it is
published: the spend figures page, its CSV, the API, the public page and the annual review. And a
supplier's full postcode places it by its own district on those pages."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient
from tests.conftest import DEMO_TODAY

from socialvalue.accounts.roles import Role
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.spend.models import ImportStatus
from socialvalue.spend.selectors import spend_figures
from socialvalue.spend.services import spend_import_files
from socialvalue.spend.snapshots import figures_compute
from socialvalue.suppliers.models import Supplier
from socialvalue.transparency.selectors import current_year


def _import(year, *lines: str) -> None:
    day = year.start.strftime("%d/%m/%Y")
    text = "Date,Amount,Supplier,Postcode\n" + "".join(f"{day},{line}\n" for line in lines)
    (spend_import,) = spend_import_files(
        actor=None, named_contents=[("caveat-test.csv", text.encode())], lenient=False
    )
    assert spend_import.status == ImportStatus.DONE, spend_import.problems
    # The worker computes the figures once the import commits; every reader takes those.
    figures_compute()


@pytest.fixture
def year():
    """A year without the demo's payments (they are in the latest complete financial year
    of DEMO_TODAY and the current one): the year before those."""
    this = current_year(DEMO_TODAY)
    return FinancialYear(this.start_year - 2, this.start_month)


@pytest.fixture
def mostly_unknown(demo, year):
    """A year whose spend is almost all with a supplier of no known place."""
    _import(year, "900000000.00,Nobody Knows Where Ltd,", "100000000.00,West Lancs Joinery,pr85bh")


def test_figures_page_shows_the_range_and_the_warning(client_for, mostly_unknown, year):
    page = client_for(Role.VIEWER).get("/spend/", {"year": year.label}).content.decode()
    assert "Not known: between 10.0% and 100.0%" in page  # force area: 1e8 of 1e9 known
    assert "Place shares are not known" in page
    assert 'id="place-coverage"' in page
    assert "Placed by full postcode" in page and "Estimated from the postcode sector" in page
    assert "more than the 20.0% limit" in page


def test_figures_download_has_the_range_and_the_caveat(client_for, mostly_unknown, year):
    response = client_for(Role.VIEWER).get("/spend/figures.csv", {"year": year.label})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    (row,) = rows
    assert row["Force area share"] == "Not known: between 10.0% and 100.0%"
    assert row["Placed by full postcode (£)"] == "100000000.00"
    assert "90.0% has no known place" in row["What the place shares rest on"]


def test_api_says_the_place_shares_are_not_known(user_for, mostly_unknown, year):
    client = APIClient()
    client.force_login(user_for(Role.VIEWER))
    data = client.get("/api/spend/figures/", {"year": year.label}).json()
    assert data["place_share_texts"]["force_area"] == "Not known: between 10.0% and 100.0%"
    assert data["place_coverage"]["reliable"] is False
    assert data["place_coverage"]["unknown_share"] == "0.9000"
    (period,) = data["years"]
    assert period["place_shares_reliable"] is False
    assert period["force_area_share_text"] == "Not known: between 10.0% and 100.0%"
    assert period["placed_by_postcode"] == "100000000.00"


def test_public_page_shows_the_range_not_a_figure(client, mostly_unknown, year):
    page = client.get("/transparency/", {"year": year.label}).content.decode()
    shares = page[
        page.index('id="spend-shares"') : page.index("</table>", page.index("spend-shares"))
    ]
    assert "Not known: between 10.0% and 100.0%" in shares
    assert "Place shares are not known" in page
    assert "Office for National Statistics" in page  # the postcode data's attribution


def test_annual_review_shows_the_range(client_for, mostly_unknown, year):
    page = client_for(Role.VIEWER).get(f"/reviews/{year.label}/").content.decode()
    assert "Not known: between 10.0% and 100.0%" in page
    assert "Place shares are not known" in page
    assert "Not known: between 10.0% and 100.0% in the force area" in page  # aims' evidence


def test_a_well_placed_year_shows_plain_figures(client_for, demo, year):
    _import(year, "900000000.00,West Lancs Joinery,PR8 5BH", "100000000.00,Sefton Print,PR8 5AA")
    figures = spend_figures(year=year)
    # Both suppliers in one sector (Sefton's by majority): placed by their own postcodes.
    assert figures.by_place_basis["postcode"] == Decimal("1000000000.00")
    assert figures.by_place["force_area"] == Decimal("900000000.00")
    page = client_for(Role.VIEWER).get("/transparency/", {"year": year.label}).content.decode()
    assert "90.0%" in page
    assert "Place shares are not known" not in page


# The SME share follows the same rule with the spend whose supplier's size is not known: a
# supplier missing from the register could be small or large. A year of its own, so the
# demo's payments do not move the figures.
SME_YEAR = FinancialYear(2012)


def _sized_year(small: str, unknown: str) -> None:
    Supplier.objects.create(name="Sized Small Ltd", postcode="PR1 2HE", size_band="small")
    _import(SME_YEAR, f"{small},Sized Small Ltd,PR1 2HE", f"{unknown},Size Unknown Ltd,PR1 2HE")


def test_sme_share_resting_on_too_little_is_a_range_everywhere(client, client_for, user_for, demo):
    _sized_year(small="300000.00", unknown="700000.00")
    text = "Not known: between 30.0% and 100.0%"

    (period,) = [p for p in spend_figures(year=SME_YEAR).years if p.year == SME_YEAR.label]
    assert period.size_coverage.reliable is False
    assert period.share_text("sme") == text
    page = client.get("/transparency/", {"year": SME_YEAR.label}).content.decode()
    shares = page[
        page.index('id="spend-shares"') : page.index("</table>", page.index("spend-shares"))
    ]
    assert text in shares
    assert "so the share with small and medium-sized enterprises is shown as the range" in page
    response = client_for(Role.VIEWER).get("/spend/figures.csv", {"year": SME_YEAR.label})
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["SME share"] == text
    api = APIClient()
    api.force_login(user_for(Role.VIEWER))
    (data,) = api.get("/api/spend/figures/", {"year": SME_YEAR.label}).json()["years"]
    assert data["sme_share"] is None
    assert (data["sme_share_low"], data["sme_share_high"]) == ("0.3000", "1.0000")
    assert data["sme_share_text"] == text
    assert data["size_shares_reliable"] is False
    review = client_for(Role.VIEWER).get(f"/reviews/{SME_YEAR.label}/").content.decode()
    assert text in review
    assert "so the share with small and medium-sized enterprises is shown as the range" in review


def test_an_sme_share_with_little_size_unknown_is_a_figure(client, user_for, demo):
    _sized_year(small="900000.00", unknown="100000.00")

    page = client.get("/transparency/", {"year": SME_YEAR.label}).content.decode()
    shares = page[
        page.index('id="spend-shares"') : page.index("</table>", page.index("spend-shares"))
    ]
    assert "90.0%" in shares and "Not known" not in shares
    api = APIClient()
    api.force_login(user_for(Role.VIEWER))
    (data,) = api.get("/api/spend/figures/", {"year": SME_YEAR.label}).json()["years"]
    assert data["sme_share"] == "0.9000" and data["size_shares_reliable"] is True
