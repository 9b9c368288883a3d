"""Every notice page of every demo procurement opens for an officer, with its OCDS."""

from socialvalue.accounts.roles import Role
from socialvalue.notices import selectors
from socialvalue.procurement.models import Project


def test_every_demo_project_notice_page_opens(demo, client_for, awarded):
    client = client_for(Role.PROCUREMENT_OFFICER)

    for project in Project.objects.all():
        response = client.get(f"/notices/procurement/{project.pk}/")
        assert response.status_code == 200, project
        for row in selectors.notices_for(project).rows:
            r = client.get(f"/notices/procurement/{project.pk}/{row.slug}/")
            assert r.status_code == 200, (project, row.key)
        r = client.get(f"/notices/procurement/{project.pk}/ocds.json")
        assert r.status_code == 200
    assert client.get("/notices/").status_code == 200
    assert client.get("/notices/pipeline/").status_code == 200
    assert client.get("/notices/pipeline/ocds.json").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/procurement/").status_code == 200
    assert client.get("/policy/").status_code == 200
