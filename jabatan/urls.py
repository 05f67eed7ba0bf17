from __future__ import annotations

from django.urls import include, path

from jabatan import views

app_name = "jabatan"
urlpatterns: list = [
    path("penataan/", include("jabatan.penataan.urls")),
    path("dasbor/", views.dasbor_index, name="dasbor_index"),
    path("unit/<int:pk>/dasbor/", views.dasbor, name="dasbor"),
]
