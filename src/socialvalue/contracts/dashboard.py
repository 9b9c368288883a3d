"""The delivery dashboard: committed against delivered, in pounds (and units where one
measure is counted), grouped by contract, supplier, theme, outcome, Police and Crime Plan
priority and measure, with charts drawn as in ``spend.charts`` (Altair specs rendered to SVG
offline). Every chart sits beside a table of the same figures."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import altair as alt
import vl_convert as vlc

from socialvalue.contracts import selectors
from socialvalue.contracts.models import Contract
from socialvalue.core.exports import Column
from socialvalue.domain import delivery as rules

OWN = "Own proposals (no library measure)"


@dataclass
class Row:
    label: str
    committed_value: Decimal = Decimal("0.00")
    due_value: Decimal = Decimal("0.00")
    delivered_value: Decimal = Decimal("0.00")
    unit: str = ""  # set when every KPI in the row counts the same unit
    committed_units: Decimal = Decimal(0)
    due_units: Decimal = Decimal(0)
    delivered_units: Decimal = Decimal(0)
    units: set[str] = field(default_factory=set)
    valued: bool = False  # some KPI in the row has a value per unit (a proxy value)

    def add(self, status: selectors.KpiStatus) -> None:
        self.committed_value += status.committed_value
        self.due_value += status.due_value
        self.delivered_value += status.delivered_value
        self.committed_units += status.committed
        self.due_units += status.due
        self.delivered_units += status.delivered
        self.units.add(status.kpi.unit)
        self.valued = self.valued or status.kpi.unit_value is not None
        self.unit = next(iter(self.units)) if len(self.units) == 1 else ""

    @property
    def share(self) -> Decimal | None:
        """Delivered as a share of what was due, in pounds (in units when nothing is
        valued in pounds and one unit is counted)."""
        if self.due_value > 0:
            return rules.delivered_share(self.delivered_value, self.due_value)
        if self.unit:
            return rules.delivered_share(self.delivered_units, self.due_units)
        return None

    @property
    def share_percent(self) -> Decimal | None:
        return None if self.share is None else (self.share * 100).quantize(Decimal("0.1"))


@dataclass
class Table:
    key: str
    caption: str
    rows: list[Row]
    show_units: bool = False
    chart: str = ""  # set by the page: an <img> data URI


GroupKey = Callable[[selectors.ContractStatus, selectors.KpiStatus], Iterable[str]]


def _by_contract(c, k):
    return [str(c.contract)]


def _by_supplier(c, k):
    return [c.contract.supplier.name]


def _by_theme(c, k):
    return [k.kpi.measure.outcome.theme.title] if k.kpi.measure_id else [OWN]


def _by_outcome(c, k):
    return [k.kpi.measure.outcome.title] if k.kpi.measure_id else [OWN]


def _by_priority(c, k):
    if not k.kpi.measure_id:
        return [OWN]
    names = [str(p) for p in k.kpi.measure.priorities.all()]
    return names or ["No priority linked"]


def _by_measure(c, k):
    return [f"{k.kpi.measure.code} {k.kpi.measure.title}"] if k.kpi.measure_id else [OWN]


GROUPS: list[tuple[str, str, GroupKey, bool]] = [
    ("contract", "By contract", _by_contract, False),
    ("supplier", "By supplier", _by_supplier, False),
    ("theme", "By theme", _by_theme, False),
    ("outcome", "By outcome", _by_outcome, False),
    ("priority", "By Police and Crime Plan priority", _by_priority, False),
    ("measure", "By measure (units and pounds)", _by_measure, True),
]


def dashboard_tables(
    contracts: Iterable[Contract] | None = None, as_of: date | None = None
) -> list[Table]:
    """One table per grouping. A KPI linked to several priorities counts under each."""
    queryset = contracts if contracts is not None else Contract.objects.all()
    statuses = selectors.contract_statuses(queryset.select_related("supplier"), as_of)
    tables = []
    for key, caption, group, show_units in GROUPS:
        rows: dict[str, Row] = {}
        for status in statuses:
            for kpi in status.kpis:
                for label in group(status, kpi):
                    rows.setdefault(label, Row(label)).add(kpi)
        ordered = sorted(rows.values(), key=lambda r: (r.label == OWN, r.label))
        tables.append(Table(key, caption, ordered, show_units))
    return tables


def delivery_chart(table: Table) -> str:
    """Committed, due and delivered in pounds per row: an ``<img>`` data URI of SVG. Rows
    counted in units only are in the table, not in this chart of pounds."""
    data = [
        {"group": row.label, "what": what, "pounds": float(value)}
        for row in table.rows
        if row.valued
        for what, value in (
            ("1 Committed", row.committed_value),
            ("2 Due so far", row.due_value),
            ("3 Delivered (verified)", row.delivered_value),
        )
    ]
    chart = (
        alt.Chart(alt.Data(values=data), title=f"Social value {table.caption.lower()} (£)")
        .mark_bar()
        .encode(
            x=alt.X(
                "pounds:Q",
                title="Pounds",
                # "£10,000", not "10000" under a "£" title
                axis=alt.Axis(labelExpr="'£' + format(datum.value, ',')"),
            ),
            y=alt.Y("what:N", title=None, axis=None),
            row=alt.Row("group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
            color=alt.Color(
                "what:N",
                title=None,
                scale=alt.Scale(range=["#b1b4b6", "#1d70b8", "#00703c"]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=420, height=54)
    )
    svg = vlc.vegalite_to_svg(chart.to_dict())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass
class FlatRow:
    grouping: str
    row: Row


def flat_rows(tables: list[Table]) -> list[FlatRow]:
    return [FlatRow(t.caption, r) for t in tables for r in t.rows]


CSV_COLUMNS = (
    Column("Grouping", "grouping"),
    Column("Group", "row.label"),
    # A row counted in units only has no pounds: blank, not 0.00.
    Column("Committed (£)", lambda r: r.row.committed_value if r.row.valued else None),
    Column("Due so far (£)", lambda r: r.row.due_value if r.row.valued else None),
    Column("Delivered, verified (£)", lambda r: r.row.delivered_value if r.row.valued else None),
    Column("Delivered share of due (%)", "row.share_percent"),
    Column("Unit", "row.unit"),
    Column("Committed (units)", lambda r: r.row.committed_units if r.row.unit else None),
    Column("Due so far (units)", lambda r: r.row.due_units if r.row.unit else None),
    Column("Delivered (units)", lambda r: r.row.delivered_units if r.row.unit else None),
)
