from django.urls import path

from socialvalue.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.ContractListView.as_view(), name="contract_list"),
    path("new/", views.ContractRecordView.as_view(), name="contract_create"),
    path("award/<int:tender_pk>/", views.AwardView.as_view(), name="award"),
    path("award/<int:tender_pk>/decision/", views.AwardDecisionView.as_view(), name="award_decide"),
    path(
        "award/<int:tender_pk>/no-standstill/",
        views.StandstillExemptionView.as_view(),
        name="standstill_exemption",
    ),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("suppliers/<int:pk>/", views.SupplierRecordView.as_view(), name="supplier_record"),
    path("<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("<int:pk>/kpis/new/", views.KpiCreateView.as_view(), name="kpi_create"),
    path("<int:pk>/returns/<int:period>/", views.ReturnDetailView.as_view(), name="return_detail"),
    path(
        "<int:pk>/returns/<int:period>/submit/",
        views.ReturnSubmitView.as_view(),
        name="return_submit",
    ),
    path("<int:pk>/messages/", views.MessagesView.as_view(), name="messages"),
    path(
        "<int:pk>/variations/new/<str:kind>/",
        views.VariationCreateView.as_view(),
        name="variation_create",
    ),
    path("variations/<int:pk>/", views.VariationDecideView.as_view(), name="variation_decide"),
    path("lines/<int:pk>/correct/", views.LineCorrectView.as_view(), name="line_correct"),
    path("lines/<int:pk>/check/", views.LineReviewView.as_view(), name="line_review"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("kpis/<int:pk>/recovery-plan/", views.RecoveryPlanView.as_view(), name="recovery_plan"),
]
