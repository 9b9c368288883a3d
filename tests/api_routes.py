"""Every API route and the roles that may read it: the API's role matrix (tests/api/).

The roles are those of the matching pages (tests/pages.py): the API checks the same
``rules`` permissions. ``supplier_scoped`` routes show a supplier's users only their own
organisation's records (tests/api/test_isolation.py checks it for supplier1 and supplier2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from socialvalue.accounts.roles import Role
from tests.pagekit import ALL, STAFF

SUPPLIER = frozenset({Role.SUPPLIER})
# Bids: a supplier's users (their own), and staff who read bid content once opened.
BID_READERS = frozenset(
    {
        Role.SUPPLIER,
        Role.ADMINISTRATOR,
        Role.PROCUREMENT_OFFICER,
        Role.VIEWER,
        Role.EVALUATOR,
    }
)
RESULT_READERS = frozenset(STAFF)  # an evaluator only for the panels they sit on


@dataclass(frozen=True)
class ApiRoute:
    name: str
    url: Callable[[], str]  # called inside the test, after the demo data is loaded
    roles: frozenset[Role]  # roles that may read it; every other role gets 403
    supplier_scoped: bool = False  # a supplier's users see only their organisation's
    public: bool = False  # open without signing in


def _api(name: str, *args) -> Callable[[], str]:
    return lambda: reverse(f"api:{name}", args=[a() if callable(a) else a for a in args])


def _first(model_path: str, **filters) -> Callable[[], int]:
    def pk() -> int:
        from django.apps import apps

        app_label, model_name = model_path.split(".")
        model = apps.get_model(app_label, model_name)
        return model.objects.filter(**filters).order_by("pk").first().pk

    return pk


ROUTES: list[ApiRoute] = [
    ApiRoute("schema", _api("schema"), ALL, public=True),
    ApiRoute("projects", _api("project-list"), STAFF),
    ApiRoute(
        "project",
        _api(
            "project-detail",
            _first("procurement.Project", title="Custody healthcare and forensic medical services"),
        ),
        STAFF,
    ),
    ApiRoute("opportunities", _api("opportunity-list"), ALL, public=True),
    ApiRoute(
        "opportunity",
        _api("opportunity-detail", _first("procurement.Project", published=True)),
        ALL,
        public=True,
    ),
    ApiRoute("suppliers", _api("supplier-list"), STAFF),
    ApiRoute("supplier", _api("supplier-detail", _first("suppliers.Supplier")), STAFF),
    ApiRoute("spend figures", _api("spend-figures"), STAFF),
    ApiRoute("tenders", _api("tender-list"), ALL),
    ApiRoute("tender", _api("tender-detail", _first("tendering.Tender", status="published")), ALL),
    ApiRoute("bids", _api("bid-list"), BID_READERS, supplier_scoped=True),
    # supplier1's bid for the custody tender (deadline passed; evaluator1 is on its panel).
    ApiRoute(
        "bid",
        _api(
            "bid-detail",
            _first(
                "tendering.Bid",
                status="submitted",
                supplier__companies_house_number="09000001",
                tender__title="Custody healthcare and forensic medical services",
            ),
        ),
        BID_READERS,
    ),
    ApiRoute("evaluations", _api("evaluation-list"), RESULT_READERS),
    # The cleaning tender: prices open, evaluator1 on its panel.
    ApiRoute(
        "evaluation",
        _api("evaluation-detail", _first("tendering.Tender", prices_opened_at__isnull=False)),
        RESULT_READERS,
    ),
    # Contracts and returns: staff see all, a supplier's users their own organisation's.
    ApiRoute("contracts", _api("contract-list"), ALL, supplier_scoped=True),
    ApiRoute(
        "contract",
        _api(
            "contract-detail", _first("contracts.Contract", supplier__users__username="supplier1")
        ),
        ALL,
    ),
    ApiRoute("delivery returns", _api("delivery-return-list"), ALL, supplier_scoped=True),
    ApiRoute(
        "delivery return",
        _api(
            "delivery-return-detail",
            _first("contracts.DeliveryReturn", contract__supplier__users__username="supplier1"),
        ),
        ALL,
    ),
    ApiRoute("reports", _api("report-list"), STAFF),
    ApiRoute("report", _api("report-detail", _first("reviews.AnnualReview")), STAFF),
]
