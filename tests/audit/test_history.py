from __future__ import annotations

from decimal import Decimal

from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.policy.models import EvaluationRule, Measure
from tests.conftest import about


def test_editing_a_measure_keeps_history_and_an_audit_event(client_for, user_for):
    client = client_for(Role.ADMINISTRATOR)
    measure = Measure.objects.get(code="FCC1")
    data = {
        "code": "FCC1",
        "title": measure.title,
        "outcome": measure.outcome_id,
        "unit": measure.unit,
        "proxy_value": "294.50",
        "proxy_source": "DESNZ/HMT carbon value (central) 2030",
        "proxy_year": "2030",
        "evidence_required": measure.evidence_required,
        "priorities": [p.pk for p in measure.priorities.all()],
        "active": "on",
    }
    response = client.post("/measures/FCC1/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.proxy_value == Decimal("294.50")
    values = [h.proxy_value for h in measure.history.order_by("history_date")]
    assert values[0] == Decimal("268.97") and values[-1] == Decimal("294.50")
    assert measure.history.latest().history_user == user_for(Role.ADMINISTRATOR)
    event = Event.objects.filter(verb="measure.changed", **about(measure)).get()
    assert event.actor == user_for(Role.ADMINISTRATOR)
    assert "proxy_value" in event.data["fields"]


def test_new_evaluation_rule_keeps_the_old_one(client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        "/policy/evaluation-rule/new/",
        {"minimum_weighting_percent": "5.00", "basis": "quality", "effective_from": "2027-04-01"},
    )
    assert response.status_code == 302
    assert list(EvaluationRule.objects.values_list("minimum_weighting_percent", flat=True)) == [
        Decimal("5.00"),
        Decimal("2.50"),
    ]


def test_audit_log_cannot_be_changed_in_the_django_admin(client_for):
    client = client_for(Role.ADMINISTRATOR)
    event = Event.objects.first()
    assert client.get(f"/django-admin/audit/event/{event.pk}/delete/").status_code == 403
