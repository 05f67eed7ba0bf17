from __future__ import annotations

from django.urls import path

from survei.partisipasi import api, views

app_name = "partisipasi"
urlpatterns = [
    path("", views.index, name="index"),
    # Receipt codes
    path("k/", views.kode_cari, name="kode_cari"),
    path("k/terima-kasih/", views.kode_terima_kasih, name="kode_terima_kasih"),
    path("k/<str:kode>/", views.kode_form, name="kode_form"),
    # Kiosk: the service worker sits at the top of the kiosk path so its scope covers every kiosk.
    path("kiosk/sw.js", views.kiosk_sw, name="kiosk_sw"),
    path("kiosk/<str:token>/", views.kiosk_page, name="kiosk"),
    path("kiosk/<str:token>/manifest.webmanifest", views.kiosk_manifest, name="kiosk_manifest"),
    path("kiosk/<str:token>/kirim/", api.KioskKirimView.as_view(), name="kiosk_kirim"),
    # Complaints and tracking
    path("pengaduan/", views.pengaduan_form, name="pengaduan"),
    path("lacak/", views.lacak, name="lacak"),
    path("lacak/<str:kode>/", views.lacak_kasus, name="lacak_kasus"),
    # Forum Konsultasi Publik
    path("konsultasi/", views.konsultasi_list, name="konsultasi_list"),
    path("konsultasi/<slug:slug>/", views.konsultasi_detail, name="konsultasi"),
    path("konsultasi/<slug:slug>/dokumen/", views.konsultasi_dokumen, name="konsultasi_dokumen"),
    path(
        "konsultasi/<slug:slug>/berita-acara/",
        views.konsultasi_berita_acara,
        name="konsultasi_berita_acara",
    ),
    # Staff
    path("staf/", views.staf_ringkasan, name="staf_ringkasan"),
    path("staf/kasus/", views.staf_kasus_list, name="staf_kasus_list"),
    path("staf/kasus/<int:pk>/", views.staf_kasus_detail, name="staf_kasus"),
    path("staf/kode/batch/<int:pk>/slip.pdf", views.staf_batch_slip, name="staf_batch_slip"),
]
