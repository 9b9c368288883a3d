"""Helpers for the procurement tests: a valid project form and a project in a stage."""

from __future__ import annotations

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.procurement.models import Project, Stage
from tests.factories import ProjectFactory


def project_form(**changes) -> dict[str, str]:
    data = {
        "title": "Cleaning of police stations in East Lancashire",
        "description": "Daily cleaning of six stations.",
        "requesting_department": "Estates",
        "owner": "",
        "category": "services",
        "estimated_value": "180000.00",
        "value_includes_vat": "False",
        "procurement_starts_on": "2027-02-01",
        "contract_starts_on": "2027-06-01",
        "contract_ends_on": "2030-05-31",
        "contact_email": "procurement@example.org",
        "published": "on",
    }
    # The demo's first contracting authority, as the form preselects it.
    from socialvalue.policy.models import ContractingAuthority

    first = ContractingAuthority.objects.order_by("order", "name").first()
    if first is not None:
        data["contracting_authority"] = str(first.pk)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def make_project(user_for):
    def make(stage: Stage = Stage.PIPELINE, **fields) -> Project:
        fields.setdefault("owner", user_for(Role.PROCUREMENT_OFFICER))
        return ProjectFactory(stage=stage, **fields)

    return make
