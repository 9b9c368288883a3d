"""The audit log reads as words: actions and their detail as "Name: value" lines."""

from __future__ import annotations

import csv
import io

from socialvalue.accounts.roles import Role
from socialvalue.audit.display import detail_lines, detail_text, verb_label
from socialvalue.audit.services import event_record


def test_verb_and_data_in_words():
    assert verb_label("tender.award_recommended") == "Tender: award recommended"
    assert verb_label("api_token.revoked") == "API token: revoked"
    assert detail_lines(
        {
            "lines_added": 3,
            "from": "draft",
            "to": {"quantity": "12.00", "version": 2},
            "fields": ["title", "ends_on"],
            "told": True,
            "supplier": None,
        }
    ) == [  # alphabetical: PostgreSQL's jsonb keeps no key order
        "Fields: title, ends on",
        "From: draft",
        "Lines added: 3",
        "Supplier: none",
        "To: quantity 12.00, version 2",
        "Told: yes",
    ]
    assert detail_text({"a_b": 1, "c": 2}) == "A b: 1; C: 2"
    assert detail_lines({"total_added": "-12.5", "value": "not a number"}) == [
        "Total added: -£12.50",
        "Value: not a number",
    ]
    assert detail_lines({}) == []


def test_audit_page_and_download_show_readable_detail(client_for, user_for):
    event_record(
        actor=user_for(Role.ADMINISTRATOR),
        verb="contract.variation_requested",
        reason="Budget cut",
        data={"kind": "value", "old": {"value": "250000.00"}, "new": {"value": "240000.00"}},
    )
    client = client_for(Role.ADMINISTRATOR)
    page = client.get("/audit/?verb=contract.variation_requested").content.decode()
    assert "Contract: variation requested" in page
    assert "<li>New: value £240,000.00</li>" in page
    assert "{&#x27;" not in page and "{'" not in page

    response = client.get("/audit/?verb=contract.variation_requested&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    mine = next(r for r in rows if r["Reason"] == "Budget cut")
    assert mine["Action"] == "Contract: variation requested"
    assert mine["Action code"] == "contract.variation_requested"
    assert mine["Detail"] == "Kind: value; New: value £240,000.00; Old: value £250,000.00"
