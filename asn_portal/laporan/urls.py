from __future__ import annotations

from django.urls import path

from asn_portal.laporan import views

app_name = "laporan"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("buat/", views.buat, name="buat"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.unduh_pdf, name="pdf"),
    path("<int:pk>/xlsx/", views.unduh_xlsx, name="xlsx"),
    path("<int:pk>/status/", views.status, name="status"),
    path("verifikasi/", views.verifikasi_cari, name="verifikasi_cari"),
    path("verifikasi/<str:kode>/", views.verifikasi, name="verifikasi"),
]
