from django.urls import path

from socialvalue.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review_list"),
    path("<str:year>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("<str:year>/pdf/", views.ReviewPdfView.as_view(), name="review_pdf"),
    path("<str:year>/conclusions/", views.ConclusionsEditView.as_view(), name="conclusions"),
    path("<str:year>/publish/", views.PublishView.as_view(), name="publish"),
]
