"""The evaluation report (HTML, PDF, CSV) and each bidder's assessment summary (s.50).

The HTML page and the PDF render the same body template; the PDF is made by WeasyPrint from
a print page that carries its own stylesheet, so nothing is fetched over the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from socialvalue.core.errors import DomainError
from socialvalue.domain import evaluation as ev
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering.models import Bid, ConsensusScore, Score, Tender
from socialvalue.tendering.selectors import tender_model


@dataclass
class CriterionLine:
    criterion: object  # tendering.models.Criterion
    scores: list[Score]
    consensus: ConsensusScore | None
    result: ev.CriterionResult | None


@dataclass
class BidSection:
    bid: Bid
    bidder: str
    result: ev.BidResult | None
    lines: list[CriterionLine] = field(default_factory=list)
    flags: list[sel.FlagRow] = field(default_factory=list)


def report_context(tender: Tender) -> dict:
    """Everything the report shows: the model, every score with its justification, the
    moderation, the formulas, flags with answers and the recommendation."""
    if tender.prices_opened_at is None:
        raise DomainError(
            "The evaluation report is available once prices are open", code="report.prices_not_open"
        )
    results = sel.tender_results(tender)
    criteria = list(tender.criteria.all())
    bids = list(sel.submitted_bids(tender))
    names = sel.bidder_names(bids)
    scores = _scores_by_cell(tender, bids)
    consensus = {
        (c.bid_id, c.criterion_id): c
        for c in ConsensusScore.objects.filter(bid__in=bids).select_related("agreed_by")
    }
    by_bidder = {r.bidder: r for r in results.evaluation.results} if results.evaluation else {}
    sections = []
    for bid in _in_result_order(bids, names, results):
        result = by_bidder.get(names[bid.pk])
        marks = {line.code: line for line in result.criteria} if result else {}
        sections.append(
            BidSection(
                bid=bid,
                bidder=names[bid.pk],
                result=result,
                lines=[
                    CriterionLine(
                        c,
                        scores.get((bid.pk, c.pk), []),
                        consensus.get((bid.pk, c.pk)),
                        marks.get(c.code),
                    )
                    for c in criteria
                ],
                flags=[f for f in results.flags if f.bid.pk == bid.pk],
            )
        )
    return {
        "tender": tender,
        "model": tender_model(tender),
        "criteria": criteria,
        "results": results,
        "evaluation": results.evaluation,
        "sections": sections,
        "panel": [*sel.panel(tender), *sel.removed_from_panel(tender)],
        "proposals": sel.own_proposals(tender),
        "generated_at": timezone.now(),
    }


def _scores_by_cell(tender: Tender, bids: list[Bid]) -> dict[tuple[int, int], list[Score]]:
    cleared = [a for a in sel.cleared_panel(tender) if a.scores_submitted_at]
    cells: dict[tuple[int, int], list[Score]] = {}
    for s in Score.objects.filter(assignment__in=cleared, bid__in=bids).select_related(
        "assignment__evaluator"
    ):
        cells.setdefault((s.bid_id, s.criterion_id), []).append(s)
    return cells


def _in_result_order(bids: list[Bid], names: dict[int, str], results) -> list[Bid]:
    if results.evaluation is None:
        return bids
    order = {r.bidder: i for i, r in enumerate(results.evaluation.results)}
    return sorted(bids, key=lambda b: order.get(names[b.pk], len(order)))


def pdf_from(template: str, context: dict) -> bytes:
    """Render a print template to PDF with WeasyPrint."""
    from weasyprint import HTML  # imported here: loading it takes a moment

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.STATIC_ROOT)).write_pdf()


def report_pdf(tender: Tender) -> bytes:
    return pdf_from("tendering/evaluation/report_print.html", report_context(tender))


CSV_HEADER = [
    "record",
    "bidder",
    "criterion",
    "criterion title",
    "evaluator",
    "score",
    "justification or rationale",
    "marks",
    "price",
    "price score",
    "quality score",
    "social value score",
    "total",
    "rank",
    "excluded because",
]


def _consensus_text(consensus: ConsensusScore) -> str:
    if not consensus.outside_range_reason:
        return consensus.rationale
    return (
        f"{consensus.rationale} Outside the evaluators' scores because: "
        f"{consensus.outside_range_reason}"
    )


def report_table(tender: Tender) -> list[list[object]]:
    """The header, then one row per bid x criterion x evaluator with the justification, then
    the consensus rows, then one total row per bid: for the one download writer
    (core/exports.py), which keeps a bidder's text from running as a formula."""
    context = report_context(tender)
    table: list[list[object]] = [list(CSV_HEADER)]
    for section in context["sections"]:
        for line in section.lines:
            c = line.criterion
            for s in line.scores:
                table.append(
                    [
                        "evaluator score",
                        section.bidder,
                        c.code,
                        c.title,
                        sel.person(s.assignment.evaluator),
                        s.score,
                        s.justification,
                    ]
                    + [""] * 8
                )
        for line in section.lines:
            c = line.criterion
            if line.consensus is None and line.result is None:
                continue
            table.append(
                [
                    "consensus" if c.is_scored_on_scale else "commitments",
                    section.bidder,
                    c.code,
                    c.title,
                    "",
                    line.consensus.score if line.consensus else "",
                    _consensus_text(line.consensus) if line.consensus else "",
                    line.result.marks if line.result else "",
                ]
                + [""] * 7
            )
        r = section.result
        table.append(
            ["total", section.bidder, "", "", "", "", "", ""]
            + (
                [
                    r.price,
                    r.price_score,
                    r.quality_score,
                    r.social_value_score,
                    r.total,
                    r.rank or "",
                    r.excluded_reason or "",
                ]
                if r
                else [""] * 7
            )
        )
    return table


