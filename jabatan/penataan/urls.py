from __future__ import annotations

from django.urls import path

from jabatan.penataan import views

# Included at /jabatan/penataan/ inside the "jabatan" namespace.
urlpatterns = [
    path("saya/", views.saya, name="penataan_saya"),
    path("<int:pk>/pratinjau/", views.pratinjau, name="penataan_pratinjau"),
]
