"""Demo data of the Lancashire OPCC social value policy (shared/seed)."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from importlib import resources

from socialvalue.policy.measures_io import measures_import
from socialvalue.policy.models import (
    AuthorityType,
    ContractingAuthority,
    EvaluationRule,
    LocalArea,
    Organisation,
    Outcome,
    PlanPeriod,
    PolicyStatement,
    Priority,
    StatementKind,
    Theme,
    Threshold,
)

DATA = resources.files("socialvalue") / "data" / "policy"

PRIORITIES = [
    (1, "Protecting Local Policing"),
    (2, "Tackling Crime and Re-offending"),
    (3, "Supporting Vulnerable People and Victims"),
    (4, "Developing Safe and Confident Communities"),
]

STATEMENTS = [
    (
        StatementKind.AIM,
        "3.2.1",
        "Protect and enhance the environment",
        "Further our sustainable procurement objectives to protect and enhance the environment, "
        "by reducing waste, limiting energy consumption and procuring materials from sustainable sources.",
    ),
    (
        StatementKind.AIM,
        "3.2.2",
        "Promote the local economy",
        "Support micro, small and medium sized enterprises and the voluntary and community sector in "
        "Lancashire to thrive, and so promote training and employment for the people of Lancashire.",
    ),
    (
        StatementKind.AIM,
        "3.2.3",
        "Involve local people and organisations",
        "Involve local people and organisations in how we meet the needs of local communities "
        "through the commissioning cycle and procurement process.",
    ),
    (
        StatementKind.OBJECTIVE,
        "3.3.1",
        "Engage at the earliest opportunity",
        "Involve local people and organisations in determining social value outcomes by beginning "
        "engagement or consultation at the earliest possible opportunity.",
    ),
    (
        StatementKind.OBJECTIVE,
        "3.3.2",
        "Agree proportionate, relevant outcomes",
        "Agree proportionate and relevant social value outcomes with the marketplace at "
        "pre-procurement stage, linked to OPCC and Police and Crime Plan priorities.",
    ),
    (
        StatementKind.OBJECTIVE,
        "3.3.3",
        "At least 2.5% of the quality element",
        "Allocate a minimum of 2.5% of the quality element of the price/quality ratio to social "
        "value when additional social value outcomes are relevant and appropriate.",
    ),
    (
        StatementKind.OBJECTIVE,
        "3.3.4",
        "Improve understanding of social value",
        "Work with internal staff, the marketplace and communities to improve understanding of social "
        "value, the policy and evaluation methods.",
    ),
    (
        StatementKind.OBJECTIVE,
        "3.3.5",
        "Maximise local spend",
        "Maximise local spend within both Lancashire and the North West region whenever permissible.",
    ),
    (
        StatementKind.PRINCIPLE,
        "4.1",
        "Creativity",
        "Use social value as a platform to encourage innovation within and outside the OPCC and "
        "Lancashire Constabulary.",
    ),
    (
        StatementKind.PRINCIPLE,
        "4.2",
        "Flexibility",
        "A 'can do' approach that opens commissioning and procurement to a broader range of "
        "organisations and businesses.",
    ),
    (
        StatementKind.PRINCIPLE,
        "4.3",
        "Collaboration",
        "A shared vision for social value between the OPCC, the Constabulary, communities, "
        "stakeholders, organisations and businesses, to benefit the whole County.",
    ),
    (
        StatementKind.PRINCIPLE,
        "4.4",
        "Leadership",
        "Key messages communicated and progress monitored with strong leadership, guidance and "
        "coordination.",
    ),
    (
        StatementKind.PRINCIPLE,
        "4.5",
        "Sustainability",
        "Recognise longer term social value outcomes over quick wins.",
    ),
    (
        StatementKind.PRINCIPLE,
        "4.6",
        "Equality",
        "Groups with protected characteristics take part in shaping, delivering and monitoring the "
        "social value policy.",
    ),
]

# UK Government Social Value Model (PPN 06/20): themes and policy outcomes.
THEMES = [
    (
        "COV",
        "COVID-19 recovery",
        [("PO1", "Help local communities to manage and recover from the impact of COVID-19")],
    ),
    (
        "TEI",
        "Tackling economic inequality",
        [
            ("PO2", "Create new businesses, new jobs and new skills"),
            ("PO3", "Increase supply chain resilience and capacity"),
        ],
    ),
    ("FCC", "Fighting climate change", [("PO4", "Effective stewardship of the environment")]),
    (
        "EO",
        "Equal opportunity",
        [
            ("PO5", "Reduce the disability employment gap"),
            ("PO6", "Tackle workforce inequality"),
        ],
    ),
    (
        "WB",
        "Wellbeing",
        [
            ("PO7", "Improve health and wellbeing"),
            ("PO8", "Improve community integration"),
        ],
    ),
]


# The two bodies of the joint policy. The identifiers are made up for the demo: a real
# installation enters each body's Public Procurement Organisation Number (PPON).
AUTHORITIES = [
    {
        "name": "Police and Crime Commissioner for Lancashire",
        "short_name": "PCC",
        "identifier": "PDEM-0001-PCCL",
        "street_address": "County Hall, Fishergate",
        "town": "Preston",
        "postcode": "PR1 8XB",
        "contact_name": "Procurement (Office of the Police and Crime Commissioner)",
        "contact_email": "procurement@example.org",
    },
    {
        "name": "Chief Constable of Lancashire Constabulary",
        "short_name": "Chief Constable",
        "identifier": "PDEM-0002-CCLC",
        "street_address": "Police Headquarters, Saunders Lane, Hutton",
        "town": "Preston",
        "postcode": "PR4 5SB",
        "contact_name": "Procurement (Lancashire Constabulary)",
        "contact_email": "procurement@example.org",
    },
]


def load(stdout) -> None:
    organisation, _ = Organisation.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Office of the Police and Crime Commissioner for Lancashire and Lancashire Constabulary",
            "short_name": "OPCC Lancashire",
            "authority_type": AuthorityType.SUB_CENTRAL,
            "financial_year_start_month": 4,
            "policy_title": "Social Value Policy",
            "contact_email": "procurement@example.org",
        },
    )
    _load_authorities(organisation)
    period, _ = PlanPeriod.objects.update_or_create(
        title="Police and Crime Plan for Lancashire 2021 to 2025 (demo)",
        defaults={"starts_on": date(2021, 4, 1), "ends_on": None},
    )
    for number, title in PRIORITIES:
        Priority.objects.update_or_create(
            plan_period=period, number=number, defaults={"title": title}
        )
    for order, (kind, reference, title, text) in enumerate(STATEMENTS):
        PolicyStatement.objects.update_or_create(
            kind=kind, reference=reference, defaults={"title": title, "text": text, "order": order}
        )
    EvaluationRule.objects.update_or_create(
        effective_from=date(2017, 4, 1),
        defaults={
            "minimum_weighting_percent": Decimal("2.50"),
            "basis": "quality",
            "rationale": "Social Value Policy, objective 3.3.3",
        },
    )
    _load_thresholds()
    _load_local_areas()
    for order, (code, title, outcomes) in enumerate(THEMES, start=1):
        theme, _ = Theme.objects.update_or_create(
            code=code, defaults={"title": title, "order": order}
        )
        for outcome_code, outcome_title in outcomes:
            Outcome.objects.update_or_create(
                code=outcome_code, defaults={"theme": theme, "title": outcome_title}
            )
    content = (DATA / "measures_demo.csv").read_bytes()
    summary = measures_import(actor=None, content=content, filename="measures_demo.csv")
    stdout.write(
        f"Policy: 4 priorities, {len(STATEMENTS)} aims/objectives/principles, "
        f"{len(summary.created) + len(summary.updated)} measures."
    )


def _load_authorities(organisation: Organisation) -> None:
    # The first authority may be the one the migration made from the organisation: it
    # becomes the Commissioner, so projects that already name it keep a body.
    existing = list(ContractingAuthority.objects.filter(organisation=organisation).order_by("pk"))
    for order, fields in enumerate(AUTHORITIES):
        match = ContractingAuthority.objects.filter(
            organisation=organisation, name=fields["name"]
        ).first()
        if match is None and order == 0 and existing and existing[0].identifier.startswith("to-be"):
            match = existing[0]
        values = {**fields, "organisation": organisation, "order": order}
        if match is None:
            ContractingAuthority.objects.create(**values)
        else:
            for key, value in values.items():
                setattr(match, key, value)
            match.save()


def _load_thresholds() -> None:
    with (DATA / "thresholds.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Threshold.objects.update_or_create(
                valid_from=date.fromisoformat(row["valid_from"]),
                authority_type=row["authority_type"],
                contract_type=row["contract_type"],
                defaults={
                    "regime": row["regime"],
                    "valid_to": date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                    "amount_inc_vat": Decimal(row["amount_inc_vat"]),
                    "source": row["source"],
                },
            )


def _load_local_areas() -> None:
    with (DATA / "local_areas.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            LocalArea.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "order": int(row["order"]),
                    "district_codes": row["district_codes"].split(),
                },
            )
