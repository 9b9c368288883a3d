"""Every page of the service and the roles that may open it.

The role matrix test (tests/test_role_matrix.py) and the browser accessibility scan
(tests/e2e/test_accessibility.py) both read this table. Each area adds its pages in its own
``tests/pages_<area>.py`` (tendering, contracts, reporting), gathered at the end of this file.
"""

from __future__ import annotations

from collections.abc import Callable

from socialvalue.accounts.roles import Role
from tests.pagekit import ADMIN, ALL, AUDIT, IMPORTERS, STAFF, Page, _download, _pk, _url


def _user_change() -> int:
    """A change waiting for a second administrator: viewer to be made a user of a supplier."""
    from socialvalue.accounts.models import User
    from socialvalue.accounts.services import user_change_request
    from socialvalue.suppliers.models import Supplier

    change = user_change_request(
        actor=None,
        user=User.objects.get(username="viewer"),
        role=Role.SUPPLIER,
        supplier=Supplier.objects.filter(users__isnull=False).first(),
    )
    return change.pk


def _import_job(model_path: str) -> Callable[[], int]:
    """A background import job's page: the demo has none, so one is stored (not run)."""

    def pk() -> int:
        from django.apps import apps
        from django.core.files.base import ContentFile

        job = apps.get_model(*model_path.split(".")).objects.create(filename="file.csv")
        job.upload.save("file.csv", ContentFile(b"name\n"), save=True)
        return job.pk

    return pk


def _of_first_body(url: Callable[[], str]) -> Callable[[], str]:
    """A page filtered to the first contracting authority (the demo's Commissioner)."""

    def filtered() -> str:
        from socialvalue.policy.models import ContractingAuthority

        first = ContractingAuthority.objects.order_by("order", "name").first()
        return f"{url()}?authority={first.pk}"

    return filtered


def _payee_url(name: str) -> Callable[[], str]:
    """A register page opened from the unmatched payees' review, for its largest payee."""

    def url() -> str:
        from urllib.parse import urlencode

        from django.urls import reverse

        from socialvalue.spend.selectors import unmatched_suppliers

        payee = unmatched_suppliers(limit=1)[0].name
        return reverse(name) + "?" + urlencode({"payee": payee})

    return url


PAGES: list[Page] = [
    Page("sign in", _url("accounts:login"), ALL, public=True),
    Page("home", _url("core:home"), ALL, public=True),
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
    Page(
        "measures import result",
        _url("policy:measure_import_detail", _import_job("policy.MeasureImport")),
        ADMIN,
    ),
    Page("theme add", _url("policy:theme_create"), ADMIN),
    Page("theme edit", _url("policy:theme_edit", _pk("policy.Theme")), ADMIN),
    Page("outcome add", _url("policy:outcome_create"), ADMIN),
    Page("outcome edit", _url("policy:outcome_edit", _pk("policy.Outcome")), ADMIN),
    Page("users", _url("accounts:user_list"), ADMIN),
    Page("users CSV", _download("csv", "accounts:user_list"), ADMIN, html=False),
    Page("users XLSX", _download("xlsx", "accounts:user_list"), ADMIN, html=False),
    Page("user add", _url("accounts:user_create"), ADMIN),
    Page("user edit", _url("accounts:user_edit", _pk("accounts.User")), ADMIN),
    Page("user changes", _url("accounts:change_list"), ADMIN),
    Page("user change", _url("accounts:change_detail", lambda: _user_change()), ADMIN),
    Page("audit log", _url("audit:event_list"), AUDIT),
    Page("spend figures", _url("spend:figures"), STAFF),
    Page("spend figures of one body", _of_first_body(_url("spend:figures")), STAFF),
    Page("spend figures CSV", _url("spend:figures_download", "csv"), STAFF, html=False),
    Page(
        "spend figures CSV of one body",
        _of_first_body(_url("spend:figures_download", "csv")),
        STAFF,
        html=False,
    ),
    Page("spend figures XLSX", _url("spend:figures_download", "xlsx"), STAFF, html=False),
    Page("payment imports", _url("spend:import_list"), STAFF),
    Page("payment import", _url("spend:import_create"), IMPORTERS),
    Page("payment import result", _url("spend:import_detail", _pk("spend.SpendImport")), STAFF),
    Page(
        "delete a payment import",
        _url("spend:import_delete", _pk("spend.SpendImport")),
        IMPORTERS,
    ),
    Page(
        "payment import contracting authority",
        _url("spend:import_authority", _pk("spend.SpendImport")),
        IMPORTERS,
    ),
    Page("unmatched suppliers", _url("spend:unmatched"), STAFF),
    Page("payments over £30,000", _url("spend:significant_payments"), STAFF),
    Page("supplier register", _url("suppliers:supplier_list"), STAFF),
    Page("supplier add", _url("suppliers:supplier_create"), IMPORTERS),
    Page("supplier add from a payee", _payee_url("suppliers:supplier_create"), IMPORTERS),
    Page("supplier edit", _url("suppliers:supplier_edit", _pk("suppliers.Supplier")), IMPORTERS),
    Page("payee as a supplier's alias", _payee_url("suppliers:alias_add"), IMPORTERS),
    Page("accept suggested suppliers", _url("suppliers:suggestions_accept"), IMPORTERS),
    Page("supplier import", _url("suppliers:supplier_import"), IMPORTERS),
    Page(
        "supplier import result",
        _url("suppliers:supplier_import_detail", _import_job("suppliers.SupplierImport")),
        IMPORTERS,
    ),
]

