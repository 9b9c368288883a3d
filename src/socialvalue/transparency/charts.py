"""Charts of the public figures and the annual review: Vega-Altair specs rendered to SVG
by vl-convert (offline). The SVG goes inline into the page and the PDF (WeasyPrint draws it
as vectors, so its labels stay text). Every chart sits beside a table of the same figures."""

from __future__ import annotations

from decimal import Decimal

import altair as alt

from socialvalue.core.charts import BLUE, GREEN, chart_svg, share_trend_chart

__all__ = ["money_bars_chart", "share_trend_chart"]


def money_bars_chart(rows: list[dict], *, title: str, first: str, second: str) -> str:
    """Paired horizontal bars of two money amounts (e.g. committed and delivered) by group.
    ``rows``: [{"label": ..., first: Decimal|str, second: Decimal|str}]."""
    data = []
    for row in rows:
        for key in (first, second):
            data.append(
                {
                    "group": row["label"],
                    "amount": float(Decimal(str(row[key] or 0))),
                    "measure": key.replace("_", " ").capitalize(),
                }
            )
    chart = (
        alt.Chart(alt.Data(values=data), title=title)
        .mark_bar()
        .encode(
            x=alt.X(
                "amount:Q",
                title="Pounds",
                # "£10,000", not "10000" under a "£" title
                axis=alt.Axis(labelExpr="'£' + format(datum.value, ',')"),
            ),
            y=alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("measure:N"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(range=[BLUE, GREEN]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=360, height=max(len(rows), 1) * 36)
    )
    return chart_svg(chart)
