"""Demo procurement data for Lancashire: value bands, toolkit pages, four projects at
different stages (one with a signed-off assessment) and a meet-the-buyer event with
registrations; and last year's domestic abuse support procurement (a consultation, a market
engagement and a meet-the-buyer event, then a signed-off assessment), which the tendering
and contracts demos take on to an awarded contract. Runs after the accounts demo (it needs
the demo users).

Dates are the story's (``core.demo_clock``): written as on the reference day, moved to the day the
demo is loaded; the coming event is six weeks ahead of the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.core.demo_clock import demo_calendar
from socialvalue.domain.organisation_type import LegalForm
from socialvalue.policy.models import Measure, Priority
from socialvalue.procurement.models import (
    Assessment,
    AssessmentMeasure,
    Audience,
    Category,
    EngagementKind,
    EngagementRecord,
    EventRegistration,
    Guidance,
    Lot,
    OrganisationSize,
    Project,
    Stage,
    StageChange,
    ValueBand,
)

LONDON = ZoneInfo("Europe/London")

BANDS = [
    (Decimal("0"), Decimal("30000"), Decimal("2.50"), 1),
    (Decimal("30000"), Decimal("200000"), Decimal("5.00"), 2),
    (Decimal("200000"), Decimal("1000000"), Decimal("10.00"), 3),
    (Decimal("1000000"), None, Decimal("15.00"), 5),
]

GUIDANCE = [
    (
        "social-value-for-suppliers",
        "Social value: a guide for suppliers",
        Audience.SUPPLIERS,
        "What the Police and Crime Commissioner for Lancashire asks of suppliers, and why.",
        "The Police and Crime Commissioner for Lancashire buys goods, works and services worth "
        "millions of pounds every year. Our social value policy asks every contract to do more "
        "for the people of Lancashire than deliver what we buy.\n\n"
        "## What we look for\n\n"
        "- jobs, apprenticeships and training for people who live in Lancashire\n"
        "- spend with small businesses and voluntary, community and social enterprises\n"
        "- less waste and fewer greenhouse gas emissions\n"
        "- support for victims, vulnerable people and safe, confident communities\n\n"
        "## How it is scored\n\n"
        "When added social value is relevant, at least 2.5% of the quality score goes to it. "
        "We tell you in the tender which measures we will ask you to commit to, and the "
        "evidence you will need to report what you delivered.\n\n"
        "## Small and local organisations\n\n"
        "Register for a meet-the-buyer event or register interest in an opportunity on our "
        "forward pipeline. We publish upcoming work early so you have time to prepare.",
    ),
    (
        "assessing-social-value",
        "Assessing social value before a procurement",
        Audience.STAFF,
        "Steps every officer follows in pre-procurement, from the duty check to sign-off.",
        "The Public Services (Social Value) Act 2012 asks us to consider social value before "
        "a services procurement above the threshold starts. Our policy goes further: consider "
        "it for every contract.\n\n"
        "## Steps\n\n"
        "- check the Social Value Act duty for the project\n"
        "- engage communities and the market at the earliest opportunity\n"
        "- decide whether added social value is relevant; if not, write down why\n"
        "- link the contract to Police and Crime Plan priorities\n"
        "- choose proportionate measures and targets: the value bands suggest how many\n"
        "- set the weighting: at least 2.5% of the quality element\n"
        "- have the assessment signed off before the tender is published\n\n"
        "Keep the evidence: notes of consultations and market engagement, with attendance.",
    ),
    (
        "running-meet-the-buyer-events",
        "Running a meet-the-buyer event",
        Audience.STAFF,
        "How to reach local SMEs and VCSEs and record who came.",
        "Hold events in the force area and online, at times small organisations can attend.\n\n"
        "Open online registration on the engagement record, then record attendance after the "
        "event. The reach report counts local, SME and VCSE organisations per event and per "
        "financial year.",
    ),
]


DOMESTIC_ABUSE_TITLE = "Domestic abuse support services"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def load(stdout) -> None:
    for low, high, weighting, count in BANDS:
        ValueBand.objects.update_or_create(
            min_value=low,
            defaults={"max_value": high, "weighting_percent": weighting, "measure_count": count},
        )
    for order, (slug, title, audience, summary, body) in enumerate(GUIDANCE):
        Guidance.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "audience": audience,
                "summary": summary,
                "body": body,
                "order": order,
            },
        )
    projects = _load_projects()
    _load_engagement(projects)
    _load_assessment(projects["custody"])
    _load_last_year(projects["domestic_abuse"])
    stdout.write(f"Procurement: {len(projects)} demo projects, {len(BANDS)} value bands.")


def _load_projects() -> dict[str, Project]:
    officer = _user("officer")
    cal = demo_calendar()
    rows = {
        "custody": {
            "title": "Custody healthcare and forensic medical services",
            "description": "Healthcare professionals for detainees in Lancashire's custody suites "
            "and forensic medical examinations, around the clock.",
            "requesting_department": "Custody and Criminal Justice",
            "category": Category.LIGHT_TOUCH,
            "estimated_value": Decimal("4800000.00"),
            "value_includes_vat": False,
            "procurement_starts_on": cal.day(2026, 9, 1),
            "contract_starts_on": cal.day(2027, 4, 1),
            "contract_ends_on": cal.day(2031, 3, 31),
            "stage": Stage.TENDER,
            "published": False,
        },
        "fleet": {
            "title": "Fleet vehicle maintenance and tyres",
            "description": "Servicing, repair and tyres for about 1,100 police vehicles.",
            "requesting_department": "Fleet Services",
            "category": Category.MIXED,
            "estimated_value": Decimal("1250000.00"),
            "value_includes_vat": False,
            "procurement_starts_on": cal.day(2027, 1, 11),
            "contract_starts_on": cal.day(2027, 7, 1),
            "contract_ends_on": cal.day(2030, 6, 30),
            "stage": Stage.PRE_PROCUREMENT,
            "published": True,
        },
        "victims": {
            "title": "Victim support services in Lancashire",
            "description": "Support for victims of crime to cope and recover, commissioned by "
            "the Police and Crime Commissioner.",
            "requesting_department": "Office of the Police and Crime Commissioner",
            "category": Category.SERVICES,
            "estimated_value": Decimal("950000.00"),
            "value_includes_vat": True,
            "procurement_starts_on": cal.day(2027, 3, 1),
            "contract_starts_on": cal.day(2027, 10, 1),
            "contract_ends_on": cal.day(2030, 9, 30),
            "stage": Stage.PIPELINE,
            "published": True,
        },
        "custody_suite": {
            "title": "Refurbishment of Preston custody suite",
            "description": "Building works to refurbish cells and the custody desk.",
            "requesting_department": "Estates",
            "category": Category.WORKS,
            "estimated_value": Decimal("2400000.00"),
            "value_includes_vat": False,
            "procurement_starts_on": cal.day(2027, 5, 4),
            "contract_starts_on": cal.day(2027, 9, 6),
            "contract_ends_on": cal.day(2028, 8, 31),
            "stage": Stage.PIPELINE,
            "published": True,
        },
        # Last year's procurement: tendered, awarded and delivering (tendering, contracts).
        "domestic_abuse": {
            "title": DOMESTIC_ABUSE_TITLE,
            "description": "Independent domestic violence advisers and outreach for victims of "
            "domestic abuse across Lancashire, commissioned by the Police and Crime "
            "Commissioner.",
            "requesting_department": "Office of the Police and Crime Commissioner",
            "category": Category.SERVICES,
            "estimated_value": Decimal("720000.00"),
            "value_includes_vat": False,
            "procurement_starts_on": cal.day(2025, 5, 1),
            "contract_starts_on": cal.day(2025, 11, 1),
            "contract_ends_on": cal.day(2028, 10, 31),
            "stage": Stage.CONTRACT_LIVE,
            "published": True,
        },
    }
    projects = {}
    for key, fields in rows.items():
        fields.update(owner=officer, contact_email="procurement@example.org")
        # A project is born at its demo stage; loading the demo again leaves a stage that
        # has moved on (the stage changes only through its transitions).
        stage = {"stage": fields.pop("stage")}
        project, _ = Project.objects.update_or_create(
            title=fields.pop("title"), defaults=fields, create_defaults={**fields, **stage}
        )
        projects[key] = project
    Lot.objects.update_or_create(
        project=projects["fleet"],
        title="Servicing and repair",
        defaults={"value": Decimal("950000.00")},
    )
    Lot.objects.update_or_create(
        project=projects["fleet"], title="Tyres", defaults={"value": Decimal("300000.00")}
    )
    custody = projects["custody"]
    for from_stage, to_stage, when, reason in [
        (
            Stage.PIPELINE,
            Stage.PRE_PROCUREMENT,
            cal.moment(datetime(2026, 5, 5, 10, tzinfo=LONDON)),
            "Business case approved by the Chief Officer Team",
        ),
        (
            Stage.PRE_PROCUREMENT,
            Stage.TENDER,
            cal.moment(datetime(2026, 9, 1, 9, tzinfo=LONDON)),
            "Assessment signed off; tender published",
        ),
    ]:
        StageChange.objects.update_or_create(
            project=custody,
            to_stage=to_stage,
            defaults={
                "from_stage": from_stage,
                "changed_by": officer,
                "changed_at": when,
                "reason": reason,
            },
        )
    return projects


REGISTRATIONS = [
    # name, organisation, postcode, size, legal form, attended
    (
        "Asha Patel",
        "Ribble Valley Care CIC",
        "BB7 2AA",
        OrganisationSize.SMALL,
        LegalForm.CIC,
        True,
    ),
    (
        "Tom Walsh",
        "Preston Medical Staffing Ltd",
        "PR1 2HE",
        OrganisationSize.MEDIUM,
        LegalForm.COMPANY,
        True,
    ),
    (
        "Grace Obi",
        "Manchester Health Partners Ltd",
        "M1 1AE",
        OrganisationSize.LARGE,
        LegalForm.COMPANY,
        True,
    ),
    (
        "Lee Hart",
        "Safe Spaces Lancashire",
        "BB1 7DS",
        OrganisationSize.MICRO,
        LegalForm.CHARITY,
        False,
    ),
]


def _load_engagement(projects: dict[str, Project]) -> None:
    cal = demo_calendar()
    event, _ = EngagementRecord.objects.update_or_create(
        title="Meet the buyer: custody healthcare",
        defaults={
            "project": projects["custody"],
            "kind": EngagementKind.MEET_THE_BUYER,
            "held_on": cal.day(2026, 6, 18),
            "location": "Lancashire Constabulary HQ, Hutton",
            "local_count": 2,
            "sme_count": 2,
            "vcse_count": 1,
            "equality_groups_count": 1,
            "learned": "Local providers can staff custody suites if the contract is split by "
            "area; VCSEs want a route in as subcontractors for liaison and diversion.",
            # Held and attendance recorded: registration has closed.
            "registration_open": False,
        },
    )
    _registrations(event, REGISTRATIONS)
    EngagementRecord.objects.update_or_create(
        title="Meet the buyer: fleet maintenance and tyres",
        defaults={
            "project": projects["fleet"],
            "kind": EngagementKind.MEET_THE_BUYER,
            # Always six weeks ahead of the day the demo is loaded, so registration is open.
            "held_on": timezone.localdate() + timedelta(weeks=6),
            "location": "Lancashire Constabulary HQ, Hutton",
            "learned": "",
            "registration_open": True,
        },
    )
    EngagementRecord.objects.update_or_create(
        title="Market engagement: custody healthcare providers",
        defaults={
            "project": projects["custody"],
            "kind": EngagementKind.MARKET,
            "held_on": cal.day(2026, 7, 8),
            "location": "Online",
            "local_count": 3,
            "sme_count": 4,
            "vcse_count": 1,
            "equality_groups_count": 0,
            "learned": "Providers need six months to mobilise and asked for the contract in "
            "two lots (north and south of the county).",
        },
    )
    EngagementRecord.objects.update_or_create(
        title="Victims' voices consultation",
        defaults={
            "project": projects["victims"],
            "kind": EngagementKind.CONSULTATION,
            "held_on": cal.day(2026, 10, 7),
            "location": "Online and in Blackburn",
            "local_count": 38,
            "sme_count": 0,
            "vcse_count": 9,
            "equality_groups_count": 4,
            "learned": "Victims want one point of contact and support in the evening.",
        },
    )


def _load_assessment(project: Project) -> None:
    officer = _user("officer")
    assessment, _ = Assessment.objects.update_or_create(
        project=project,
        defaults={
            "relevant": True,
            "weighting_percent": Decimal("10.00"),
            "market_input": "Providers asked for the contract in two lots so local firms can bid.",
            "community_input": "Detainees' advocates asked for staff trained in mental health "
            "and neurodiversity.",
            "signed_off_by": officer,
            "signed_off_at": demo_calendar().moment(datetime(2026, 8, 20, 14, tzinfo=LONDON)),
        },
    )
    assessment.priorities.set(Priority.objects.filter(number__in=[2, 3]))
    assessment.engagements.set(EngagementRecord.objects.filter(project=project))
    for code, target in [("TEI2", Decimal("12")), ("WB2", Decimal("400"))]:
        measure = Measure.objects.filter(code=code).first()
        if measure is not None:
            AssessmentMeasure.objects.update_or_create(
                assessment=assessment, measure=measure, defaults={"target": target}
            )


LAST_YEAR_REGISTRATIONS = [
    # name, organisation, postcode, size, legal form, attended
    (
        "Nadia Hussain",
        "Pendle Women's Centre",
        "BB9 7DR",
        OrganisationSize.SMALL,
        LegalForm.CHARITY,
        True,
    ),
    (
        "Ruth Carter",
        "Fylde Coast Refuge CIC",
        "FY1 4HL",
        OrganisationSize.MICRO,
        LegalForm.CIC,
        True,
    ),
    (
        "Owen Price",
        "Lune Valley Advocacy Ltd",
        "LA1 1HH",
        OrganisationSize.SMALL,
        LegalForm.COMPANY,
        True,
    ),
    (
        "Beth Lomax",
        "Northern Safeguarding Services Ltd",
        "M2 3AW",
        OrganisationSize.MEDIUM,
        LegalForm.COMPANY,
        True,
    ),
    (
        "Sam Ahmed",
        "Blackburn Family Support",
        "BB1 5AA",
        OrganisationSize.MICRO,
        LegalForm.CHARITY,
        False,
    ),
]


def _load_last_year(project: Project) -> None:
    """Last financial year's domestic abuse support procurement before its tender: survivors
    consulted, providers engaged, a meet-the-buyer event (attendance recorded), then the
    assessment signed off."""
    cal = demo_calendar()
    rows = [
        (
            "Survivors' voices: domestic abuse support",
            EngagementKind.CONSULTATION,
            cal.day(2025, 5, 13),
            "Online and in Preston",
            (31, 0, 7, 5),
            "Survivors want one adviser from first contact to court, and outreach in rural "
            "areas, not only in the towns.",
        ),
        (
            "Market engagement: domestic abuse support providers",
            EngagementKind.MARKET,
            cal.day(2025, 6, 3),
            "Online",
            (5, 4, 5, 0),
            "Small local charities can deliver outreach if paid monthly in advance.",
        ),
        (
            "Meet the buyer: domestic abuse support",
            EngagementKind.MEET_THE_BUYER,
            cal.day(2025, 6, 24),
            "Blackburn Town Hall",
            (4, 3, 3, 2),
            "Local providers want to bid as a partnership led by one of them.",
        ),
    ]
    records = []
    for title, kind, held_on, location, counts, learned in rows:
        local, sme, vcse, equality = counts
        record, _ = EngagementRecord.objects.update_or_create(
            title=title,
            defaults={
                "project": project,
                "kind": kind,
                "held_on": held_on,
                "location": location,
                "local_count": local,
                "sme_count": sme,
                "vcse_count": vcse,
                "equality_groups_count": equality,
                "learned": learned,
                "registration_open": False,
            },
        )
        records.append(record)
    event = records[-1]
    _registrations(event, LAST_YEAR_REGISTRATIONS)
    assessment, _ = Assessment.objects.update_or_create(
        project=project,
        defaults={
            "relevant": True,
            "weighting_percent": Decimal("10.00"),
            "market_input": "Local charities can deliver outreach as subcontractors of a lead "
            "provider.",
            "community_input": "Survivors asked for advisers trained in coercive control and "
            "for evening and weekend contact.",
            "signed_off_by": _user("officer"),
            "signed_off_at": cal.moment(datetime(2025, 7, 8, 15, tzinfo=LONDON)),
        },
    )
    assessment.priorities.set(Priority.objects.filter(number__in=[1, 3]))
    assessment.engagements.set(records)
    for code, target in [
        ("TEI4", Decimal("60000")),
        ("FCC1", Decimal("6")),
        ("WB2", Decimal("120")),
    ]:
        measure = Measure.objects.filter(code=code).first()
        if measure is not None:
            AssessmentMeasure.objects.update_or_create(
                assessment=assessment, measure=measure, defaults={"target": target}
            )


def _registrations(event: EngagementRecord, rows) -> None:
    """The event's registrations (name, organisation, postcode, size, legal form, attended),
    each found again by its e-mail address when the demo is loaded twice."""
    for name, organisation, postcode, size, form, attended in rows:
        EventRegistration.objects.update_or_create(
            event=event,
            email=f"{name.split()[0].lower()}@example.org",
            defaults={
                "name": name,
                "organisation": organisation,
                "postcode": postcode,
                "size": size,
                "legal_form": form,
                "attended": attended,
            },
        )
