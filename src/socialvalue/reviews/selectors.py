"""Reads of annual reviews: which years, and a review's figures (frozen once published)."""

from __future__ import annotations

from typing import Any

from socialvalue.domain.fiscal import FinancialYear
from socialvalue.policy.selectors import organisation_get
from socialvalue.reviews.models import AnnualReview
from socialvalue.transparency.selectors import current_year


def start_month() -> int:
    organisation = organisation_get()
    return organisation.financial_year_start_month if organisation else 4


def year_parse(label: str) -> FinancialYear:
    """A financial year from its label in the URL (raises ValueError)."""
    return FinancialYear.parse(label, start_month())


def review_for(year: FinancialYear) -> AnnualReview:
    """The saved review of a year, or an unsaved draft with no conclusions yet."""
    review = AnnualReview.objects.filter(start_year=year.start_year).first()
    return review or AnnualReview(start_year=year.start_year, start_month=year.start_month)


def current_figures(year: FinancialYear) -> dict[str, Any]:
    from socialvalue.reviews.figures import review_figures

    return review_figures(year)


def review_years() -> list[tuple[FinancialYear, AnnualReview | None]]:
    """This financial year, the one before and every year with a saved review, latest first."""
    reviews = {r.start_year: r for r in AnnualReview.objects.all()}
    this = current_year()
    years = {this.start_year, this.start_year - 1, *reviews}
    return [
        (FinancialYear(y, this.start_month), reviews.get(y)) for y in sorted(years, reverse=True)
    ]
