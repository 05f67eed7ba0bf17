from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from asn_portal import views

handler404 = "asn_portal.errors.page_not_found"
# A database outage answers 503 (asn_portal.dbguard); anything else the site's 500 page.
handler500 = "asn_portal.dbguard.handler500"

admin.site.site_header = _("Portal ASN")  # unfold shows UNFOLD["SITE_HEADER"]
admin.site.site_title = _("Portal ASN")
admin.site.index_title = _("Beranda kerja")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("asn_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("asn_portal.portal_urls")),
    path("jabatan/", include("jabatan.urls")),
    path("pelatihan/", include("pelatihan.urls")),
    path("survei/", include("survei.urls")),
    path("laporan/", include("asn_portal.laporan.urls")),
    path("rekap/", include("asn_portal.rekap.urls")),
    path("partisipasi/", include("survei.partisipasi.urls")),
    path("transfer/", include("asn_portal.transfer.urls")),
]
