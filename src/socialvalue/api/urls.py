"""The REST API under /api/ (docs/api.md), its OpenAPI schema and its two HTML pages."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from socialvalue.api import pages, views

app_name = "api"

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("suppliers", views.SupplierViewSet, basename="supplier")
router.register("tenders", views.TenderViewSet, basename="tender")
router.register("bids", views.BidViewSet, basename="bid")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("delivery-returns", views.DeliveryReturnViewSet, basename="delivery-return")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.DocsView.as_view(), name="docs"),
    path("token/", pages.TokenView.as_view(), name="token"),
    path("spend/figures/", views.SpendFiguresView.as_view(), name="spend-figures"),
    *router.urls,
    # Anything else under /api/ is a JSON 404, like the API's own refusals.
    re_path(r"^.*$", views.not_found, name="not_found"),
]
