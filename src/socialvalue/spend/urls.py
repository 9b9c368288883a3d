from django.urls import path, re_path

from socialvalue.spend import views

app_name = "spend"
urlpatterns = [
    path("", views.SpendFiguresView.as_view(), name="figures"),
    re_path(
        r"^figures\.(?P<format>csv|xlsx)$",
        views.SpendFiguresDownloadView.as_view(),
        name="figures_download",
    ),
    path("imports/", views.SpendImportListView.as_view(), name="import_list"),
    path("imports/new/", views.SpendUploadView.as_view(), name="import_create"),
    path("imports/<int:pk>/", views.SpendImportDetailView.as_view(), name="import_detail"),
    path(
        "imports/<int:pk>/contracting-authority/",
        views.SpendImportAuthorityView.as_view(),
        name="import_authority",
    ),
    path(
        "imports/<int:pk>/delete/",
        views.SpendImportDeleteView.as_view(),
        name="import_delete",
    ),
    path(
        "payments-over-30000/",
        views.SignificantPaymentsView.as_view(),
        name="significant_payments",
    ),
    path("unmatched-suppliers/", views.UnmatchedSuppliersView.as_view(), name="unmatched"),
]
