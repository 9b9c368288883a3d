"""Pages of issue 5: award, contracts, delivery. See tests/pages.py.

The pages are opened on the demo's pre-platform contract (supplier1's organisation), whose
third quarter's return is overdue and whose second has a rejected line."""

from __future__ import annotations

from collections.abc import Callable

from socialvalue.accounts.roles import Role
from tests.pagekit import ALL, STAFF, Page, _download, _url

AWARD = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})
MANAGE = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER, Role.CONTRACT_MANAGER})
VERIFY = frozenset({Role.ADMINISTRATOR, Role.CONTRACT_MANAGER})
SUPPLIER = frozenset({Role.SUPPLIER})
MESSAGE = MANAGE | SUPPLIER
DEMO_CONTRACT = "LC-C-2025-031"


def _contract() -> int:
    from socialvalue.contracts.models import Contract

    return Contract.objects.get(reference=DEMO_CONTRACT).pk


def _line(status: str) -> Callable[[], int]:
    def pk() -> int:
        from socialvalue.contracts.models import ReturnLine

        lines = ReturnLine.objects.filter(delivery_return__contract__reference=DEMO_CONTRACT)
        return lines.filter(status=status).order_by("pk").first().pk

    return pk


def _model_pk(model: str) -> Callable[[], int]:
    def pk() -> int:
        from django.apps import apps

        queryset = apps.get_model("contracts", model).objects
        return queryset.filter(**{_CONTRACT_PATH[model]: DEMO_CONTRACT}).order_by("pk")[0].pk

    return pk


_CONTRACT_PATH = {
    "Kpi": "contract__reference",
    "ContractVariation": "contract__reference",
    "EvidenceFile": "line__delivery_return__contract__reference",
}


def _tender() -> int:
    """The awarded cleaning tender when the demo has one, else any tender: the award page
    opens for both (it says when a tender cannot be awarded)."""
    from socialvalue.tendering.models import Tender

    return Tender.objects.order_by("-awarded_at", "pk").first().pk


def _supplier() -> int:
    from socialvalue.contracts.models import Contract

    return Contract.objects.get(reference=DEMO_CONTRACT).supplier_id


PAGES: list[Page] = [
    Page("contracts", _url("contracts:contract_list"), ALL),
    Page("contracts CSV", _download("csv", "contracts:contract_list"), ALL, html=False),
    Page("contracts XLSX", _download("xlsx", "contracts:contract_list"), ALL, html=False),
    Page("contract", _url("contracts:contract_detail", _contract), ALL),
    Page("contract record", _url("contracts:contract_create"), AWARD),
    Page("contract award", _url("contracts:award", _tender), AWARD),
    Page("award decision", _url("contracts:award_decide", _tender), AWARD),
    Page("award without a standstill", _url("contracts:standstill_exemption", _tender), AWARD),
    Page("contract KPI add", _url("contracts:kpi_create", _contract), MANAGE),
    Page("contract return", _url("contracts:return_detail", _contract, 2), ALL),
    Page("contract return submit", _url("contracts:return_submit", _contract, 3), SUPPLIER),
    Page("contract line correct", _url("contracts:line_correct", _line("rejected")), SUPPLIER),
    Page("contract line check", _url("contracts:line_review", _line("verified")), VERIFY),
    Page(
        "contract evidence",
        _url("contracts:evidence_download", _model_pk("EvidenceFile")),
        ALL,
        html=False,
    ),
    Page("contract recovery plan", _url("contracts:recovery_plan", _model_pk("Kpi")), VERIFY),
    Page("contract messages", _url("contracts:messages", _contract), MESSAGE),
    Page("contract variation add", _url("contracts:variation_create", _contract, "value"), MANAGE),
    Page(
        "contract variation decide",
        _url("contracts:variation_decide", _model_pk("ContractVariation")),
        MANAGE,
    ),
    Page("delivery dashboard", _url("contracts:dashboard"), STAFF),
    Page("delivery dashboard CSV", lambda: "/contracts/dashboard/?format=csv", STAFF, html=False),
    Page("supplier delivery record", _url("contracts:supplier_record", _supplier), STAFF),
    Page(
        "supplier delivery record CSV",
        _download("csv", "contracts:supplier_record", _supplier),
        STAFF,
        html=False,
    ),
    Page(
        "supplier delivery record XLSX",
        _download("xlsx", "contracts:supplier_record", _supplier),
        STAFF,
        html=False,
    ),
]

# The policy's delivery thresholds (policy data used by contracts).
PAGES.append(
    Page(
        "delivery thresholds",
        _url("policy:delivery_status_rule_create"),
        frozenset({Role.ADMINISTRATOR}),
    )
)
