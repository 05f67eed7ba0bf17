from __future__ import annotations

from django.urls import path

from pelatihan import views

app_name = "pelatihan"
urlpatterns = [
    path("saya/", views.saya, name="saya"),
    path("saya/kompetensi/", views.saya_kompetensi, name="saya_kompetensi"),
    path("saya/ajukan/", views.saya_ajukan, name="saya_ajukan"),
    path("saya/angkatan/<int:pk>/daftar/", views.saya_daftar, name="saya_daftar"),
    path("sertifikat/<int:pk>/", views.sertifikat, name="sertifikat"),
    path("verifikasi/", views.verifikasi, name="verifikasi"),
    path("verifikasi/<int:pk>/", views.verifikasi_aksi, name="verifikasi_aksi"),
    path("angkatan/<int:pk>/peserta/", views.angkatan_peserta, name="angkatan_peserta"),
    path("laporan/jp/", views.laporan_jp, name="laporan_jp"),
]
