"""Sign-in routes (mounted at /accounts/)."""

from __future__ import annotations

from django.urls import path

from refwatch.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("reauth/", views.reauth, name="reauth"),
]