# Procurement projects, assessment, engagement, public pipeline and guidance (issue 3).
PROCUREMENT_READ = STAFF
PROCUREMENT_MANAGE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})


def _project(title: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.procurement.models import Project

        return Project.objects.get(title=title).pk

    return pk


def _event() -> int:
    from socialvalue.procurement.models import EngagementRecord

    return EngagementRecord.objects.filter(registration_open=True).order_by("pk").first().pk


def _engagement_file() -> int:
    """The demo keeps no engagement file: one is stored for the test."""
    from django.core.files.base import ContentFile

    from socialvalue.accounts.models import User
    from socialvalue.procurement.models import EngagementAttachment

    attachment = EngagementAttachment(
        record_id=_event(),
        name="attendance.csv",
        size=5,
        uploaded_by=User.objects.get(username="officer"),
    )
    attachment.file.save("attendance.csv", ContentFile(b"name\n"), save=True)
    return attachment.pk


_CUSTODY = _project("Custody healthcare and forensic medical services")
_FLEET = _project("Fleet vehicle maintenance and tyres")

PAGES += [
    Page("projects", _url("procurement:project_list"), PROCUREMENT_READ),
    Page("project add", _url("procurement:project_create"), PROCUREMENT_MANAGE),
    Page("project", _url("procurement:project_detail", _CUSTODY), PROCUREMENT_READ),
    Page("project edit", _url("procurement:project_edit", _FLEET), PROCUREMENT_MANAGE),
    Page("lot add", _url("procurement:lot_create", _FLEET), PROCUREMENT_MANAGE),
    Page(
        "project move",
        _url("procurement:project_move", _FLEET, "tender"),
        PROCUREMENT_MANAGE,
    ),
    Page("duty check", _url("procurement:duty", _CUSTODY), PROCUREMENT_READ),
    Page("assessment", _url("procurement:assessment", _CUSTODY), PROCUREMENT_READ),
    Page("assessment edit", _url("procurement:assessment_edit", _FLEET), PROCUREMENT_MANAGE),
    Page(
        "assessment measure add",
        _url("procurement:assessment_measure_create", _FLEET),
        PROCUREMENT_MANAGE,
    ),
    Page("value bands", _url("procurement:band_list"), PROCUREMENT_READ),
    Page("value band add", _url("procurement:band_create"), ADMIN),
    Page("value band edit", _url("procurement:band_edit", _pk("procurement.ValueBand")), ADMIN),
    Page("engagement", _url("procurement:engagement_list"), PROCUREMENT_READ),
    Page("engagement add", _url("procurement:engagement_create"), PROCUREMENT_MANAGE),
    Page("engagement record", _url("procurement:engagement_detail", _event), PROCUREMENT_READ),
    Page("engagement edit", _url("procurement:engagement_edit", _event), PROCUREMENT_MANAGE),
    Page("engagement file add", _url("procurement:attachment_create", _event), PROCUREMENT_MANAGE),
    Page(
        "engagement file",
        _url("procurement:attachment_download", _engagement_file),
        PROCUREMENT_READ,
        html=False,
    ),
    Page("attendance", _url("procurement:attendance", _event), PROCUREMENT_MANAGE),
    Page("reach report", _url("procurement:reach"), PROCUREMENT_READ),
    Page("pipeline", _url("procurement:pipeline"), ALL, public=True),
    Page("pipeline CSV", _url("procurement:pipeline_csv"), ALL, public=True, html=False),
    Page("register interest", _url("procurement:interest", _FLEET), ALL, public=True),
    Page("event registration", _url("procurement:event_register", _event), ALL, public=True),
    Page("guidance", _url("procurement:guidance_list"), ALL, public=True),
    Page(
        "supplier guidance",
        _url("procurement:guidance_detail", "social-value-for-suppliers"),
        ALL,
        public=True,
    ),
    Page(
        "staff guidance",
        _url("procurement:guidance_detail", "assessing-social-value"),
        PROCUREMENT_READ,
    ),
    Page("guidance add", _url("procurement:guidance_create"), ADMIN),
    Page("guidance edit", _url("procurement:guidance_edit", "social-value-for-suppliers"), ADMIN),
]

# The areas that keep their own tables (issues 4, 5 and 7).
from tests.pages_accounts import PAGES as ACCOUNT_PAGES  # noqa: E402
from tests.pages_contracts import PAGES as CONTRACT_PAGES  # noqa: E402
from tests.pages_flags import PAGES as FLAG_PAGES  # noqa: E402
from tests.pages_joining import PAGES as JOINING_PAGES  # noqa: E402
from tests.pages_notices import PAGES as NOTICE_PAGES  # noqa: E402
from tests.pages_notifications import PAGES as NOTIFICATION_PAGES  # noqa: E402
from tests.pages_reporting import PAGES as REPORTING_PAGES  # noqa: E402
from tests.pages_tendering import PAGES as TENDERING_PAGES  # noqa: E402

PAGES += (
    TENDERING_PAGES
    + CONTRACT_PAGES
    + REPORTING_PAGES
    + ACCOUNT_PAGES
    + NOTICE_PAGES
    + JOINING_PAGES
    + FLAG_PAGES
    + NOTIFICATION_PAGES
)
