"""Charts of spend figures: Vega-Altair specs rendered to SVG by vl-convert (offline), so
the same chart can go on a page and into a PDF. Every chart sits beside a table of its data."""

from __future__ import annotations

import base64
from decimal import Decimal

import altair as alt
import vl_convert as vlc


def share_bar_chart(rows: list[dict], *, title: str) -> str:
    """A horizontal bar chart of shares (0..1) as an ``<img>`` data URI of SVG."""
    data = [
        {"group": row["label"], "share": float(row["share"] or Decimal(0)) * 100} for row in rows
    ]
    chart = (
        alt.Chart(alt.Data(values=data), title=title)
        .mark_bar(color="#1d70b8")
        .encode(
            x=alt.X("share:Q", title="Share of spend (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("group:N", title=None, sort=None),
        )
        .properties(width=480, height=28 * max(len(data), 1))
    )
    svg = vlc.vegalite_to_svg(chart.to_dict())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
