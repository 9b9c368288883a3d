from django.urls import path

from socialvalue.transparency import views

app_name = "transparency"
urlpatterns = [
    path("transparency/", views.HeadlinesView.as_view(), name="headlines"),
    path("transparency/contracts/", views.AwardedContractsView.as_view(), name="contracts"),
    path("open-data/", views.OpenDataView.as_view(), name="open_data"),
    path("open-data/ocds/<str:ocid>.json", views.OcdsPackageView.as_view(), name="ocds_package"),
    path(
        "open-data/ocds/notices/<str:ocid>.json",
        views.OcdsNoticesView.as_view(),
        name="ocds_notices",
    ),
]
