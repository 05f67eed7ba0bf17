from __future__ import annotations

from django.urls import path

from asn_portal.rekap import views

app_name = "rekap"

urlpatterns = [
    path("", views.index, name="index"),
]
