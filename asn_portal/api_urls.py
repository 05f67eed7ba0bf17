from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from asn_portal.laporan import api as laporan_api
from asn_portal.logins import TokenObtainView
from asn_portal.rekap.api import RekapView
from jabatan import api as jabatan_api
from pelatihan import api as pelatihan_api
from survei import api as survei_api

router = DefaultRouter()
for module in (jabatan_api, pelatihan_api, survei_api, laporan_api):
    module.register(router)

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("rekap/", RekapView.as_view(), name="api-rekap"),
    path("", include(router.urls)),
]
