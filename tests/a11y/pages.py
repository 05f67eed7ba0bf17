"""Every page axe checks, and why the other URLs are not pages.

``PAGES`` lists each page once (name, URL name, who opens it, how its address is built from the
test world). ``NOT_PAGES`` names every URL that answers no HTML page of its own, with the reason.
tests/a11y/test_pages_listed.py walks the URLconf: a new URL outside the admin and the API that
is in neither table fails, so a new public page cannot ship without an accessibility row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ANONIM, ASN, STAF = "anonim", "asn", "staf"


@dataclass(frozen=True)
class Halaman:
    name: str  # file name of the axe result and the screenshot
    url_name: str | None  # None: an address that resolves to nothing (the 404 page)
    persona: str
    path: Callable[[Any], str]
    status: int = 200
    redirects_to: str | None = None  # a URL name the page forwards to (then checked there)

    def __str__(self) -> str:
        return self.name


def _r(url_name: str, *args: Callable[[Any], Any]) -> Callable[[Any], str]:
    return lambda dunia: reverse(url_name, args=[arg(dunia) for arg in args])


def _kode(d: Any) -> str:
    return d.layanan.kode


PAGES: list[Halaman] = [
    # Public
    Halaman("beranda", "landing", ANONIM, _r("landing")),
    Halaman("survei-daftar-unit", "survei:unit_list", ANONIM, _r("survei:unit_list")),
    Halaman("survei-formulir", "survei:form", ANONIM, _r("survei:form", _kode)),
    Halaman("survei-terima-kasih", "survei:terima_kasih", ANONIM, _r("survei:terima_kasih", _kode)),
    Halaman("survei-hasil-provinsi", "survei:hasil_provinsi", ANONIM, _r("survei:hasil_provinsi")),
    Halaman("survei-hasil-unit", "survei:hasil_unit", ANONIM, _r("survei:hasil_unit", _kode)),
    Halaman(
        "survei-hasil-periode",
        "survei:hasil_periode",
        ANONIM,
        _r("survei:hasil_periode", _kode, lambda d: d.periode.kode),
    ),
    Halaman("partisipasi", "partisipasi:index", ANONIM, _r("partisipasi:index")),
    Halaman("kode-struk-cari", "partisipasi:kode_cari", ANONIM, _r("partisipasi:kode_cari")),
    Halaman(
        "kode-struk-formulir",
        "partisipasi:kode_form",
        ANONIM,
        _r("partisipasi:kode_form", lambda d: d.kode_baru),
    ),
    Halaman(
        "kode-struk-terpakai",
        "partisipasi:kode_form",
        ANONIM,
        _r("partisipasi:kode_form", lambda d: d.kode_terpakai),
    ),
    Halaman(
        "kode-struk-terima-kasih",
        "partisipasi:kode_terima_kasih",
        ANONIM,
        _r("partisipasi:kode_terima_kasih"),
    ),
    Halaman("kiosk", "partisipasi:kiosk", ANONIM, _r("partisipasi:kiosk", lambda d: d.kiosk_token)),
    Halaman("pengaduan", "partisipasi:pengaduan", ANONIM, _r("partisipasi:pengaduan")),
    Halaman("lacak", "partisipasi:lacak", ANONIM, _r("partisipasi:lacak")),
    Halaman(
        "lacak-kasus",
        "partisipasi:lacak_kasus",
        ANONIM,
        _r("partisipasi:lacak_kasus", lambda d: d.kode_lacak),
    ),
    Halaman(
        "forum-konsultasi", "partisipasi:konsultasi_list", ANONIM, _r("partisipasi:konsultasi_list")
    ),
    Halaman(
        "forum-konsultasi-detail",
        "partisipasi:konsultasi",
        ANONIM,
        _r("partisipasi:konsultasi", lambda d: d.konsultasi_slug),
    ),
    Halaman(
        "verifikasi-laporan",
        "laporan:verifikasi",
        ANONIM,
        _r("laporan:verifikasi", lambda d: d.laporan.kode_verifikasi),
    ),
    Halaman("halaman-tidak-ada", None, ANONIM, lambda d: "/halaman-yang-tidak-ada/", status=404),
    Halaman("portal-masuk", "portal:login", ANONIM, _r("portal:login")),
    Halaman("admin-masuk", "admin:login", ANONIM, _r("admin:login")),
    # ASN portal
    Halaman("portal-beranda", "portal:beranda", ASN, _r("portal:beranda")),
    Halaman("portal-pelatihan", "pelatihan:saya", ASN, _r("pelatihan:saya")),
    Halaman("portal-kompetensi", "pelatihan:saya_kompetensi", ASN, _r("pelatihan:saya_kompetensi")),
    Halaman("portal-ajukan-pelatihan", "pelatihan:saya_ajukan", ASN, _r("pelatihan:saya_ajukan")),
    Halaman("portal-perubahan-jabatan", "jabatan:penataan_saya", ASN, _r("jabatan:penataan_saya")),
    # Staff (the admin's own pages are the stock theme, being replaced: the main ones only)
    Halaman("admin-beranda", "admin:index", STAF, _r("admin:index")),
    Halaman(
        "admin-pegawai",
        "admin:jabatan_pegawai_changelist",
        STAF,
        _r("admin:jabatan_pegawai_changelist"),
    ),
    Halaman(
        "admin-rencana-daftar",
        "admin:jabatan_rencanapenataan_changelist",
        STAF,
        _r("admin:jabatan_rencanapenataan_changelist"),
    ),
    Halaman(
        "admin-rencana",
        "admin:jabatan_rencanapenataan_change",
        STAF,
        _r("admin:jabatan_rencanapenataan_change", lambda d: d.rencana.pk),
    ),
    Halaman(
        "penataan-pratinjau",
        "jabatan:penataan_pratinjau",
        STAF,
        _r("jabatan:penataan_pratinjau", lambda d: d.rencana.pk),
    ),
    Halaman(
        "jabatan-dasbor",
        "jabatan:dasbor_index",
        STAF,
        _r("jabatan:dasbor_index"),
        redirects_to="jabatan:dasbor",  # a user with one OPD goes straight to its dashboard
    ),
    Halaman(
        "jabatan-dasbor-unit",
        "jabatan:dasbor",
        STAF,
        _r("jabatan:dasbor", lambda d: d.layanan.unit_id),
    ),
    Halaman("survei-staf", "survei:staf_dashboard", STAF, _r("survei:staf_dashboard")),
    Halaman("survei-staf-unit", "survei:staf_unit", STAF, _r("survei:staf_unit", _kode)),
    Halaman("survei-staf-kertas", "survei:staf_kertas", STAF, _r("survei:staf_kertas", _kode)),
    Halaman(
        "admin-laporan",
        "admin:asn_portal_laporan_changelist",
        STAF,
        _r("admin:asn_portal_laporan_changelist"),
    ),
    Halaman("laporan-daftar", "laporan:daftar", STAF, _r("laporan:daftar")),
    # the province's Admin BKD reads the roll-ups (a Pemantau sees the same page)
    Halaman("rekap", "rekap:index", STAF, lambda d: reverse("rekap:index") + "?tahun=2026"),
    Halaman("laporan-detail", "laporan:detail", STAF, _r("laporan:detail", lambda d: d.laporan.pk)),
    Halaman("pelatihan-verifikasi", "pelatihan:verifikasi", STAF, _r("pelatihan:verifikasi")),
    Halaman("pelatihan-laporan-jp", "pelatihan:laporan_jp", STAF, _r("pelatihan:laporan_jp")),
    Halaman(
        "pelatihan-peserta",
        "pelatihan:angkatan_peserta",
        STAF,
        _r("pelatihan:angkatan_peserta", lambda d: d.angkatan.pk),
    ),
    Halaman(
        "partisipasi-staf", "partisipasi:staf_ringkasan", STAF, _r("partisipasi:staf_ringkasan")
    ),
    Halaman(
        "partisipasi-kasus", "partisipasi:staf_kasus_list", STAF, _r("partisipasi:staf_kasus_list")
    ),
    Halaman(
        "partisipasi-kasus-detail",
        "partisipasi:staf_kasus",
        STAF,
        _r("partisipasi:staf_kasus", lambda d: d.kasus.pk),
    ),
    Halaman("transfer", "transfer:index", STAF, _r("transfer:index")),
    Halaman("transfer-impor", "transfer:impor", STAF, _r("transfer:impor", lambda d: "pegawai")),
    Halaman("transfer-rekonsiliasi", "transfer:rekonsiliasi", STAF, _r("transfer:rekonsiliasi")),
]

POST_ONLY = "hanya POST (tindakan, bukan halaman)"
FILE = "berkas unduhan, bukan HTML"
JSON = "JSON untuk skrip halaman"
# Staff pages of a job that needs an import, export or reconciliation run first; their
# templates share transfer/_nav.html and the table styles of the pages checked above.
JOB_PAGE = "halaman staf satu tugas latar (belum diperiksa axe; lihat laporan a11y)"

NOT_PAGES: dict[str, str] = {
    "healthz": "pemeriksaan kesehatan untuk load balancer (teks)",
    "set_language": "pengalih bahasa Django (POST; GET hanya mengalihkan)",
    "portal:logout": POST_ONLY,
    "laporan:buat": POST_ONLY,
    "laporan:verifikasi_cari": "pengalih: kode yang diketik diteruskan ke halaman verifikasinya",
    "pelatihan:saya_daftar": POST_ONLY,
    "pelatihan:sertifikat": FILE,
    "pelatihan:verifikasi_aksi": POST_ONLY,
    "survei:staf_terbitkan": POST_ONLY,
    "survei:staf_rencana_draf": POST_ONLY,
    "survei:staf_rencana_ubah": JOB_PAGE,
    "survei:poster_png": "gambar poster QR (PNG); teks alternatifnya diperiksa di survei-staf-unit",
    "survei:poster_pdf": FILE,
    "laporan:pdf": FILE,
    "laporan:xlsx": FILE,
    "laporan:status": JSON,
    "partisipasi:kiosk_sw": "service worker kiosk (JavaScript)",
    "partisipasi:kiosk_manifest": "manifest aplikasi web kiosk (JSON)",
    "partisipasi:kiosk_kirim": "API kiriman kiosk (JSON)",
    "partisipasi:konsultasi_dokumen": FILE,
    "partisipasi:konsultasi_berita_acara": FILE,
    "partisipasi:staf_batch_slip": FILE,
    "transfer:templat": FILE,
    "transfer:data": FILE,
    "transfer:impor_detail": JOB_PAGE,
    "transfer:impor_status": JSON,
    "transfer:impor_commit": POST_ONLY,
    "transfer:impor_ulang": POST_ONLY,
    "transfer:impor_lembar": POST_ONLY,
    "transfer:ekspor_detail": JOB_PAGE,
    "transfer:ekspor_unduh": FILE,
    "transfer:rekonsiliasi_detail": JOB_PAGE,
    "transfer:rekonsiliasi_terima": POST_ONLY,
}

# The admin (its own pages, listed by the admin registry) and the API (JSON, checked by
# schemathesis) are outside the walk; the admin's main pages have rows above.
OUTSIDE = ("admin/", "api/")


def url_names() -> Iterator[tuple[str, str]]:
    """(qualified URL name, route) of every URL pattern outside ``OUTSIDE``."""

    def walk(patterns: list[Any], namespace: list[str], prefix: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(OUTSIDE):
                continue
            if isinstance(pattern, URLResolver):
                inner = namespace + [pattern.namespace] if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern):
                yield ":".join([*namespace, pattern.name or f"<tanpa nama: {route}>"]), route

    yield from walk(get_resolver().url_patterns, [], "")
