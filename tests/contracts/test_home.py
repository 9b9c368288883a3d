"""What the home page asks each role to do about contracts (on the demo data)."""

from __future__ import annotations

from socialvalue.accounts.roles import Role


def test_supplier_is_asked_for_the_overdue_return_and_the_correction(client_for):
    page = client_for(Role.SUPPLIER).get("/").content.decode()
    assert "Submit the return for LC-C-2025-031" in page
    assert "Overdue: it was due" in page
    assert "Correct the rejected line" in page
    assert "previous quarter" in page  # the manager's reason


def test_manager_is_asked_for_a_recovery_plan_and_a_variation_decision(client_for):
    page = client_for(Role.CONTRACT_MANAGER).get("/").content.decode()
    assert "Record a recovery plan for Spend with micro, small and VCSE" in page
    # The demo's greenhouse gas KPI is red but already has a plan.
    assert "Record a recovery plan for Greenhouse gas" not in page
    assert "Decide on a variation of LC-C-2025-031" in page
    assert "See social value delivery" in page


def test_officer_who_asked_does_not_decide_and_viewer_only_reads(client_for):
    officer = client_for(Role.PROCUREMENT_OFFICER).get("/").content.decode()
    assert "Decide on a variation" not in officer
    viewer = client_for(Role.VIEWER).get("/").content.decode()
    assert "See contracts" in viewer and "Record a recovery plan" not in viewer
