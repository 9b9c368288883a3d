from django.urls import path

from socialvalue.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read-all/", views.ReadAllView.as_view(), name="read_all"),
    path("<int:pk>/read/", views.ReadView.as_view(), name="read"),
    path("settings/", views.PreferencesView.as_view(), name="settings"),
    path("categories/", views.CategoriesView.as_view(), name="categories"),
]
