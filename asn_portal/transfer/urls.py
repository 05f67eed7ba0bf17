from __future__ import annotations

from django.urls import path

from asn_portal.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("impor/<slug:kind>/", views.impor_unggah, name="impor"),
    path("impor/<slug:kind>/templat.xlsx", views.impor_templat, name="templat"),
    path("impor/<slug:kind>/data.xlsx", views.impor_data, name="data"),
    path("impor/job/<int:pk>/", views.impor_detail, name="impor_detail"),
    path("impor/job/<int:pk>/status/", views.impor_status, name="impor_status"),
    path("impor/job/<int:pk>/impor/", views.impor_commit, name="impor_commit"),
    path("impor/job/<int:pk>/ulang/", views.impor_ulang, name="impor_ulang"),
    path("impor/job/<int:pk>/lembar/", views.impor_lembar, name="impor_lembar"),
    path("ekspor/<int:pk>/", views.ekspor_detail, name="ekspor_detail"),
    path("ekspor/<int:pk>/unduh/", views.ekspor_unduh, name="ekspor_unduh"),
    path("rekonsiliasi/", views.rekonsiliasi_index, name="rekonsiliasi"),
    path("rekonsiliasi/<int:pk>/", views.rekonsiliasi_detail, name="rekonsiliasi_detail"),
    path("rekonsiliasi/<int:pk>/terima/", views.rekonsiliasi_terima, name="rekonsiliasi_terima"),
]
