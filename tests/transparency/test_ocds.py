"""OCDS 1.1 release packages: every package of the demo validates with libcoveocds (offline,
no errors of any kind); the export command writes one file per public procurement."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from socialvalue.procurement.models import Project
from socialvalue.transparency import ocds
from socialvalue.transparency.selectors import public_procurements
from tests.transparency.ocds_check import problems


def _package(project: Project) -> dict:
    return ocds.release_package(project, uri=f"https://example.org/{project.pk}.json")


def test_every_demo_package_validates(demo):
    projects = list(public_procurements())
    assert projects, "the demo has public procurements"
    for project in projects:
        package = _package(project)
        assert problems(package) == {}, project.title


def test_awarded_procurement_has_every_stage_and_validates(demo, awarded):
    package = _package(awarded.project)
    assert problems(package) == {}
    tags = [tag for release in package["releases"] for tag in release["tag"]]
    assert tags == ["planning", "tender", "award", "contract", "implementation"]
    ocid = f"ocds-devdev-{awarded.project.pk}"
    assert {r["ocid"] for r in package["releases"]} == {ocid}
    ids = [r["id"] for r in package["releases"]]
    assert len(set(ids)) == len(ids)
    by_tag = {r["tag"][0]: r for r in package["releases"]}
    tender = by_tag["tender"]["tender"]
    assert tender["awardCriteria"] == "ratedCriteria"
    details = tender["awardCriteriaDetails"]
    assert "Price 60%, quality 40%" in details
    assert "Social value: 20% of the quality element (8% of the total score)" in details
    assert "policy minimum is 2.5% of the quality element" in details
    assert tender["numberOfTenderers"] == 2
    assert "value" not in tender  # the estimate is never published
    award = by_tag["award"]["awards"][0]
    assert award["value"] == {"amount": 700000.0, "currency": "GBP"}
    assert award["suppliers"][0]["id"] == "GB-COH-09000001"
    roles = {p["id"]: p["roles"] for p in by_tag["award"]["parties"]}
    assert roles["buyer"] == ["buyer", "procuringEntity"]
    assert "supplier" in roles["GB-COH-09000001"]
    contract = by_tag["contract"]["contracts"][0]
    assert contract["awardID"] == award["id"]
    assert contract["milestones"][0]["type"] == "delivery"
    delivered = by_tag["implementation"]["contracts"][0]["implementation"]["milestones"][0]
    assert delivered["description"].startswith("Every contract year: 2.50 of ")
    assert delivered["status"] in {"met", "partiallyMet", "notMet"}


def test_amounts_keep_their_pence(demo, awarded):
    awarded.contract.value = "700000.07"
    awarded.contract.save()
    text = ocds.package_json(_package(awarded.project))
    assert '"amount": 700000.07' in text


def test_sealed_tender_shows_no_count_before_deadline(demo, awarded):
    from datetime import timedelta

    from django.utils import timezone

    from socialvalue.tendering.models import TenderStatus

    tender = awarded.tender
    # Set-up only: the awarded tender put back before its deadline (no move goes back).
    type(tender).objects.filter(pk=tender.pk).update(
        deadline=timezone.now() + timedelta(days=3), status=TenderStatus.PUBLISHED, awarded_at=None
    )
    package = _package(awarded.project)
    assert problems(package) == {}
    releases = package["releases"]
    assert [r["tag"][0] for r in releases] == ["planning", "tender"]
    assert "numberOfTenderers" not in releases[1]["tender"]
    assert "awards" not in json.dumps(package)


def test_unpublished_project_has_no_package(demo, client, awarded):
    hidden = awarded.project
    hidden.tenders.update(published_at=None)
    assert hidden not in public_procurements()
    response = client.get(f"/open-data/ocds/ocds-devdev-{hidden.pk}.json")
    assert response.status_code == 404


def test_package_download(demo, client):
    project = public_procurements().first()
    response = client.get(f"/open-data/ocds/ocds-devdev-{project.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    package = json.loads(response.content)
    assert package["uri"] == f"http://testserver/open-data/ocds/ocds-devdev-{project.pk}.json"
    assert problems(package) == {}


@pytest.mark.parametrize("ocid", ["ocds-other1-1", "ocds-devdev-x", "anything"])
def test_foreign_or_malformed_ocid_is_not_found(demo, client, ocid):
    assert client.get(f"/open-data/ocds/{ocid}.json").status_code == 404


@override_settings(OCDS_PREFIX="ocds-abc123")
def test_prefix_comes_from_settings(demo):
    project = public_procurements().first()
    assert _package(project)["releases"][0]["ocid"] == f"ocds-abc123-{project.pk}"


def test_export_command_writes_one_valid_file_per_procurement_idempotently(demo, awarded, tmp_path):
    out = io.StringIO()
    call_command("ocds", "export", str(tmp_path / "ocds"), stdout=out)
    files = sorted((tmp_path / "ocds").glob("*.json"))
    expected = sorted(f"ocds-devdev-{p.pk}.json" for p in public_procurements())
    assert [f.name for f in files] == expected
    assert f"Wrote {len(expected)} OCDS release packages" in out.getvalue()
    first = {f.name: f.read_bytes() for f in files}
    for f in files:
        assert problems(json.loads(f.read_bytes())) == {}, f.name
    call_command("ocds", "export", str(tmp_path / "ocds"), stdout=io.StringIO())
    assert {f.name: f.read_bytes() for f in (tmp_path / "ocds").glob("*.json")} == first
