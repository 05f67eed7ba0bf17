from __future__ import annotations

from django.urls import include, path

app_name = "jabatan"
urlpatterns: list = [
    path("penataan/", include("jabatan.penataan.urls")),
]
