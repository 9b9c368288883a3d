"""Demo tenders and bids (fictional suppliers and answers).

* LC-2026-014 custody healthcare: published, deadline passed, 3 submitted bids;
* LC-2026-009 cleaning of police premises: published, deadline passed, 3 submitted bids
  (one priced abnormally low, so evaluation has a flag to answer);
* LC-2026-021 interpreting and translation: open for bids (deadline three weeks after the
  demo is loaded, questions until a week before), supplier1's organisation has a draft bid
  with a file; it has a specification document and one answered question;
* LC-2026-023 British Sign Language interpreting: a draft still being set up, created from
  the interpreting project's signed-off social value assessment (its social value criteria
  and target measures prefilled: apprenticeships, people with convictions, young people,
  none of which has a proxy value).

Past-deadline data is written with the ORM: the services rightly refuse it. Every row is
found by a natural key so a second run changes nothing (except keeping the open tender's
deadline three weeks ahead). The evaluation demo (panels, scores) runs at the end.
"""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.core.demo_clock import demo_calendar
from socialvalue.domain.evaluation import DEFAULT_SCALE
from socialvalue.domain.organisation_type import LegalForm
from socialvalue.policy.models import Measure, Priority
from socialvalue.procurement.models import (
    Assessment,
    AssessmentMeasure,
    Category,
    Lot,
    Project,
    Stage,
    StageChange,
)
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidResponse,
    BidStatus,
    Clarification,
    ConsensusScore,
    Criterion,
    CriterionKind,
    FrozenProxy,
    OwnProposal,
    PriceMethod,
    SocialValueMethod,
    TargetMeasure,
    Tender,
    TenderDocument,
    TenderDocumentVersion,
    TenderStatus,
)
from socialvalue.tendering.services import prefill_from_assessment

LONDON = ZoneInfo("Europe/London")
STANDARD_DESCRIPTORS = [[str(score), text] for score, text in DEFAULT_SCALE.descriptors]

EXTRA_SUPPLIERS = [
    {
        "name": "Ribble Custody Health Ltd",
        "companies_house_number": "11000004",
        "postcode": "PR2 9ZA",
        "employees": 120,
        "turnover": Decimal("9400000.00"),
        "legal_form": LegalForm.PRIVATE_LIMITED,
    },
    {
        "name": "Brightwater Cleaning Co-operative Ltd",
        "companies_house_number": "IP031205",
        "postcode": "BB2 1AX",
        "employees": 65,
        "turnover": Decimal("2100000.00"),
        "legal_form": LegalForm.COOPERATIVE,
    },
    {
        "name": "Rose Lane Support CIC",
        "companies_house_number": "13200001",
        "postcode": "BB1 7DS",
        "employees": 35,
        "turnover": Decimal("1150000.00"),
        "legal_form": LegalForm.CIC,
    },
]

