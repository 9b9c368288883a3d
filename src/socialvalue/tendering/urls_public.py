"""The public tender pages (no sign-in). Mounted under /tenders/."""

from django.urls import path

from socialvalue.tendering import public_views

urlpatterns = [
    path("open/", public_views.PublicTenderListView.as_view(), name="public_list"),
    path("open/<int:pk>/", public_views.PublicTenderDetailView.as_view(), name="public_detail"),
]
