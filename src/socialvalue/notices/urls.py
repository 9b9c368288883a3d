from django.urls import path

from socialvalue.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.DueListView.as_view(), name="due_list"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("pipeline/ocds.json", views.PipelineOcdsView.as_view(), name="pipeline_ocds"),
    path(
        "payments-compliance/",
        views.PaymentsComplianceView.as_view(),
        name="payments_compliance",
    ),
    path(
        "payments-compliance/<str:period>/",
        views.PaymentsNoticeView.as_view(),
        name="payments_notice",
    ),
    path(
        "payments-compliance/<str:period>/<int:authority>/",
        views.PaymentsAuthorityNoticeView.as_view(),
        name="payments_authority_notice",
    ),
    path(
        "payments-compliance/<str:period>/<int:authority>/record/",
        views.PaymentsNoticeRecordView.as_view(),
        name="payments_notice_record",
    ),
    path(
        "payments-compliance/<str:period>/<int:authority>/correct/",
        views.PaymentsNoticeCorrectView.as_view(),
        name="payments_notice_correct",
    ),
    path("procurement/<int:pk>/", views.ProjectNoticesView.as_view(), name="project_notices"),
    path("procurement/<int:pk>/ocds.json", views.ProjectOcdsView.as_view(), name="project_ocds"),
    path("procurement/<int:pk>/exemption/", views.ExemptionView.as_view(), name="exemption"),
    path(
        "procurement/<int:pk>/<str:slug>/", views.NoticeDetailView.as_view(), name="notice_detail"
    ),
    path(
        "procurement/<int:pk>/<str:slug>/record/",
        views.PublicationView.as_view(),
        name="notice_record",
    ),
    path(
        "procurement/<int:pk>/<str:slug>/correct/",
        views.PublicationCorrectView.as_view(),
        name="notice_correct",
    ),
    path(
        "procurement/<int:pk>/<str:slug>/ratings/",
        views.RatingsView.as_view(),
        name="notice_ratings",
    ),
]
