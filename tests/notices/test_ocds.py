"""The notices as Find a Tender publishes them: a release per notice with its tag, the UK
extension and the extensions it depends on declared, validated offline with no errors;
public only once published; in `socialvalue ocds export`; the UK1 pipeline as planning
releases."""

from __future__ import annotations

import copy
import io
import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from socialvalue.accounts.roles import Role
from socialvalue.contracts.models import ContractVariation, VariationKind, VariationStatus
from socialvalue.notices import selectors, services
from socialvalue.policy.models import ContractingAuthority
from socialvalue.procurement.models import Project
from socialvalue.transparency import ocds
from tests.notices.ocds_uk_check import uk_problems

TAGS = {
    "UK2": "planning",
    "UK4": "tender",
    "UK6": "award",
    "UK7": "contract",
    "UK9": "implementation",
    "UK10": "contractAmendment",
    "UK11": "contractTermination",
}


def _notice_types(release) -> set[str]:
    found = set()

    def walk(value):
        if isinstance(value, dict):
            if "noticeType" in value:
                found.add(value["noticeType"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(release)
    return found


def test_every_demo_procurement_validates_with_the_uk_extension(demo):
    checked = 0
    for project in Project.objects.all():
        package = ocds.notice_release_package(project, uri="https://x/p", published_only=False)
        if not package["releases"]:
            continue  # no notice is due for it (a small contract below threshold)
        assert package["extensions"][-1].endswith(
            "cabinetoffice/ocds_uk_extension/main/extension.json"
        )
        assert uk_problems(package) == [], project.title
        checked += 1
    assert checked >= 5


def test_the_check_finds_errors_in_a_wrong_package(demo):
    cleaning = Project.objects.get(title="Cleaning of police premises")
    package = ocds.notice_release_package(cleaning, uri="https://x/p", published_only=False)
    broken = copy.deepcopy(package)
    broken["releases"][0]["tag"] = ["notATag"]
    broken["releases"][0]["tender"]["aboveThreshold"] = "yes"
    problems = uk_problems(broken)
    assert any("notATag" in p for p in problems)
    assert any("aboveThreshold" in p for p in problems)


def test_a_complete_procurement_has_a_release_per_notice_with_its_tag(demo, awarded, user_for):
    """Every notice published: UK4, UK6, UK7, UK9 with confirmed ratings, UK10, UK11."""
    officer = user_for(Role.PROCUREMENT_OFFICER)
    ContractVariation.objects.create(
        contract=awarded.contract,
        kind=VariationKind.VALUE,
        old_values={"value": "700000.00"},
        new_values={"value": "840000.00"},
        reason="More crossings",
        status=VariationStatus.APPROVED,
        requested_by=officer,
        decided_by=user_for(Role.ADMINISTRATOR),
        decided_at=timezone.now() - timedelta(days=2),
    )
    rows = selectors.notices_for(awarded.project).rows
    for number, row in enumerate(rows):
        if row.type == "UK9":
            kpi = awarded.contract.kpis.get()
            services.kpi_ratings_confirm(
                actor=officer,
                project=awarded.project,
                key=row.key,
                ratings={kpi.pk: ("inadequate", "Returns are missing")},
            )
        services.notice_publication_record(
            actor=officer,
            project=awarded.project,
            key=row.key,
            published_on=timezone.localdate() - timedelta(days=1),
            reference=f"2026/S 000-{number:06d}",
        )
    package = ocds.notice_release_package(awarded.project, uri="https://x/p")
    assert uk_problems(package) == []
    releases = package["releases"]
    assert len(releases) == len(rows)
    for release in releases:
        (kind,) = _notice_types(release)
        assert release["tag"] == [TAGS[kind]]
    by_kind = {next(iter(_notice_types(r))): r for r in releases}
    award = by_kind["UK6"]["awards"][0]
    assert award["standstillPeriod"]["startDate"] < award["standstillPeriod"]["endDate"]
    assert award["suppliers"][0]["name"] == awarded.winner.supplier.name
    observation = by_kind["UK9"]["contracts"][0]["implementation"]["metrics"][0]["observations"][0]
    assert observation["measureClassification"] == {
        "scheme": "UK",
        "id": "significantlyBelow",
        "description": "Inadequate",
    }
    assert by_kind["UK10"]["contracts"][0]["amendments"][0]["value"]["amount"] == 840000.0
    assert by_kind["UK11"]["contracts"][0]["status"] == "terminated"
    lots = by_kind["UK4"]["tender"]["lots"]
    weights = [c["numbers"][0]["number"] for c in lots[0]["awardCriteria"]["criteria"]]
    assert sum(weights) == 100  # price 60 + quality criteria 32 + 8 of the total
    text = json.dumps(package)
    for secret in ("987654.32", "Losing Bidder Zebra Ltd", "Zebra-justification"):
        assert secret not in text


def test_buyer_is_the_projects_contracting_authority(demo):
    cleaning = Project.objects.get(title="Cleaning of police premises")
    package = ocds.notice_release_package(cleaning, uri="https://x/p", published_only=False)
    buyer = package["releases"][0]["parties"][0]
    authority = cleaning.contracting_authority
    assert buyer["id"] == f"GB-PPON-{authority.identifier}"
    assert buyer["roles"] == ["buyer"]
    assert buyer["address"]["postalCode"] == authority.postcode
    assert package["releases"][0]["buyer"]["name"] == authority.name


def test_public_package_holds_only_published_notices(demo, client):
    cleaning = Project.objects.get(title="Cleaning of police premises")
    ocid = ocds.ocid_for(cleaning)
    response = client.get(f"/open-data/ocds/notices/{ocid}.json")
    assert response.status_code == 200
    package = json.loads(response.content)
    kinds = [next(iter(_notice_types(r))) for r in package["releases"]]
    assert sorted(kinds) == ["UK4", "UK6"]  # the demo records these two; UK7 is only due
    assert uk_problems(package) == []
    custody = Project.objects.get(title__icontains="custody healthcare")
    assert client.get(f"/open-data/ocds/notices/{ocds.ocid_for(custody)}.json").status_code == 404


def test_staff_download_holds_drafts_of_notices_due(demo, client_for):
    cleaning = Project.objects.get(title="Cleaning of police premises")
    response = client_for(Role.VIEWER).get(f"/notices/procurement/{cleaning.pk}/ocds.json")
    kinds = {next(iter(_notice_types(r))) for r in json.loads(response.content)["releases"]}
    assert {"UK4", "UK6", "UK7", "UK11"} <= kinds


def test_export_command_writes_published_notices_per_procurement(demo, tmp_path):
    out = io.StringIO()
    call_command("ocds", "export", str(tmp_path), stdout=out)
    cleaning = Project.objects.get(title="Cleaning of police premises")
    # Last year's procurement, contracted, with its notices recorded as published.
    domestic = Project.objects.get(title="Domestic abuse support services")
    written = sorted(p.name for p in (tmp_path / "notices").glob("*.json"))
    assert written == sorted([ocds.package_filename(cleaning), ocds.package_filename(domestic)])
    for name in written:
        package = json.loads((tmp_path / "notices" / name).read_text())
        assert uk_problems(package) == [], name
    assert "packages of published notices" in out.getvalue()
    commissioner = ContractingAuthority.objects.get(name__startswith="Police and Crime")
    other = tmp_path / "pcc"
    call_command("ocds", "export", str(other), "--authority", str(commissioner.pk), stdout=out)
    # The cleaning contract is the Chief Constable's; domestic abuse support the Commissioner's.
    assert [p.name for p in (other / "notices").glob("*.json")] == [ocds.package_filename(domestic)]
    assert ocds.package_filename(cleaning) not in [p.name for p in other.glob("*.json")]


def test_pipeline_notice_is_planning_releases_that_validate(demo, client_for):
    response = client_for(Role.VIEWER).get("/notices/pipeline/ocds.json")
    package = json.loads(response.content)
    assert uk_problems(package) == []
    titles = [r["tender"]["title"] for r in package["releases"]]
    assert "Refurbishment of Preston custody suite" in titles
    for release in package["releases"]:
        assert release["tag"] == ["planning"]
        assert release["planning"]["documents"][0]["noticeType"] == "UK1"
        assert release["tender"]["value"]["amountGross"] > 2000000
