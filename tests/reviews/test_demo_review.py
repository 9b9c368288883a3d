"""The demo tells one story relative to the day it is loaded (issue #14): the annual review
of the latest complete financial year has figures in every section, the public page shows
the current year's, and loading the demo a year later moves its dates by exactly a year."""

from __future__ import annotations

import io
from decimal import Decimal

from socialvalue.core.demo_clock import demo_loading
from socialvalue.domain.demo_dates import moved
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.procurement import demo as procurement_demo
from socialvalue.procurement.models import EngagementRecord, Project, StageChange
from socialvalue.reviews.figures import review_figures
from socialvalue.reviews.models import AnnualReview, Section
from socialvalue.spend import demo as spend_demo
from socialvalue.spend.models import Payment, SpendImport
from socialvalue.transparency.selectors import current_year
from tests.conftest import DEMO_TODAY

EMPTY_WORDS = ("No tenders were published", "No payments are imported", "£0.00 committed")


def _latest_complete_year() -> FinancialYear:
    this = current_year(DEMO_TODAY)
    return FinancialYear(this.start_year - 1, this.start_month)


def test_every_section_of_the_latest_complete_years_review_has_figures(demo):
    year = _latest_complete_year()
    assert year.label == "2025-26"  # on DEMO_TODAY
    figures = review_figures(year)

    # Aims and objectives: every statement has evidence, none of it an empty figure.
    for aim in figures["aims"]:
        assert aim["evidence"], f"aims: {aim['reference']} has no evidence"
        for line in aim["evidence"]:
            assert not line.startswith("0 "), f"aims: {aim['reference']}: {line}"
            assert not any(w in line for w in EMPTY_WORDS), f"aims: {aim['reference']}: {line}"

    social_value = figures["social_value"]
    assert Decimal(social_value["committed"]) > 0, "social value: nothing committed"
    assert Decimal(social_value["delivered"]) > 0, "social value: nothing delivered"
    for group in ("by_theme", "by_outcome", "by_priority"):
        assert social_value[group], f"social value: no rows {group}"

    spend = figures["spend"]
    assert spend["year"] is not None, "spend: no payments in the year"
    assert Decimal(spend["year"]["total"]) > 0, "spend: a total of nothing"
    assert year.label in [y["year"] for y in spend["trend"]], "spend: the year not in the trend"

    contracts = figures["contracts"]
    assert contracts["rows"], "contracts: none live with social value"
    assert any(row["rag"] == "green" for row in contracts["rows"]), "contracts: none on track"

    weighting = figures["weighting"]
    assert weighting["count"], "weighting: no tenders published in the year"
    assert weighting["weighted"] and weighting["meeting_minimum"], "weighting: none weighted"

    engagement = figures["engagement"]
    for row in engagement["by_kind"]:
        assert row["count"], f"engagement: no {row['kind']}"
    for key, count in engagement["taking_part"].items():
        assert count, f"engagement: nobody {key} took part"
    for key in ("organisations", "local", "region", "sme", "vcse"):
        assert engagement["reach"][key], f"engagement: reach {key} is 0"
    assert engagement["events_counted"]["events"], "engagement: no event counted"
    assert engagement["assessments_signed_off"], "engagement: no assessment signed off"
    assert engagement["assessments_with_priorities"], "engagement: no assessment with priorities"

    assert any(row["raised"] for row in figures["flags"]), "flags: none raised in the year"

    # The reviewer's conclusions: the demo's draft of that year has one for every section.
    review = AnnualReview.objects.get(start_year=year.start_year)
    for section in Section:
        assert review.conclusion(section.value), f"{section.label}: no conclusions"


def test_the_review_page_of_the_latest_complete_year_reads_no_empty_section(client_for):
    from socialvalue.accounts.roles import Role

    year = _latest_complete_year()
    page = client_for(Role.VIEWER).get(f"/reviews/{year.label}/").content.decode()
    for words in (*EMPTY_WORDS, "0 consultations", "Not written yet."):
        assert words not in page, words


def test_the_public_page_shows_this_years_spend(client, demo):
    year = current_year(DEMO_TODAY)
    page = client.get("/transparency/", {"year": year.label}).content.decode()
    assert 'id="spend-shares"' in page
    assert "No payments" not in page


def test_loading_a_year_later_moves_the_dates_by_exactly_a_year(demo):
    """Two loaders run again as on the same day a year later: the procurement demo's dates
    (projects, stage changes, events) and the demo's payments move by exactly one year."""
    later = moved(DEMO_TODAY, 1)
    projects = {p.title: p for p in Project.objects.all()}
    changes = {c.pk: c.changed_at for c in StageChange.objects.all()}
    held = {e.title: e.held_on for e in EngagementRecord.objects.all()}
    published = SpendImport.objects.get(filename=spend_demo.demo_file().name)
    paid = dict(published.payments.values_list("pk", "payment_date"))
    assert spend_demo.years_moved(published) == 1  # April 2024 into 2025-26

    with demo_loading(later):
        procurement_demo.load(io.StringIO())
        spend_demo.load(io.StringIO())

    for title in procurement_demo_titles():
        before, after = projects[title], Project.objects.get(title=title)
        for field in ("procurement_starts_on", "contract_starts_on", "contract_ends_on"):
            assert getattr(after, field) == moved(getattr(before, field), 1), (title, field)
    for pk, changed_at in changes.items():
        after = StageChange.objects.filter(pk=pk).first()
        if after is not None and after.project.title in procurement_demo_titles():
            assert after.changed_at.date() == moved(changed_at.date(), 1)
    fleet_event = "Meet the buyer: fleet maintenance and tyres"  # six weeks ahead of the clock
    for title, day in held.items():
        if title != fleet_event and EngagementRecord.objects.filter(title=title).exists():
            assert EngagementRecord.objects.get(title=title).held_on == moved(day, 1), title
    published.refresh_from_db()
    assert spend_demo.years_moved(published) == 2
    assert "payment dates moved forward 2 years" in published.message
    for pk, day in Payment.objects.filter(pk__in=paid).values_list("pk", "payment_date"):
        assert day == moved(paid[pk], 1)
    copy = SpendImport.objects.get(filename__endswith=spend_demo.COPY_SUFFIX)
    days = set(copy.payments.values_list("payment_date", flat=True))
    assert days and all(current_year(later).start <= d <= later for d in days)
    assert min(days) == moved(min(paid.values()), 2)  # the moved file, one year further on


def procurement_demo_titles() -> list[str]:
    """The projects whose dates are all the story's (written as on the reference day)."""
    return [
        "Custody healthcare and forensic medical services",
        "Fleet vehicle maintenance and tyres",
        "Victim support services in Lancashire",
        "Refurbishment of Preston custody suite",
        procurement_demo.DOMESTIC_ABUSE_TITLE,
    ]
