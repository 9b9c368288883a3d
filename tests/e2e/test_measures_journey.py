"""An administrator imports a measures library in the browser: a bad file first, then a good one."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from socialvalue.policy.models import Measure


def test_administrator_corrects_and_imports_a_library(demo, live_server, sign_in, tmp_path):
    header = "code,title,theme,outcome,unit,evidence_required,priorities\n"
    bad = tmp_path / "library.csv"
    bad.write_text(header + "LOC1,Local suppliers engaged,TEI,Supply chain,,Attendance list,4\n")
    page = sign_in(Role.ADMINISTRATOR)
    page.goto(live_server.url + "/measures/import/")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Check and import").click()
    assert page.locator("#import-status").inner_text() == "Not imported"
    problems = page.locator("#import-problems")
    assert "enter the unit" in problems.inner_text()
    assert "2" in problems.locator("td").first.inner_text()
    assert not Measure.objects.filter(code="LOC1").exists()

    good = tmp_path / "library-fixed.csv"
    good.write_text(
        header + "LOC1,Local suppliers engaged,TEI,Supply chain,organisations,Attendance list,4\n"
    )
    page.get_by_role("link", name="Import a corrected file").click()
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Check and import").click()
    # The import runs in the task worker (immediately in tests); its page shows the result.
    assert page.locator("#import-status").inner_text() == "Imported"
    assert "1 measures added" in page.locator("#import-message").inner_text()
    page.goto(live_server.url + "/measures/LOC1/")
    assert page.locator("h1").inner_text() == "LOC1: Local suppliers engaged"
