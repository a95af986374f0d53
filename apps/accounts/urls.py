from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/login/kod/", views.otp_verify, name="otp_verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/vhod-po-kodu/", views.otp_settings, name="otp_settings"),
    path("accounts/vhod-po-kodu/vklyuchit/", views.otp_start, name="otp_start"),
    path("accounts/vhod-po-kodu/podtverdit/", views.otp_confirm, name="otp_confirm"),
    path("accounts/vhod-po-kodu/vyklyuchit/", views.otp_disable, name="otp_disable"),
    # «Забыли пароль?» (Django's views and URL names).
    path("accounts/parol/", views.PortalPasswordResetView.as_view(), name="password_reset"),
    path("accounts/parol/otpravleno/", views.PortalPasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/parol/<uidb64>/<token>/", views.PortalPasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/parol/gotovo/", views.PortalPasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # An invitation's link, the printed sheet's code, the offer on the questionnaire pages.
    path("accounts/priglashenie/<uidb64>/<token>/", views.InvitationConfirmView.as_view(), name="invitation_confirm"),
    path("accounts/kod/", views.setup_code, name="setup_code"),
    path("accounts/iz-ankety/", views.account_from_survey, name="account_from_survey"),
]
