"""The data migration that gave payment imports their contracting authority: with exactly
one body, every import made before is its (each audited as the system); with two, the body
is left not stated for an officer to set (tests/notices/test_uk8_bodies.py sets it)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from tests.conftest import about

from socialvalue.audit.models import Event
from socialvalue.policy.models import AuthorityType, ContractingAuthority, Organisation
from socialvalue.spend.models import FiguresState, SpendImport

MIGRATION = importlib.import_module(
    "socialvalue.spend.migrations.0007_import_contracting_authority"
)


def _authority(organisation: Organisation, number: str) -> ContractingAuthority:
    return ContractingAuthority.objects.create(
        organisation=organisation,
        name=f"Body {number}",
        identifier=number,
        street_address="1 Test Street",
        town="Preston",
        postcode="PR1 1AA",
        contact_name="Procurement",
        contact_email="procurement@example.org",
    )


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(name="Test", authority_type=AuthorityType.SUB_CENTRAL)


def _imports() -> list[SpendImport]:
    return [
        SpendImport.objects.create(filename=f"file-{n}.csv", sha256=f"{n:064d}", status="done")
        for n in range(2)
    ]


def test_the_sole_authority_is_given_to_every_import_and_audited(organisation):
    only = _authority(organisation, "PTST-ONLY")
    made = _imports()
    FiguresState.objects.create(pk=1, requested=3, computed=3)
    MIGRATION.assign_sole_authority(apps, None)
    for spend_import in made:
        spend_import.refresh_from_db()
        assert spend_import.contracting_authority == only
        event = Event.objects.get(verb="spend_import.authority_set", **about(spend_import))
        assert event.actor is None and event.data == {"from": "", "to": "Body PTST-ONLY"}
    assert FiguresState.objects.get(pk=1).out_of_date  # each body's figures are computed


def test_with_two_authorities_the_body_is_left_not_stated(organisation):
    _authority(organisation, "PTST-ONE")
    _authority(organisation, "PTST-TWO")
    made = _imports()
    MIGRATION.assign_sole_authority(apps, None)
    assert all(SpendImport.objects.get(pk=i.pk).contracting_authority is None for i in made)
    assert not Event.objects.filter(verb="spend_import.authority_set").exists()


def test_the_command_line_names_the_body_or_refuses_an_unknown_one(organisation, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    _authority(organisation, "PTST-ONE")
    second = _authority(organisation, "PTST-TWO")
    path = tmp_path / "payments.csv"
    path.write_text("Payment Date,Supplier,Amount\n01/05/2026,Acme Ltd,100.00\n")
    with pytest.raises(CommandError, match="no contracting authority with id"):
        call_command("spend", "import", str(path), "--authority", str(second.pk + 100))
    call_command("spend", "import", str(path), "--authority", str(second.pk))
    assert SpendImport.objects.get(filename="payments.csv").contracting_authority == second
