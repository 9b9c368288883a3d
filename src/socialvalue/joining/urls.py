from django.urls import path

from socialvalue.joining import views

app_name = "joining"
urlpatterns = [
    path("join/", views.SignupView.as_view(), name="signup"),
    path("join/check-your-email/", views.SignupSentView.as_view(), name="signup_sent"),
    path("join/confirm/<str:token>/", views.ConfirmEmailView.as_view(), name="confirm_email"),
    path("join/claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("join/claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path("join/colleagues/", views.ColleaguesView.as_view(), name="colleagues"),
    path(
        "join/invitation/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        views.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
]