# Assessment summaries (s.50(3)) ------------------------------------------------------------


def summary_context(tender: Tender, bid: Bid) -> dict:
    """A bidder's assessment summary: its own score and the reasons per criterion (the
    moderated, consensus ones) against the decided (winning) bid's, and nothing about any
    other bidder."""
    winner_bid = tender.recommended_bid
    if winner_bid is None:
        raise DomainError(
            "Assessment summaries are written once an award is recommended",
            code="summary.no_recommendation",
        )
    results = sel.tender_results(tender)
    if results.evaluation is None:
        raise DomainError("; ".join(results.errors), code="summary.results_invalid")
    names = sel.bidder_names(sel.submitted_bids(tender))
    by_bidder = {r.bidder: r for r in results.evaluation.results}
    own = by_bidder[names[bid.pk]]
    winner = by_bidder[names[winner_bid.pk]]
    own_marks = {line.code: line for line in own.criteria}
    winner_marks = {line.code: line for line in winner.criteria}
    reasons = _rationales([bid, winner_bid])
    rows = [
        {
            "criterion": c,
            "own": own_marks.get(c.code),
            "winner": winner_marks.get(c.code),
            "rationale": reasons.get((bid.pk, c.pk), ""),
            "winner_rationale": reasons.get((winner_bid.pk, c.pk), ""),
        }
        for c in tender.criteria.all()
    ]
    return {
        "tender": tender,
        "bid": bid,
        "bidder": names[bid.pk],
        "winner_name": winner_bid.supplier.name,
        "is_winner": bid.pk == winner_bid.pk,
        "own": own,
        "winner": winner,
        "rows": rows,
        "model": tender_model(tender),
        "generated_at": timezone.now(),
    }


def _rationales(bids: list[Bid]) -> dict[tuple[int, int], str]:
    return {
        (c.bid_id, c.criterion_id): c.rationale for c in ConsensusScore.objects.filter(bid__in=bids)
    }


def summary_pdf(tender: Tender, bid: Bid) -> bytes:
    return pdf_from("tendering/evaluation/summary_print.html", summary_context(tender, bid))
