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
]
