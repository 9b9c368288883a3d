"""The annual review as HTML (the report body, shared by the page and the PDF) and as a
PDF drawn by WeasyPrint. Charts are inline SVG, so the PDF keeps them as vectors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from socialvalue.reviews.models import AnnualReview, Section
from socialvalue.transparency import charts


def report_body(review: AnnualReview, figures: dict[str, Any]) -> str:
    """The report's sections with their figures, charts and the reviewer's conclusions."""
    return render_to_string(
        "reviews/report_body.html",
        {
            "review": review,
            "figures": figures,
            "sections": {s.value: s.label for s in Section},
            "conclusions": {s.value: review.conclusion(s.value) for s in Section},
            "charts": _charts(figures),
        },
    )


def _charts(figures: dict[str, Any]) -> dict[str, str]:
    result = {}
    themes = figures["social_value"]["by_theme"]
    if any(Decimal(r["committed"]) or Decimal(r["delivered"]) for r in themes):
        result["themes"] = charts.money_bars_chart(
            themes, title="Social value by theme (£)", first="committed", second="delivered"
        )
    trend = figures["spend"]["trend"]
    if trend:
        result["spend"] = charts.share_trend_chart(
            trend, figures["spend"]["labels"], title="Spend shares by financial year"
        )
    return result


def report_pdf(review: AnnualReview, body: str, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reviews/report_pdf.html", {"review": review, "body": body})
    return HTML(string=html, base_url=base_url).write_pdf()
