"""Cardinal's red-flag indicators, in DuckDB SQL over the platform's own OCDS releases.

The indicators follow the Open Contracting Partnership's definitions in the public
repository open-contracting/cardinal-rs (``docs/cli/indicators/R/<code>.md``) and keep its
codes. Cardinal reads one compiled release per contracting process; here a contracting
process is one tender (a procurement with lots has one per lot), compiled from the
releases ``transparency.ocds`` publishes: planning, tender, award, contract.

The published releases carry no ``bids`` section (losing bids are never public). The flags
are for staff who may read opened bids, so the bids of AWARDED tenders (read through
``tendering.sealing.bids_of_awarded_tenders``: an award comes after the deadline and the
opening of prices) are added in the shape of the OCDS bid extension, with each bidder as
a party with its contact e-mail. A bid is ``disqualified`` when the evaluation excluded it
(a score below a pass mark), else ``valid``. No bid of a tender before award ever reaches
this module.

``ocdscardinal.coverage`` counts the fields the compiled releases fill; an indicator whose
fields are empty everywhere is reported as not supported by the data, with its reason.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import ocdscardinal
from django.utils import timezone

from socialvalue.domain.flags import FlagCode, fences, setting_decimal
from socialvalue.domain.money import format_gbp
from socialvalue.flags.findings import Coverage, Finding
from socialvalue.tendering import evaluation_selectors, sealing
from socialvalue.tendering.models import Bid, Tender
from socialvalue.transparency import ocds
from socialvalue.transparency.selectors import public_procurements, public_tenders

CARDINAL_CODES = [c for c in FlagCode if c.value.startswith("R")]

# The OCDS fields each indicator reads (paths as ocdscardinal.coverage names them).
REQUIRED_FIELDS: dict[FlagCode, list[str]] = {
    FlagCode.R003: [
        "/tender/procurementMethod",
        "/tender/tenderPeriod/startDate",
        "/tender/tenderPeriod/endDate",
    ],
    FlagCode.R018: ["/tender/procurementMethod", "/tender/numberOfTenderers"],
    FlagCode.R024: ["/bids/details[]/value/amount", "/awards[]/suppliers[]/id"],
    FlagCode.R028: ["/bids/details[]/value/amount", "/bids/details[]/tenderers[]/id"],
    FlagCode.R030: ["/bids/details[]/date", "/tender/tenderPeriod/endDate"],
    FlagCode.R035: ["/bids/details[]/status", "/awards[]/suppliers[]/id"],
    FlagCode.R036: ["/bids/details[]/status", "/bids/details[]/value/amount"],
    FlagCode.R038: ["/bids/details[]/status", "/bids/details[]/tenderers[]/id"],
    FlagCode.R044: ["/parties[]/contactPoint/email", "/bids/details[]/tenderers[]/id"],
    FlagCode.R058: ["/bids/details[]/value/amount", "/awards[]/suppliers[]/id"],
}

# The columns DuckDB reads: fixed, so a field no release fills is NULL, not an error.
COLUMNS = {
    "id": "VARCHAR",
    "ocid": "VARCHAR",
    "tender": "STRUCT(id VARCHAR, title VARCHAR, procurementMethod VARCHAR, "
    "numberOfTenderers INTEGER, tenderPeriod STRUCT(startDate TIMESTAMPTZ, "
    "endDate TIMESTAMPTZ))",
    "awards": "STRUCT(id VARCHAR, status VARCHAR, date TIMESTAMPTZ, "
    "value STRUCT(amount DECIMAL(18,2)), suppliers STRUCT(id VARCHAR, name VARCHAR)[])[]",
    "bids": "STRUCT(details STRUCT(id VARCHAR, date TIMESTAMPTZ, status VARCHAR, "
    "value STRUCT(amount DECIMAL(18,2)), tenderers STRUCT(id VARCHAR, name VARCHAR)[])[])",
    "parties": "STRUCT(id VARCHAR, name VARCHAR, contactPoint STRUCT(email VARCHAR, "
    "telephone VARCHAR), address STRUCT(streetAddress VARCHAR, postalCode VARCHAR))[]",
}

VIEWS = """
CREATE VIEW bid AS
SELECT process, b.id AS bid_id, b.status, b.date AS received,
       b.value.amount AS amount, b.tenderers[1].id AS tenderer, b.tenderers[1].name AS name,
       len(b.tenderers) AS tenderers
