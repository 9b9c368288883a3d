from django.urls import path

from socialvalue.flags import views

app_name = "flags"
urlpatterns = [
    path("", views.FlagListView.as_view(), name="flag_list"),
    path("compute/", views.ComputeView.as_view(), name="compute"),
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
    path("rules/add/", views.RuleCreateView.as_view(), name="rule_create"),
    path("<int:pk>/", views.FlagDetailView.as_view(), name="flag_detail"),
]
