from django.urls import path

from socialvalue.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserEditView.as_view(), name="user_edit"),
]
urlpatterns += [
    path("changes/", views.UserChangeListView.as_view(), name="change_list"),
    path("changes/<int:pk>/", views.UserChangeDetailView.as_view(), name="change_detail"),
]
