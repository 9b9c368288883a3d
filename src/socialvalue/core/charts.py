"""Charts drawn on the server: Vega-Altair specs rendered to SVG by vl-convert (offline).
The SVG goes inline into a page or a PDF (WeasyPrint draws it as vectors, so its labels stay
text). Every chart sits beside a table of the same figures. Spend figures' charts are drawn
once per figures snapshot (spend/snapshots.py), the public page reads them from there."""

from __future__ import annotations

import re
from decimal import Decimal

import altair as alt
import vl_convert as vlc

from socialvalue.domain.place_coverage import PLACE_SHARES, SIZE_SHARES

BLUE = "#1d70b8"
GREEN = "#00703c"
PALETTE = ["#1d70b8", "#00703c", "#d4351c", "#6f72af", "#f47738", "#505a5f"]


def chart_svg(chart: alt.Chart) -> str:
    svg = vlc.vegalite_to_svg(chart.to_dict())
    # Inline SVG: drop the XML declaration; the figure's caption describes it.
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def share_trend_chart(years: list[dict], labels: dict[str, str], *, title: str) -> str:
    """Lines of spend shares (fractions) by financial year, one line per share. A share
    with no figure, or a share resting on too little (``place_reliable`` or
    ``size_reliable`` false), is left out rather than drawn as 0%."""
    data = [
        {
            "year": row["year"],
            "share": float(Decimal(str(row["shares"][key]))) * 100,
            "measure": label,
        }
        for row in years
        for key, label in labels.items()
        if row["shares"].get(key) is not None
        and (row.get("place_reliable", True) or key not in PLACE_SHARES)
        and (row.get("size_reliable", True) or key not in SIZE_SHARES)
    ]
    chart = (
        alt.Chart(alt.Data(values=data), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Financial year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "share:Q",
                title="Share of influenceable spend (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(range=PALETTE),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
            ),
        )
        .properties(width=440, height=220)
    )
    return chart_svg(chart)