FROM (SELECT id AS process, unnest(bids.details) AS b FROM releases);

CREATE VIEW award AS
SELECT process, a.status, a.suppliers[1].id AS supplier, len(a.suppliers) AS suppliers
FROM (SELECT id AS process, unnest(awards) AS a FROM releases);

CREATE VIEW party AS
SELECT process, p.id, p.name, p.contactPoint.email AS email,
       p.contactPoint.telephone AS telephone, p.address.streetAddress AS street
FROM (SELECT id AS process, unnest(parties) AS p FROM releases);

-- Processes Cardinal's price indicators (R024, R058) accept: one active award to one
-- supplier, no pending or invalid award, every bid by one tenderer, the winner the lowest.
CREATE VIEW price_gap AS
WITH single AS (
    SELECT process, any_value(supplier) AS supplier FROM award GROUP BY process
    HAVING count(*) FILTER (WHERE status = 'active') = 1
       AND count(*) FILTER (WHERE status IN ('pending', 'invalid')) = 0
       AND max(suppliers) = 1
), winner AS (
    SELECT s.process, min(b.amount) AS amount, any_value(b.name) AS name
    FROM single s JOIN bid b ON b.process = s.process AND b.tenderer = s.supplier
    WHERE b.status = 'valid' GROUP BY s.process
), runner AS (
    SELECT s.process, min(b.amount) AS amount, arg_min(b.name, b.amount) AS name
    FROM single s JOIN bid b ON b.process = s.process AND b.tenderer <> s.supplier
    WHERE b.status = 'valid' GROUP BY s.process
)
SELECT w.process, w.amount AS winning, w.name AS winner, r.amount AS second, r.name AS runner,
       (r.amount - w.amount) / w.amount AS difference
FROM winner w JOIN runner r USING (process)
WHERE w.amount > 0 AND w.amount <= r.amount
  AND w.process NOT IN (SELECT process FROM bid WHERE tenderers <> 1);
