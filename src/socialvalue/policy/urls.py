from django.urls import path, re_path

from socialvalue.policy import views

app_name = "policy"
urlpatterns = [
    path("policy/", views.PolicyOverviewView.as_view(), name="overview"),
    path("policy/organisation/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path(
        "policy/plan-periods/new/", views.PlanPeriodCreateView.as_view(), name="plan_period_create"
    ),
    path(
        "policy/plan-periods/<int:pk>/", views.PlanPeriodEditView.as_view(), name="plan_period_edit"
    ),
    path("policy/priorities/new/", views.PriorityCreateView.as_view(), name="priority_create"),
    path("policy/priorities/<int:pk>/", views.PriorityEditView.as_view(), name="priority_edit"),
    path("policy/statements/new/", views.StatementCreateView.as_view(), name="statement_create"),
    path("policy/statements/<int:pk>/", views.StatementEditView.as_view(), name="statement_edit"),
    path(
        "policy/evaluation-rule/new/",
        views.EvaluationRuleCreateView.as_view(),
        name="evaluation_rule_create",
    ),
    path(
        "policy/delivery-status/new/",
        views.DeliveryStatusRuleCreateView.as_view(),
        name="delivery_status_rule_create",
    ),
    path("policy/thresholds/", views.ThresholdListView.as_view(), name="threshold_list"),
    path("policy/thresholds/new/", views.ThresholdCreateView.as_view(), name="threshold_create"),
    path("policy/thresholds/<int:pk>/", views.ThresholdEditView.as_view(), name="threshold_edit"),
    path("policy/authorities/new/", views.AuthorityCreateView.as_view(), name="authority_create"),
    path("policy/authorities/<int:pk>/", views.AuthorityEditView.as_view(), name="authority_edit"),
    path("policy/local-areas/new/", views.LocalAreaCreateView.as_view(), name="local_area_create"),
    path("policy/local-areas/<int:pk>/", views.LocalAreaEditView.as_view(), name="local_area_edit"),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/new/", views.MeasureCreateView.as_view(), name="measure_create"),
    path("measures/import/", views.MeasureImportView.as_view(), name="measure_import"),
    path(
        "measures/import/<int:pk>/",
        views.MeasureImportDetailView.as_view(),
        name="measure_import_detail",
    ),
    re_path(
        r"^measures/export\.(?P<format>csv|xlsx)$",
        views.MeasureExportView.as_view(),
        name="measure_export",
    ),
    path("measures/themes/new/", views.ThemeCreateView.as_view(), name="theme_create"),
    path("measures/themes/<int:pk>/", views.ThemeEditView.as_view(), name="theme_edit"),
    path("measures/outcomes/new/", views.OutcomeCreateView.as_view(), name="outcome_create"),
    path("measures/outcomes/<int:pk>/", views.OutcomeEditView.as_view(), name="outcome_edit"),
    path("measures/<str:code>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<str:code>/edit/", views.MeasureEditView.as_view(), name="measure_edit"),
]
