from __future__ import annotations

from django.urls import path

from survei import views

app_name = "survei"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("hasil/", views.hasil_provinsi, name="hasil_provinsi"),
    path("staf/", views.staf_dashboard, name="staf_dashboard"),
    path("staf/rencana/<int:pk>/", views.staf_rencana_ubah, name="staf_rencana_ubah"),
    path("staf/<slug:kode>/", views.staf_unit, name="staf_unit"),
    path("staf/<slug:kode>/terbitkan/", views.staf_terbitkan, name="staf_terbitkan"),
    path("staf/<slug:kode>/rencana/", views.staf_rencana_draf, name="staf_rencana_draf"),
    path("staf/<slug:kode>/kertas/", views.staf_kertas, name="staf_kertas"),
    path("<slug:kode>/", views.respons_form, name="form"),
    path("<slug:kode>/terima-kasih/", views.terima_kasih, name="terima_kasih"),
    path("<slug:kode>/poster.png", views.poster_png, name="poster_png"),
    path("<slug:kode>/poster.pdf", views.poster_pdf, name="poster_pdf"),
    path("<slug:kode>/hasil/", views.hasil_unit, name="hasil_unit"),
    path("<slug:kode>/hasil/<str:periode>/", views.hasil_periode, name="hasil_periode"),
]