"""


@dataclass(frozen=True)
class Process:
    """What a finding names: the procurement and tender behind a compiled release."""

    project_id: int
    tender: Tender
    ocid: str


def compute(
    rules: dict[FlagCode, dict[str, str] | None], now: datetime | None = None
) -> tuple[list[Finding], list[Coverage]]:
    """Every Cardinal finding over the current data, and what the data supports.
    ``rules`` maps each code to its settings (None: the flag is switched off)."""
    records, processes = compiled_releases(now)
    with _ndjson(records) as path:
        counts = ocdscardinal.coverage(path) if records else {}
        coverage = [_coverage(code, counts) for code in CARDINAL_CODES]
        supported = {c.code for c in coverage if c.supported}
        con = duckdb.connect()
        try:
            con.execute(_LOAD, [path])
            con.execute(VIEWS)
            findings: list[Finding] = []
            for code, indicator in INDICATORS.items():
                settings = rules.get(code)
                if settings is None or code not in supported:
                    continue
                findings += indicator(con, settings, processes)
        finally:
            con.close()
    return findings, coverage


# --- Building the compiled releases --------------------------------------------------------


def compiled_releases(now: datetime | None = None) -> tuple[list[dict], dict[str, Process]]:
    """One compiled release per published tender of a public procurement, with the bids of
    awarded tenders added (see the module's docstring)."""
    opened = _opened_bids(now)
    records: list[dict] = []
    processes: dict[str, Process] = {}
    for project in public_procurements():
        releases = ocds.releases_for(project)
        planning = [r for r in releases if r["tag"] == ["planning"]]
        for tender in public_tenders(project):
            own = [r for r in releases if r["id"].endswith(f"-{tender.pk}")]
            record = compile_releases(planning + own)
            process_id = f"{ocds.ocid_for(project)}/{tender.reference}"
            record["id"] = process_id
            bids = opened.get(tender.pk)
            if bids:
                _add_bids(record, tender, bids)
            records.append(record)
            processes[process_id] = Process(project.pk, tender, ocds.ocid_for(project))
    return records, processes


def compile_releases(releases: list[dict]) -> dict:
    """Merge releases oldest first, as OCDS compiles them: objects merge field by field,
    arrays of objects with ids merge by id, anything else is replaced by the newer value."""
    compiled: dict = {}
    for release in sorted(releases, key=lambda r: (r["date"], r["id"])):
        _merge(compiled, release)
    return compiled


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        old = into.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            _merge(old, value)
        elif isinstance(old, list) and _identified(value) and _identified(old):
            by_id = {item["id"]: item for item in old}
            for item in value:
                if item["id"] in by_id:
                    _merge(by_id[item["id"]], item)
                else:
                    old.append(json.loads(json.dumps(item)))
        else:
            into[key] = json.loads(json.dumps(value))


def _identified(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "id" in i for i in value)


def _opened_bids(now: datetime | None) -> dict[int, list[tuple[Bid, bool]]]:
    """Tender id -> [(bid, disqualified)] for awarded tenders."""
    by_tender: dict[int, list[Bid]] = {}
    for bid in sealing.bids_of_awarded_tenders(now).order_by("tender_id", "pk"):
        by_tender.setdefault(bid.tender_id, []).append(bid)
    opened: dict[int, list[tuple[Bid, bool]]] = {}
    for tender_id, bids in by_tender.items():
        excluded = _excluded_bid_ids(bids[0].tender)
        opened[tender_id] = [(bid, bid.pk in excluded) for bid in bids]
    return opened


def _excluded_bid_ids(tender: Tender) -> set[int]:
    results = evaluation_selectors.tender_results(tender)
    if results.evaluation is None:
        return set()
    return {results.bids[r.bidder].pk for r in results.evaluation.excluded}


def _add_bids(record: dict, tender: Tender, bids: list[tuple[Bid, bool]]) -> None:
    details = []
    parties = {p["id"]: p for p in record.get("parties", [])}
    for bid, disqualified in bids:
        party_id = ocds.supplier_party_id(bid.supplier)
        received = bid.paper_received_at if bid.is_paper else bid.submitted_at
        details.append(
            {
                "id": f"bid-{bid.pk}",
                "date": received.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                if received
                else None,
                "status": "disqualified" if disqualified else "valid",
                "value": {"amount": float(bid.price) if bid.price is not None else None},
                "tenderers": [{"id": party_id, "name": bid.supplier.name}],
            }
        )
        party = parties.setdefault(party_id, {"id": party_id, "name": bid.supplier.name})
        if bid.supplier.contact_email:
            party["contactPoint"] = {"email": bid.supplier.contact_email.strip().lower()}
    record["bids"] = {"details": details}
    record["parties"] = list(parties.values())


@contextmanager
def _ndjson(records: list[dict]) -> Iterator[str]:
    handle, path = tempfile.mkstemp(suffix=".jsonl", prefix="ocds-flags-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        yield path
    finally:
        os.unlink(path)


def _struct_literal(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"


# The table of compiled releases, from the file (the columns are this module's constant).
_LOAD = (
    "CREATE TABLE releases AS SELECT * FROM read_json(?, format = 'newline_delimited', columns = "  # noqa: S608, E501
)
_LOAD += _struct_literal(COLUMNS) + ")"


def _coverage(code: FlagCode, counts: dict[str, int]) -> Coverage:
    missing = [path for path in REQUIRED_FIELDS[code] if not counts.get(path)]
    if not missing:
        return Coverage(code, True)
    return Coverage(code, False, "The data has no values for " + ", ".join(missing) + ".")


# --- The indicators ------------------------------------------------------------------------


def _finding(
    code: FlagCode,
    process_id: str,
    processes: dict[str, Process],
    summary: str,
    evidence: list[tuple[str, str]],
    *,
    suffix: str = "",
) -> Finding:
    process = processes[process_id]
    tender = process.tender
    day = tender.awarded_at or tender.deadline or tender.published_at
    return Finding(
        code=code,
        key=f"{process_id}{suffix}",
        title=f"{tender.reference}: {tender.title}",
        summary=summary,
        happened_on=timezone.localtime(day).date() if day else timezone.localdate(),
        evidence=[("Open Contracting ID", process.ocid), *evidence],
        project_id=process.project_id,
    )


def r003(con, settings, processes) -> list[Finding]:
    minimum = setting_decimal(settings, "minimum_days") or Decimal(15)
    rows = con.execute(
        """SELECT id, tender.tenderPeriod.startDate, tender.tenderPeriod.endDate,
                  (epoch(tender.tenderPeriod.endDate) - epoch(tender.tenderPeriod.startDate))
                  / 86400.0 AS days
           FROM releases WHERE tender.procurementMethod = 'open'
             AND tender.tenderPeriod.startDate IS NOT NULL
             AND tender.tenderPeriod.endDate IS NOT NULL AND days < ? ORDER BY id""",
        [float(minimum)],
    ).fetchall()
    return [
        _finding(
            FlagCode.R003,
            pid,
            processes,
            f"Bidders had {days:.1f} days to bid, fewer than {minimum} days.",
            [("Published", _when(start)), ("Deadline", _when(end))],
        )
        for pid, start, end, days in rows
    ]


def r018(con, settings, processes) -> list[Finding]:
    rows = con.execute(
        """SELECT id FROM releases WHERE tender.numberOfTenderers = 1
           AND tender.procurementMethod IN ('open', 'selective') ORDER BY id"""
    ).fetchall()
    return [
        _finding(
            FlagCode.R018,
            pid,
            processes,
            "Only one bid came in to an open competition.",
            [("Bids received", "1")],
        )
        for (pid,) in rows
    ]


def _price_gaps(con, settings, lower: bool) -> tuple[list[tuple], Decimal | None]:
    found = con.execute(
        "SELECT process, winning, winner, second, runner FROM price_gap ORDER BY process"
    ).fetchall()
    # The difference in exact decimals (DuckDB divides decimals as floating point).
    rows = [
        (
            pid,
            winning,
            winner,
            second,
            runner,
            (Decimal(second) - Decimal(winning)) / Decimal(winning),
        )
        for pid, winning, winner, second, runner in found
    ]
    fence = setting_decimal(settings, "fence")
    if fence is None and rows:
        bounds = fences([Decimal(r[5]) for r in rows])
        if bounds is not None:
            fence = bounds.lower if lower else bounds.upper
    if fence is None:
        return [], None
    picked = [r for r in rows if (Decimal(r[5]) <= fence if lower else Decimal(r[5]) >= fence)]
    return picked, fence


def _gap_evidence(row: tuple, fence: Decimal) -> list[tuple[str, str]]:
    _pid, winning, winner, second, runner, difference = row
    return [
        ("Winning bid", f"{winner}: {format_gbp(Decimal(winning))}"),
        ("Second-lowest valid bid", f"{runner}: {format_gbp(Decimal(second))}"),
        ("Difference", _percent(Decimal(difference))),
        ("Limit", _percent(fence)),
    ]


def r024(con, settings, processes) -> list[Finding]:
    rows, fence = _price_gaps(con, settings, lower=True)
    return [
        _finding(
            FlagCode.R024,
            row[0],
            processes,
            f"The second-lowest bid was only {_percent(Decimal(row[5]))} above the winning "
            f"bid, at or below the limit of {_percent(fence)}.",
            _gap_evidence(row, fence),
        )
        for row in rows
        if fence is not None
    ]


def r058(con, settings, processes) -> list[Finding]:
    rows, fence = _price_gaps(con, settings, lower=False)
    return [
        _finding(
            FlagCode.R058,
            row[0],
            processes,
            f"The second-lowest bid was {_percent(Decimal(row[5]))} above the winning bid, "
            f"at or above the limit of {_percent(fence)}.",
            _gap_evidence(row, fence),
        )
        for row in rows
        if fence is not None
    ]


def r028(con, settings, processes) -> list[Finding]:
    rows = con.execute(
        """SELECT process, amount, list(DISTINCT name ORDER BY name)
           FROM bid WHERE amount IS NOT NULL AND status IN ('valid', 'disqualified')
           GROUP BY process, amount HAVING count(DISTINCT tenderer) > 1
           ORDER BY process, amount"""
    ).fetchall()
    return [
        _finding(
            FlagCode.R028,
            pid,
            processes,
            f"{len(names)} different bidders bid exactly {format_gbp(Decimal(amount))}.",
            [("Bidders", ", ".join(names)), ("Price", format_gbp(Decimal(amount)))],
            suffix=f"/{amount}",
        )
        for pid, amount, names in rows
    ]


def r030(con, settings, processes) -> list[Finding]:
    rows = con.execute(
        """SELECT DISTINCT b.process, b.name, b.received, r.tender.tenderPeriod.endDate
           FROM bid b JOIN releases r ON r.id = b.process
           JOIN award a ON a.process = b.process AND a.supplier = b.tenderer
           WHERE a.status = 'active' AND b.status = 'valid'
             AND b.received > r.tender.tenderPeriod.endDate ORDER BY b.process"""
    ).fetchall()
    return [
        _finding(
            FlagCode.R030,
            pid,
            processes,
            f"The winning bid, from {name}, was received after the deadline.",
            [("Received", _when(received)), ("Deadline", _when(deadline))],
        )
        for pid, name, received, deadline in rows
    ]


def r035(con, settings, processes) -> list[Finding]:
    minimum = int(setting_decimal(settings, "minimum_disqualified") or 1)
    rows = con.execute(
        """WITH valid AS (
               SELECT process, any_value(tenderer) AS tenderer, any_value(name) AS name
               FROM bid WHERE status = 'valid' GROUP BY process
               HAVING count(DISTINCT tenderer) = 1
           ), awards AS (
               SELECT process, list(DISTINCT supplier) AS suppliers FROM award
               WHERE status = 'active' GROUP BY process
           ), out AS (
               SELECT b.process, list(DISTINCT b.name ORDER BY b.name) AS names
               FROM bid b JOIN valid v ON v.process = b.process
               WHERE b.status = 'disqualified' AND b.tenderer <> v.tenderer GROUP BY b.process
           )
           SELECT v.process, v.name, o.names FROM valid v
           JOIN awards a USING (process) JOIN out o USING (process)
           WHERE a.suppliers = [v.tenderer] AND len(o.names) >= ?
             AND v.process NOT IN (SELECT process FROM award
                                   WHERE status IN ('pending', 'invalid'))
           ORDER BY v.process""",
        [minimum],
    ).fetchall()
    return [
        _finding(
            FlagCode.R035,
            pid,
            processes,
            f"Every bid except the winner's ({name}) was disqualified: {len(names)} other "
            f"{'bidder' if len(names) == 1 else 'bidders'}.",
            [("Winner", name), ("Disqualified", ", ".join(names))],
        )
        for pid, name, names in rows
    ]


def r036(con, settings, processes) -> list[Finding]:
    rows = con.execute(
        """WITH lowest AS (
               SELECT process, min(amount) AS amount FROM bid
               WHERE amount IS NOT NULL AND status IN ('valid', 'disqualified')
               GROUP BY process
           )
           SELECT DISTINCT b.process, b.name, b.amount FROM bid b JOIN lowest l
             ON l.process = b.process AND l.amount = b.amount
           WHERE b.status = 'disqualified'
             AND b.process IN (SELECT process FROM award WHERE status = 'active')
           ORDER BY b.process"""
    ).fetchall()
    return [
        _finding(
            FlagCode.R036,
            pid,
            processes,
            f"The lowest bid, {format_gbp(Decimal(amount))} from {name}, was disqualified.",
            [("Lowest bid", f"{name}: {format_gbp(Decimal(amount))}")],
        )
        for pid, name, amount in rows
    ]


def r038(con, settings, processes) -> list[Finding]:
    """Per bidder (the platform has one buyer, so Cardinal's buyer ratio compares nothing)."""
    minimum = int(setting_decimal(settings, "minimum_submitted_bids") or 2)
    rows = con.execute(
        """SELECT tenderer, any_value(name), count(*) AS submitted,
                  count(*) FILTER (WHERE status = 'disqualified') AS disqualified,
                  list(process ORDER BY process)
           FROM bid WHERE status IN ('valid', 'disqualified')
           GROUP BY tenderer HAVING count(*) >= ? ORDER BY tenderer""",
        [minimum],
    ).fetchall()
    if not rows:
        return []
    ratios = [Decimal(d) / Decimal(s) for _t, _n, s, d, _p in rows]
    fence = setting_decimal(settings, "fence")
    if fence is None:
        bounds = fences(ratios)
        if bounds is None:
            return []
        fence = bounds.upper
    findings = []
    for (tenderer, name, submitted, disqualified, pids), ratio in zip(rows, ratios, strict=True):
        if ratio < fence or disqualified == 0:
            continue
        last = processes[pids[-1]]
        findings.append(
            Finding(
                code=FlagCode.R038,
                key=f"tenderer:{tenderer}",
                title=name,
                summary=f"{disqualified} of {name}'s {submitted} bids were disqualified "
                f"({_percent(ratio)}), at or above the limit of {_percent(fence)}.",
                happened_on=timezone.localtime(last.tender.awarded_at).date(),
                evidence=[
                    ("Bids", str(submitted)),
                    ("Disqualified", str(disqualified)),
                    ("Tenders", ", ".join(processes[p].tender.reference for p in pids)),
                ],
                supplier_id=_supplier_id(tenderer, pids, processes),
            )
        )
    return findings


def _supplier_id(party_id: str, pids: list[str], processes: dict[str, Process]) -> int | None:
    for pid in pids:
        for bid in processes[pid].tender.bids.select_related("supplier"):
            if ocds.supplier_party_id(bid.supplier) == party_id:
                return bid.supplier_id
    return None


def r044(con, settings, processes) -> list[Finding]:
    rows = con.execute(
        """WITH bidders AS (
               SELECT DISTINCT b.process, b.tenderer, b.name, p.email, p.telephone, p.street
               FROM bid b JOIN party p ON p.process = b.process AND p.id = b.tenderer
           )
           SELECT x.process, x.name, y.name,
                  CASE WHEN x.email = y.email THEN 'e-mail ' || x.email
                       WHEN x.telephone = y.telephone THEN 'telephone ' || x.telephone
                       ELSE 'address ' || x.street END
           FROM bidders x JOIN bidders y
             ON x.process = y.process AND x.tenderer < y.tenderer
           WHERE x.email = y.email OR x.telephone = y.telephone OR x.street = y.street
           ORDER BY x.process, x.name, y.name"""
    ).fetchall()
    return [
        _finding(
            FlagCode.R044,
            pid,
            processes,
            f"{first} and {second} bid for the same tender with the same {shared}.",
            [("Bidders", f"{first}, {second}"), ("Shared", shared)],
            suffix=f"/{first}/{second}",
        )
        for pid, first, second, shared in rows
    ]


INDICATORS: dict[FlagCode, Callable[..., list[Finding]]] = {
    FlagCode.R003: r003,
    FlagCode.R018: r018,
    FlagCode.R024: r024,
    FlagCode.R028: r028,
    FlagCode.R030: r030,
    FlagCode.R035: r035,
    FlagCode.R036: r036,
    FlagCode.R038: r038,
    FlagCode.R044: r044,
    FlagCode.R058: r058,
}


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def _when(moment: datetime | date | None) -> str:
    if moment is None:
        return "Not given"
    if isinstance(moment, datetime):
        return f"{timezone.localtime(moment):%d %B %Y %H:%M}"
    return f"{moment:%d %B %Y}"
