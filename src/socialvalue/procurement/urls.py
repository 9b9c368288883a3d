from django.urls import path

from socialvalue.procurement import views

app_name = "procurement"
urlpatterns = [
    path("procurement/", views.ProjectListView.as_view(), name="project_list"),
    path("procurement/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("procurement/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("procurement/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("procurement/<int:pk>/lots/new/", views.LotCreateView.as_view(), name="lot_create"),
    path(
        "procurement/<int:pk>/move/<str:stage>/",
        views.StageMoveView.as_view(),
        name="project_move",
    ),
    path("procurement/<int:pk>/duty/", views.DutyCheckView.as_view(), name="duty"),
    path("procurement/<int:pk>/assessment/", views.AssessmentView.as_view(), name="assessment"),
    path(
        "procurement/<int:pk>/assessment/edit/",
        views.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path(
        "procurement/<int:pk>/assessment/measures/new/",
        views.AssessmentMeasureCreateView.as_view(),
        name="assessment_measure_create",
    ),
    path(
        "procurement/<int:pk>/assessment/measures/<int:item>/remove/",
        views.AssessmentMeasureRemoveView.as_view(),
        name="assessment_measure_remove",
    ),
    path("procurement/bands/", views.BandListView.as_view(), name="band_list"),
    path("procurement/bands/new/", views.BandCreateView.as_view(), name="band_create"),
    path("procurement/bands/<int:pk>/", views.BandEditView.as_view(), name="band_edit"),
    path("engagement/", views.EngagementListView.as_view(), name="engagement_list"),
    path("engagement/new/", views.EngagementCreateView.as_view(), name="engagement_create"),
    path("engagement/reach/", views.ReachReportView.as_view(), name="reach"),
    path("engagement/<int:pk>/", views.EngagementDetailView.as_view(), name="engagement_detail"),
    path("engagement/<int:pk>/edit/", views.EngagementEditView.as_view(), name="engagement_edit"),
    path(
        "engagement/<int:pk>/files/new/",
        views.AttachmentCreateView.as_view(),
        name="attachment_create",
    ),
    path(
        "engagement/files/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("engagement/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("opportunities/", views.PipelineView.as_view(), name="pipeline"),
    path("opportunities.csv", views.PipelineCsvView.as_view(), name="pipeline_csv"),
    path("opportunities/<int:pk>/interest/", views.InterestView.as_view(), name="interest"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<int:pk>/register/", views.EventRegisterView.as_view(), name="event_register"),
    path("guidance/", views.GuidanceListView.as_view(), name="guidance_list"),
    path("guidance/new/", views.GuidanceCreateView.as_view(), name="guidance_create"),
    path("guidance/<slug:slug>/", views.GuidanceDetailView.as_view(), name="guidance_detail"),
    path("guidance/<slug:slug>/edit/", views.GuidanceEditView.as_view(), name="guidance_edit"),
]
