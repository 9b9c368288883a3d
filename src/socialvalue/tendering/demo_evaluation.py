"""Demo evaluations, run at the end of the tendering demo (``tendering.demo``).

* LC-2026-014 custody healthcare, part-way: evaluator1 and evaluator2 on the panel with no
  conflict; evaluator1 has submitted every score, evaluator2 has scored one bid so far.
* LC-2026-009 cleaning, done: both evaluators scored and submitted (one criterion two points
  apart, so moderation had a flag), the scores they agreed on accepted together per
  criterion and the others agreed at moderation, moderation complete, prices open,
  every flag answered and the award recommended to the top-ranked bid.

Everything goes through ``evaluation_services`` (so the audit log reads like real use) and
each step runs only when not done yet: running the demo twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from socialvalue.accounts.models import User
from socialvalue.core.demo_clock import demo_calendar
from socialvalue.tendering import evaluation_selectors as sel
from socialvalue.tendering import evaluation_services as services
from socialvalue.tendering.models import Bid, Tender, TenderStatus

# The tenders' references as on the reference day (their year moves with the story).
CUSTODY = (2026, "014")
CLEANING = (2026, "009")

# Consensus on the cleaning tender, per supplier number and criterion; evaluator1 scored
# these, evaluator2 the same except where EVALUATOR2_DIFFERS says otherwise.
CLEANING_SCORES = {
    "IP031205": {"Q1": 4, "Q2": 4, "Q3": 5, "SV1": 4},
    "09000001": {"Q1": 4, "Q2": 4, "Q3": 3, "SV1": 4},
    "12000002": {"Q1": 3, "Q2": 3, "Q3": 3, "SV1": 3},
}
EVALUATOR2_DIFFERS = {("12000002", "Q2"): 1, ("09000001", "Q3"): 4}
CONSENSUS_CHANGES = {("12000002", "Q2"): 2}
CUSTODY_SCORES = {
    "09000001": {"Q1": 4, "Q2": 4, "Q3": 3, "SV1": 4},
    "12000002": {"Q1": 3, "Q2": 3, "Q3": 4, "SV1": 5},
    "11000004": {"Q1": 3, "Q2": 2, "Q3": 4, "SV1": 2},
}
JUSTIFICATIONS = {
    5: "Exceeds the requirement, with evidence for every claim.",
    4: "Meets the requirement with some added value; the plan is specific and evidenced.",
    3: "Meets the requirement; the response is sound but gives little beyond it.",
    2: "Meets some of the requirement: the response leaves gaps we would have to manage.",
    1: "Significant gaps: the response does not say how the requirement will be met.",
    0: "No response, or it does not meet the requirement.",
}
FLAG_ANSWERS = {
    "abnormally low price": "We asked the bidder to explain its price. As a workers' "
    "co-operative it has lower overheads and no shareholder return; its wage rates meet the "
    "Real Living Wage and its staffing hours match the specification. The price is sustainable.",
    "commitments worth a large share of the price": "We checked the delivery plan: the "
    "commitments are spend the bidder makes anyway, so they come at no extra cost.",
    "past social value delivery fell short": "We discussed the shortfall with the bidder; "
    "the new contract has quarterly reviews of its social value delivery.",
    "own proposal without an agreed value": "The panel could not agree a fair value, so the "
    "proposal counts £0 and is recorded only as a qualitative promise.",
}


def load(stdout) -> None:
    officer = User.objects.filter(username="officer").first()
    evaluators = list(User.objects.filter(username__in=["evaluator1", "evaluator2"]))
    if officer is None or len(evaluators) != 2:
        return
    evaluators.sort(key=lambda u: u.username)
    custody = Tender.objects.filter(reference=_reference(*CUSTODY)).first()
    cleaning = Tender.objects.filter(reference=_reference(*CLEANING)).first()
    if custody is not None and custody.deadline_passed():
        _custody(custody, officer, evaluators)
    if cleaning is not None and cleaning.deadline_passed():
        _cleaning(cleaning, officer, evaluators)
    stdout.write("Evaluation: custody tender part-way, cleaning tender recommended for award.")


def _reference(year: int, number: str) -> str:
    return f"LC-{demo_calendar().year(year)}-{number}"


def _panel(tender: Tender, officer: User, evaluators: list[User]) -> list:
    assignments = []
    for evaluator in evaluators:
        a = sel.assignment_of(evaluator, tender) or services.evaluator_assign(
            actor=officer, tender=tender, evaluator=evaluator
        )
        if a.declared_at is None:
            a = services.interests_declare(actor=evaluator, assignment=a, has_conflict=False)
        assignments.append(a)
    return assignments


def _score(assignment, bids: list[Bid], table: dict, differs: dict | None = None) -> None:
    if assignment.scores_submitted_at:
        return
    differs = differs or {}
    criteria = sel.scale_criteria(assignment.tender)
    for bid in bids:
        number = bid.supplier.companies_house_number
        entries = []
        for c in criteria:
            value = differs.get((number, c.code), table.get(number, {}).get(c.code, 3))
            entries.append(services.ScoreEntry(c, Decimal(value), JUSTIFICATIONS[value]))
        services.bid_scores_save(
            actor=assignment.evaluator, assignment=assignment, bid=bid, entries=entries
        )


def _submit(assignment) -> None:
    if assignment.scores_submitted_at is None:
        services.scores_submit(actor=assignment.evaluator, assignment=assignment)


def _custody(tender: Tender, officer: User, evaluators: list[User]) -> None:
    first, second = _panel(tender, officer, evaluators)
    bids = list(sel.submitted_bids(tender).order_by("pk"))
    if not bids:
        return
    _score(first, bids, CUSTODY_SCORES)
    _submit(first)
    if not second.scores.exists():
        _score(second, bids[:1], CUSTODY_SCORES)


def _cleaning(tender: Tender, officer: User, evaluators: list[User]) -> None:
    if tender.scores_locked or tender.status == TenderStatus.RECOMMENDED:
        return
    first, second = _panel(tender, officer, evaluators)
    bids = list(sel.submitted_bids(tender).order_by("pk"))
    if not bids:
        return
    _score(first, bids, CLEANING_SCORES)
    _submit(first)
    _score(second, bids, CLEANING_SCORES, EVALUATOR2_DIFFERS)
    _submit(second)
    _moderate(tender, officer)
    tender.refresh_from_db()
    if tender.prices_opened_at is None:
        tender = services.prices_open(actor=officer, tender=tender)
    _answer_flags_and_recommend(tender, officer)


def _moderate(tender: Tender, officer: User) -> None:
    """Per criterion, as the officer does on its page: the scores every evaluator agreed are
    accepted together, then the rest is agreed one by one."""
    for criterion in sel.scale_criteria(tender):
        rows = sel.moderation_sheet(tender, criterion)
        if any(r.consensus is None and r.agreed is not None for r in rows):
            services.agreed_scores_accept(actor=officer, criterion=criterion)
        for row in sel.moderation_sheet(tender, criterion):
            if row.consensus is not None:
                continue
            number = row.bid.supplier.companies_house_number
            agreed = CONSENSUS_CHANGES.get((number, row.criterion.code))
            if agreed is None:
                score = row.median
                rationale = "Discussed at moderation: " + JUSTIFICATIONS[int(score)].lower()
            else:
                score = Decimal(agreed)
                rationale = (
                    "Discussed at moderation: the vetting plan is sound for office staff but "
                    "does not say how custody-suite cover is vetted at short notice."
                )
            services.consensus_save(
                actor=officer,
                bid=row.bid,
                criterion=row.criterion,
                score=score,
                rationale=rationale,
            )
    tender.refresh_from_db()
    if tender.moderation_completed_at is None:
        services.moderation_complete(actor=officer, tender=tender)


def _answer_flags_and_recommend(tender: Tender, officer: User) -> None:
    results = sel.tender_results(tender)
    for row in results.unanswered:
        services.flag_answer(
            actor=officer,
            tender=tender,
            bid=row.bid,
            kind=row.flag.kind,
            answer=FLAG_ANSWERS[row.flag.kind.value],
        )
    results = sel.tender_results(tender)
    if results.top is not None:
        services.award_recommend(
            actor=officer,
            tender=tender,
            bid=results.top,
            reason="The highest-ranked bid, with every flag answered.",
        )
