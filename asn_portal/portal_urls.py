from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from asn_portal import views

app_name = "portal"
urlpatterns = [
    path("", views.portal_beranda, name="beranda"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
