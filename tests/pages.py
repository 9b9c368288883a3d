"""Every page of the service and the roles that may open it.

The role matrix test (tests/test_role_matrix.py) and the browser accessibility scan
(tests/e2e/test_accessibility.py) both read this table; each issue adds its pages here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from socialvalue.accounts.roles import Role

ALL = frozenset(Role)
STAFF = frozenset(ALL - {Role.SUPPLIER})
ADMIN = frozenset({Role.ADMINISTRATOR})
AUDIT = frozenset({Role.ADMINISTRATOR, Role.VIEWER})


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]  # called inside the test, after the demo data is loaded
    roles: frozenset[Role]  # roles that may open it; everyone else gets 403
    public: bool = False  # open without signing in
    html: bool = True  # False for downloads (no accessibility scan)


def _first(model_path: str) -> int:
    from django.apps import apps

    app_label, model_name = model_path.split(".")
    return apps.get_model(app_label, model_name).objects.order_by("pk").first().pk


def _url(name: str, *args) -> Callable[[], str]:
    return lambda: reverse(name, args=[a() if callable(a) else a for a in args])


def _pk(model_path: str) -> Callable[[], int]:
    return lambda: _first(model_path)


PAGES: list[Page] = [
    Page("sign in", _url("accounts:login"), ALL, public=True),
    Page("home", _url("core:home"), ALL),
    Page("policy overview", _url("policy:overview"), STAFF),
    Page("thresholds", _url("policy:threshold_list"), STAFF),
    Page("measures library", _url("policy:measure_list"), ALL),
    Page("measure", _url("policy:measure_detail", "TEI1"), ALL),
    Page("measures CSV", _url("policy:measure_export", "csv"), ALL, html=False),
    Page("measures XLSX", _url("policy:measure_export", "xlsx"), ALL, html=False),
    Page("organisation edit", _url("policy:organisation_edit"), ADMIN),
    Page("plan period add", _url("policy:plan_period_create"), ADMIN),
    Page("plan period edit", _url("policy:plan_period_edit", _pk("policy.PlanPeriod")), ADMIN),
    Page("priority add", _url("policy:priority_create"), ADMIN),
    Page("priority edit", _url("policy:priority_edit", _pk("policy.Priority")), ADMIN),
    Page("statement add", _url("policy:statement_create"), ADMIN),
    Page("statement edit", _url("policy:statement_edit", _pk("policy.PolicyStatement")), ADMIN),
    Page("evaluation rule", _url("policy:evaluation_rule_create"), ADMIN),
    Page("threshold add", _url("policy:threshold_create"), ADMIN),
    Page("threshold edit", _url("policy:threshold_edit", _pk("policy.Threshold")), ADMIN),
    Page("local area add", _url("policy:local_area_create"), ADMIN),
    Page("local area edit", _url("policy:local_area_edit", _pk("policy.LocalArea")), ADMIN),
    Page("measure add", _url("policy:measure_create"), ADMIN),
    Page("measure edit", _url("policy:measure_edit", "TEI1"), ADMIN),
    Page("measures import", _url("policy:measure_import"), ADMIN),
    Page("theme add", _url("policy:theme_create"), ADMIN),
    Page("theme edit", _url("policy:theme_edit", _pk("policy.Theme")), ADMIN),
    Page("outcome add", _url("policy:outcome_create"), ADMIN),
    Page("outcome edit", _url("policy:outcome_edit", _pk("policy.Outcome")), ADMIN),
    Page("users", _url("accounts:user_list"), ADMIN),
    Page("user add", _url("accounts:user_create"), ADMIN),
    Page("user edit", _url("accounts:user_edit", _pk("accounts.User")), ADMIN),
    Page("audit log", _url("audit:event_list"), AUDIT),
]
