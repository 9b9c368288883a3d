from django.urls import path

from socialvalue.accounts import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserEditView.as_view(), name="user_edit"),
]

# Two-factor sign-in (accounts/two_factor.py).
urlpatterns += [
    path("two-factor/", two_factor_views.OverviewView.as_view(), name="two_factor"),
    path("two-factor/code/", two_factor_views.VerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/set-up/", two_factor_views.SetupView.as_view(), name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.RecoveryCodesView.as_view(),
        name="two_factor_codes",
    ),
    path("two-factor/remove/", two_factor_views.RemoveView.as_view(), name="two_factor_remove"),
    path(
        "users/<int:pk>/two-factor/reset/",
        two_factor_views.UserResetView.as_view(),
        name="user_two_factor_reset",
    ),
]

# Changes that wait for a second administrator (supplier users).
urlpatterns += [
    path("changes/", views.UserChangeListView.as_view(), name="change_list"),
    path("changes/<int:pk>/", views.UserChangeDetailView.as_view(), name="change_detail"),
]