# code, title, question, kind, weight, pass mark
CRITERIA = {
    "custody": [
        (
            "Q1",
            "Clinical governance and patient safety",
            "How will you keep detainees safe and meet clinical governance standards?",
            CriterionKind.QUALITY,
            "35",
            "2",
        ),
        (
            "Q2",
            "Staffing and round-the-clock cover",
            "How will you staff every custody suite 24 hours a day, including absence cover?",
            CriterionKind.QUALITY,
            "25",
            None,
        ),
        (
            "Q3",
            "Mobilisation",
            "How will you take over the service safely on 1 April {contract_year}?",
            CriterionKind.QUALITY,
            "20",
            None,
        ),
        (
            "SV1",
            "Social value: how you will deliver it",
            "How will you deliver your commitments, with whom, and how will you evidence them?",
            CriterionKind.SV_QUALITATIVE,
            "10",
            None,
        ),
        (
            "SV2",
            "Social value commitments",
            "Your commitments against the measures listed, by contract year.",
            CriterionKind.SV_QUANTITATIVE,
            "10",
            None,
        ),
    ],
    "cleaning": [
        (
            "Q1",
            "Cleaning standards and quality checks",
            "How will you meet the cleaning specification in custody suites, offices and stations?",
            CriterionKind.QUALITY,
            "40",
            "2",
        ),
        (
            "Q2",
            "Security-cleared staff and vetting",
            "How will you recruit, vet and keep security-cleared staff?",
            CriterionKind.QUALITY,
            "30",
            None,
        ),
        (
            "Q3",
            "Environmental management",
            "Which products and methods will you use to reduce waste and harm?",
            CriterionKind.QUALITY,
            "15",
            None,
        ),
        (
            "SV1",
            "Social value: how you will deliver it",
            "How will you deliver your commitments and report them?",
            CriterionKind.SV_QUALITATIVE,
            "5",
            None,
        ),
        (
            "SV2",
            "Social value commitments",
            "Your commitments against the measures listed, by contract year.",
            CriterionKind.SV_QUANTITATIVE,
            "10",
            None,
        ),
    ],
    "interpreting": [
        (
            "Q1",
            "Quality of interpreting",
            "How will you make sure interpreters are qualified, vetted and accurate?",
            CriterionKind.QUALITY,
            "45",
            "2",
        ),
        (
            "Q2",
            "Availability and response times",
            "How will you provide interpreters within 60 minutes, day and night?",
            CriterionKind.QUALITY,
            "35",
            None,
        ),
        (
            "SV1",
            "Social value: how you will deliver it",
            "How will you deliver your commitments and evidence them?",
            CriterionKind.SV_QUALITATIVE,
            "10",
            None,
        ),
        (
            "SV2",
            "Social value commitments",
            "Your commitments against the measures listed, by contract year.",
            CriterionKind.SV_QUANTITATIVE,
            "10",
            None,
        ),
    ],
    "bsl": [
        (
            "Q1",
            "Quality of British Sign Language interpreting",
            "How will you make sure interpreters are registered and vetted?",
            CriterionKind.QUALITY,
            "60",
            None,
        ),
    ],
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment of the story, written as on the reference day, moved to today's story."""
    return demo_calendar().moment(datetime(year, month, day, hour, minute, tzinfo=LONDON))


def tender_reference(year: int, number: str) -> str:
    """A tender's reference in the story's year (LC-2026-014 on the reference day)."""
    return f"LC-{demo_calendar().year(year)}-{number}"


def load(stdout) -> None:
    for fields in EXTRA_SUPPLIERS:
        Supplier.objects.update_or_create(
            companies_house_number=fields["companies_house_number"], defaults=fields
        )
    projects = _projects()
    tenders = _tenders(projects)
    _custody_bids(tenders["custody"])
    _cleaning_bids(tenders["cleaning"])
    _interpreting_bid(tenders["interpreting"])
    _interpreting_notices(tenders["interpreting"])
    _last_year_tender()
    stdout.write(f"Tendering: {len(tenders) + 1} demo tenders with bids.")
    try:
        evaluation = importlib.import_module("socialvalue.tendering.demo_evaluation")
    except ModuleNotFoundError as error:
        if error.name != "socialvalue.tendering.demo_evaluation":
            raise
        return
    evaluation.load(stdout)


def _projects() -> dict[str, Project]:
    officer = _user("officer")
    cal = demo_calendar()
    rows = {
        "interpreting": {
            "title": "Interpreting and translation services",
            "description": "Face-to-face, telephone and video interpreting for victims, "
            "witnesses and detainees, and written translation, in over 60 languages.",
            "requesting_department": "Criminal Justice",
            # In the public pipeline before it reached tender: it stays there, linked to
            # its open tender.
            "published": True,
            "category": Category.SERVICES,
            "estimated_value": Decimal("1600000.00"),
            "procurement_starts_on": cal.day(2026, 10, 1),
            "contract_starts_on": cal.day(2027, 6, 1),
            "contract_ends_on": cal.day(2030, 5, 31),
        },
        "cleaning": {
            "title": "Cleaning of police premises",
            "description": "Daily and periodic cleaning of police stations, offices and "
            "custody suites across Lancashire, with deep cleans of cells on request.",
            "requesting_department": "Estates",
            "category": Category.SERVICES,
            "estimated_value": Decimal("900000.00"),
            "procurement_starts_on": cal.day(2026, 6, 1),
            "contract_starts_on": cal.day(2026, 12, 1),
            "contract_ends_on": cal.day(2029, 11, 30),
        },
    }
    projects = {"custody": Project.objects.get(title=CUSTODY_TITLE)}
    for key, fields in rows.items():
        fields.update(
            owner=officer,
            contact_email="procurement@example.org",
            stage=Stage.TENDER,
            value_includes_vat=False,
        )
        # get_or_create: later demos (evaluation, award) move these projects on.
        project, created = Project.objects.get_or_create(title=fields.pop("title"), defaults=fields)
        projects[key] = project
        if created:
            StageChange.objects.create(
                project=project,
                from_stage=Stage.PRE_PROCUREMENT,
                to_stage=Stage.TENDER,
                changed_by=officer,
                changed_at=datetime(
                    fields["procurement_starts_on"].year,
                    fields["procurement_starts_on"].month,
                    1,
                    9,
                    tzinfo=LONDON,
                ),
                reason="Tender being prepared",
            )
    Lot.objects.get_or_create(
        project=projects["interpreting"],
        title="British Sign Language",
        defaults={"value": Decimal("250000.00")},
    )
    _interpreting_assessment(projects["interpreting"])
    return projects


# The interpreting project's assessment: measures without a proxy value, scored in units.
INTERPRETING_TARGETS = [("TEI1", "52"), ("TEI5", "3"), ("WB3", "200")]


def _interpreting_assessment(project: Project) -> None:
    officer = _user("officer")
    assessment, created = Assessment.objects.get_or_create(
        project=project,
        defaults={
            "relevant": True,
            "weighting_percent": Decimal("10.00"),
            "market_input": "Interpreting agencies can offer apprenticeships and placements "
            "for interpreters from local communities.",
            "community_input": "Victims' groups asked for interpreters who know Lancashire.",
            "signed_off_by": officer,
            "signed_off_at": _at(2026, 9, 25, 15),
        },
    )
    if not created:
        return
    assessment.priorities.set(Priority.objects.filter(number__in=[1, 4]))
    for code, target in INTERPRETING_TARGETS:
        measure = Measure.objects.filter(code=code).first()
        if measure is not None:
            AssessmentMeasure.objects.get_or_create(
                assessment=assessment, measure=measure, defaults={"target": Decimal(target)}
            )


CUSTODY_TITLE = "Custody healthcare and forensic medical services"


def _tenders(projects: dict[str, Project]) -> dict[str, Tender]:
    officer = _user("officer")
    open_deadline = (timezone.localtime() + timedelta(weeks=3)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    rows = {
        "custody": {
            "reference": tender_reference(2026, "014"),
            "project": projects["custody"],
            "title": CUSTODY_TITLE,
            "description": "Healthcare professionals for detainees in the custody suites at "
            "Preston, Blackpool, Lancaster, Blackburn, Burnley and Skelmersdale, and forensic "
            "medical examinations, around the clock.",
            "deadline": _at(2026, 10, 30),
            "published_at": _at(2026, 9, 1, 9),
            "estimated_value": Decimal("4800000.00"),
            "quality_weight": Decimal("60"),
            "price_weight": Decimal("40"),
            "price_method": PriceMethod.RELATIVE_TO_LOWEST,
            "sv": (SocialValueMethod.RELATIVE_TO_BEST, None),
        },
        "cleaning": {
            "reference": tender_reference(2026, "009"),
            "project": projects["cleaning"],
            "title": "Cleaning of police premises",
            "description": projects["cleaning"].description,
            "deadline": _at(2026, 8, 14),
            "published_at": _at(2026, 6, 29, 10),
            "estimated_value": Decimal("900000.00"),
            "quality_weight": Decimal("60"),
            "price_weight": Decimal("40"),
            "price_method": PriceMethod.RELATIVE_TO_LOWEST,
            "sv": (SocialValueMethod.RELATIVE_TO_BEST, None),
        },
        "interpreting": {
            "reference": tender_reference(2026, "021"),
            "project": projects["interpreting"],
            "title": "Interpreting and translation services",
            "description": projects["interpreting"].description,
            "deadline": open_deadline,
            "clarification_deadline": (open_deadline - timedelta(weeks=1)).date(),
            "published_at": _at(2026, 11, 2, 9),
            "estimated_value": Decimal("1350000.00"),
            "quality_weight": Decimal("70"),
            "price_weight": Decimal("30"),
            "price_method": PriceMethod.PRICE_DIFFERENCE,
            "sv": (SocialValueMethod.AGAINST_TARGET, Decimal("0.50")),
        },
        "bsl": {
            "reference": tender_reference(2026, "023"),
            "project": projects["interpreting"],
            "title": "British Sign Language interpreting",
            "description": "British Sign Language interpreting for deaf victims, witnesses and "
            "detainees.",
            "deadline": open_deadline + timedelta(weeks=4),
            "published_at": None,
            "estimated_value": Decimal("250000.00"),
            "quality_weight": Decimal("70"),
            "price_weight": Decimal("30"),
            "price_method": PriceMethod.RELATIVE_TO_LOWEST,
            "sv": (SocialValueMethod.RELATIVE_TO_BEST, None),
        },
    }
    tenders = {}
    for key, row in rows.items():
        sv_method, sv_target = row.pop("sv")
        published_at = row.pop("published_at")
        reference = row.pop("reference")
        tender = Tender.objects.filter(reference=reference).first()
        if tender is None:
            tender = Tender.objects.create(
                reference=reference,
                created_by=officer,
                status=TenderStatus.PUBLISHED if published_at else TenderStatus.DRAFT,
                published_at=published_at,
                published_by=officer if published_at else None,
                **row,
            )
        elif key == "interpreting":
            Tender.objects.filter(pk=tender.pk).update(
                deadline=open_deadline, clarification_deadline=row["clarification_deadline"]
            )
            tender.refresh_from_db()
        if key == "bsl" and tender.lot_id is None:
            tender.lot = Lot.objects.get(project=row["project"], title="British Sign Language")
            tender.save(update_fields=["lot"])
        _criteria(tender, CRITERIA[key], sv_method, sv_target)
        if key == "bsl" and tender.prefilled_from_id is None:
            prefill_from_assessment(tender)  # as a tender created on the page would be
        elif key == "interpreting":
            _targets_from_assessment(tender)
        if tender.is_published:
            _freeze_proxies(tender)
        tenders[key] = tender
    return tenders


def _criteria(tender: Tender, rows, sv_method: str, sv_target: Decimal | None) -> None:
    for position, (code, title, question, kind, weight, pass_mark) in enumerate(rows, 1):
        quantitative = kind == CriterionKind.SV_QUANTITATIVE
        Criterion.objects.get_or_create(
            tender=tender,
            code=code,
            defaults={
                "title": title,
                "question": question.format(contract_year=tender.project.contract_starts_on.year),
                "kind": kind,
                "weight": Decimal(weight),
                "descriptors": [] if quantitative else STANDARD_DESCRIPTORS,
                "pass_mark": Decimal(pass_mark) if pass_mark else None,
                "sv_method": sv_method if quantitative else "",
                "sv_target": sv_target if quantitative else None,
                "position": position,
            },
        )


def _targets_from_assessment(tender: Tender) -> None:
    """The open tender asks for the assessment's measures too (its criteria predate it)."""
    for row in AssessmentMeasure.objects.filter(assessment__project=tender.project):
        TargetMeasure.objects.get_or_create(
            tender=tender, measure=row.measure, defaults={"target": row.target}
        )


def _freeze_proxies(tender: Tender) -> None:
    for measure in Measure.objects.filter(active=True, proxy_value__isnull=False):
        # get_or_create: a frozen value never follows later changes to the library.
        FrozenProxy.objects.get_or_create(
            tender=tender,
            measure=measure,
            defaults={
                "code": measure.code,
                "title": measure.title,
                "unit": measure.unit,
                "proxy_value": measure.proxy_value,
                "proxy_source": measure.proxy_source,
            },
        )


def _supplier(number: str) -> Supplier:
    return Supplier.objects.get(companies_house_number=number)


def _bid(
    tender: Tender,
    supplier: Supplier,
    *,
    price: str,
    submitted_at,
    by,
    paper=False,
    status=BidStatus.SUBMITTED,
) -> Bid:
    bid, _ = Bid.objects.get_or_create(
        tender=tender,
        supplier=supplier,
        defaults={
            "status": status,
            "price": Decimal(price),
            "submitted_at": submitted_at,
            "submitted_by": by,
            "is_paper": paper,
            "paper_received_at": submitted_at if paper else None,
        },
    )
    return bid


def _answers(bid: Bid, answers: dict[str, str]) -> None:
    for criterion in bid.tender.criteria.all():
        text = answers.get(criterion.code)
        if text is not None:
            BidResponse.objects.get_or_create(bid=bid, criterion=criterion, defaults={"text": text})


def _commit(bid: Bid, rows: list[tuple[str, str, int]]) -> None:
    for code, quantity, year in rows:
        measure = Measure.objects.filter(code=code).first()
        if measure is not None:
            BidCommitment.objects.get_or_create(
                bid=bid, measure=measure, year=year, defaults={"quantity": Decimal(quantity)}
            )


def _custody_bids(tender: Tender) -> None:
    officer = _user("officer")
    red_rose = _bid(
        tender,
        _supplier("09000001"),
        price="4520000.00",
        submitted_at=_at(2026, 10, 29, 16, 12),
        by=_user("supplier1"),
    )
    _answers(
        red_rose,
        {
            "Q1": "A clinical lead for each suite, monthly clinical audits reported to the force's "
            "custody governance board, and a named safeguarding lead.",
            "Q2": "A rota of 64 healthcare professionals, with a bank of 12 to cover absence.",
            "Q3": "A 10-week mobilisation plan, TUPE consultation from week 1.",
            "SV1": "Apprenticeships with Preston College and spend with local subcontractors, "
            "reported quarterly with invoices.",
            "SV2": "See our commitments.",
        },
    )
    _commit(red_rose, [("TEI4", "180000", 1), ("TEI4", "180000", 2), ("FCC1", "40", 1)])

    pennine = _bid(
        tender,
        _supplier("12000002"),
        price="4310500.00",
        submitted_at=_at(2026, 10, 30, 9, 40),
        by=_user("supplier2"),
    )
    _answers(
        pennine,
        {
            "Q1": "Clinical oversight through our partner GP federation; incident reviews within "
            "48 hours.",
            "Q2": "Nurse practitioners in every suite at peak times; on-call doctors overnight.",
            "Q3": "A 12-week plan with a named mobilisation manager.",
            "SV1": "Mentoring for young people leaving custody, delivered with local youth charities.",
            "SV2": "See our commitments and our own proposal.",
        },
    )
    _commit(pennine, [("WB1", "6", 1), ("TEI4", "95000", 1)])
    OwnProposal.objects.get_or_create(
        bid=pennine,
        description="Mentoring sessions for young people released from custody, to reduce "
        "reoffending",
        defaults={"unit": "sessions", "quantity": Decimal("40"), "year": 1},
    )

    ribble = _bid(
        tender,
        _supplier("11000004"),
        price="4795000.00",
        submitted_at=_at(2026, 10, 30, 11, 5),
        by=officer,
        paper=True,
    )
    _answers(
        ribble,
        {
            "Q1": "Our governance framework is accredited; we report to the board every month.",
            "Q2": "Experienced custody nurses across all six suites.",
            "Q3": "We have mobilised three custody contracts in the last five years.",
            "SV1": "Local recruitment through Jobcentre Plus in Preston and Burnley.",
            "SV2": "See our commitments.",
        },
    )
    _commit(ribble, [("TEI4", "60000", 1), ("FCC1", "15", 1)])


def _cleaning_bids(tender: Tender) -> None:
    officer = _user("officer")
    red_rose = _bid(
        tender,
        _supplier("09000001"),
        price="845000.00",
        submitted_at=_at(2026, 8, 13, 15, 30),
        by=_user("supplier1"),
    )
    _answers(
        red_rose,
        {
            "Q1": "Weekly quality audits by supervisors, with results shared online.",
            "Q2": "All staff NPPV2 vetted before starting; a vetted relief team.",
            "Q3": "Concentrated eco-labelled products and microfibre systems.",
            "SV1": "Local hiring and spend with Lancashire suppliers, reported quarterly.",
            "SV2": "See our commitments.",
        },
    )
    _commit(red_rose, [("TEI4", "60000", 1), ("FCC1", "12", 1)])

    pennine = _bid(
        tender,
        _supplier("12000002"),
        price="812400.00",
        submitted_at=_at(2026, 8, 14, 10, 2),
        by=_user("supplier2"),
    )
    _answers(
        pennine,
        {
            "Q1": "Team leaders check every site each week; clients rate each clean.",
            "Q2": "Vetting managed with the force's vetting unit from day one.",
            "Q3": "Refill stations and no single-use plastics.",
            "SV1": "Work placements for young people in Burnley and Blackburn.",
            "SV2": "See our commitments.",
        },
    )
    _commit(pennine, [("WB1", "3", 1), ("TEI4", "25000", 1)])

    brightwater = _bid(
        tender,
        _supplier("IP031205"),
        price="598000.00",
        submitted_at=_at(2026, 8, 12, 14, 0),
        by=officer,
        paper=True,
    )
    _answers(
        brightwater,
        {
            "Q1": "Member-owned teams with a quality lead in each district.",
            "Q2": "Vetted members with long service; low staff turnover.",
            "Q3": "ISO 14001 environmental management.",
            "SV1": "Profits reinvested in training members from the local community.",
            "SV2": "See our commitments.",
        },
    )
    _commit(brightwater, [("TEI4", "40000", 1), ("TEI4", "40000", 2)])


def _interpreting_notices(tender: Tender) -> None:
    """The open tender's specification (a document) and one answered question, asked by
    supplier2's organisation and published without its name."""
    officer = _user("officer")
    document, _ = TenderDocument.objects.get_or_create(tender=tender, title="Specification")
    if not document.versions.exists():
        content = (
            b"Interpreting and translation services: specification (demo)\n"
            b"Face-to-face, telephone and video interpreting for custody, interviews and "
            b"court; written translation of statements. Around the clock, every day.\n"
        )
        version = TenderDocumentVersion(
            document=document,
            number=1,
            name="specification.txt",
            size=len(content),
            content_type="text/plain",
            uploaded_by=officer,
            uploaded_at=tender.published_at or timezone.now(),
        )
        version.file.save("specification.txt", ContentFile(content), save=False)
        version.save()
    asker = _user("supplier2")
    Clarification.objects.get_or_create(
        tender=tender,
        supplier_id=asker.supplier_id,
        question="We are Pennine Youth Futures. Can telephone interpreting be "
        "subcontracted to a national provider?",
        defaults={
            "asked_by": asker,
            "asked_at": _at(2026, 11, 5, 10),
            "published_question": "Can telephone interpreting be subcontracted to a "
            "national provider?",
            "answer": "Yes, if the subcontractor's interpreters meet the same qualifications "
            "and vetting (DPSI or equivalent and NPPV3). Name the subcontractor in your "
            "answer to Q1.",
            "answered_by": officer,
            "answered_at": _at(2026, 11, 6, 15),
        },
    )


def _interpreting_bid(tender: Tender) -> None:
    supplier = _supplier("09000001")
    bid, _ = Bid.objects.get_or_create(
        tender=tender,
        supplier=supplier,
        defaults={"status": BidStatus.DRAFT, "price": Decimal("1289000.00")},
    )
    _answers(
        bid,
        {
            "Q1": "Every interpreter holds the DPSI (Police) qualification and NPPV3 vetting.",
            "SV1": "Training for interpreters from Lancashire's refugee communities.",
        },
    )
    _commit(bid, [("TEI4", "45000", 1), ("TEI1", "26", 1)])  # TEI1: weeks, no proxy
    response = BidResponse.objects.get(bid=bid, criterion__code="Q1")
    if not response.attachments.exists():
        content = (
            b"Interpreter qualifications (demo)\nDPSI (Police) holders: 48\nNRPSI registered: 52\n"
        )
        attachment = BidAttachment(
            response=response,
            name="interpreter-qualifications.txt",
            size=len(content),
            content_type="text/plain",
            uploaded_by=_user("supplier1"),
        )
        attachment.file.save("interpreter-qualifications.txt", ContentFile(content), save=False)
        attachment.save()


DOMESTIC_ABUSE_TITLE = "Domestic abuse support services"
# code, title, question, kind, weight: social value is 10% of the quality score.
LAST_YEAR_CRITERIA = [
    (
        "Q1",
        "Support for victims",
        "How will you support victims from first contact to court?",
        CriterionKind.QUALITY,
        "50",
    ),
    (
        "Q2",
        "Outreach across Lancashire",
        "How will you reach victims in rural areas?",
        CriterionKind.QUALITY,
        "40",
    ),
    (
        "SV1",
        "Social value: how you will deliver it",
        "How will you deliver and evidence your commitments?",
        CriterionKind.SV_QUALITATIVE,
        "5",
    ),
    (
        "SV2",
        "Social value commitments",
        "Your commitments against the measures listed, by contract year.",
        CriterionKind.SV_QUANTITATIVE,
        "5",
    ),
]
# supplier number, price, consensus scores (Q1, Q2, SV1), commitments: the first won.
LAST_YEAR_BIDS = [
    ("13200001", "688000.00", (4, 4, 4), [("TEI4", "60000"), ("FCC1", "6"), ("WB2", "120")]),
    ("12000002", "742500.00", (3, 3, 4), [("TEI4", "30000"), ("WB2", "80")]),
]


def _last_year_tender() -> None:
    """Last financial year's tender of the domestic abuse support procurement: published,
    two bids scored at moderation, awarded to Rose Lane Support CIC (the contracts demo
    records the contract). Past, so written with the ORM; found by its reference."""
    project = Project.objects.filter(title=DOMESTIC_ABUSE_TITLE).first()
    code = tender_reference(2025, "061")
    if project is None or Tender.objects.filter(reference=code).exists():
        return
    officer = _user("officer")
    deadline = _at(2025, 8, 22)
    tender = Tender.objects.create(
        reference=code,
        project=project,
        title=DOMESTIC_ABUSE_TITLE,
        description=project.description,
        deadline=deadline,
        estimated_value=project.estimated_value,
        quality_weight=Decimal("60"),
        price_weight=Decimal("40"),
        price_method=PriceMethod.RELATIVE_TO_LOWEST,
        status=TenderStatus.AWARDED,
        created_by=officer,
        published_at=_at(2025, 7, 14, 9),
        published_by=officer,
        moderation_completed_at=_at(2025, 9, 12, 16),
        prices_opened_at=_at(2025, 9, 15, 10),
        awarded_at=_at(2025, 10, 6, 14),
        recommendation_reason="The highest-ranked bid, with every flag answered.",
        recommended_by=officer,
    )
    criteria = {}
    for position, (key, title, question, kind, weight) in enumerate(LAST_YEAR_CRITERIA, 1):
        quantitative = kind == CriterionKind.SV_QUANTITATIVE
        criteria[key] = Criterion.objects.create(
            tender=tender,
            code=key,
            title=title,
            question=question,
            kind=kind,
            weight=Decimal(weight),
            descriptors=[] if quantitative else STANDARD_DESCRIPTORS,
            sv_method=SocialValueMethod.RELATIVE_TO_BEST if quantitative else "",
            position=position,
        )
    _freeze_proxies(tender)
    winner = None
    for number, price, scores, commitments in LAST_YEAR_BIDS:
        bid = _bid(
            tender,
            _supplier(number),
            price=price,
            submitted_at=deadline - timedelta(days=1, hours=3),
            by=officer,
            paper=False,
        )
        _commit(bid, [(measure, quantity, 1) for measure, quantity in commitments])
        for key, score in zip(("Q1", "Q2", "SV1"), scores, strict=True):
            ConsensusScore.objects.create(
                bid=bid,
                criterion=criteria[key],
                score=Decimal(score),
                rationale="Agreed at moderation.",
                agreed_by=officer,
            )
        winner = winner or bid
    tender.recommended_bid = winner
    tender.save(update_fields=["recommended_bid"])
