"""The public side of each instansi: which instansi a public request is about, and its URLs.

A public page belongs to one instansi, chosen in this order:

1. the path prefix ``/i/<slug>/`` (:class:`InstansiPublikMiddleware` strips it from
   ``path_info`` and makes it the script prefix of the request, so every ``reverse()`` and
   ``{% url %}`` of that request keeps it; an unknown slug is the site's 404 page);
2. the host name the request came to (``Instansi.nama_host``);
3. otherwise the first instansi (``jabatan.instansi.instansi_bawaan_id``), so the paths without a
   prefix on the main host, and every link and QR code printed before, keep their meaning.

Every public view and public API endpoint asks :func:`instansi_publik` and filters by the unit's
instansi; an object of another instansi is then simply not found. The slug/host map of every
instansi is read once and cached (the Django cache, and this process's copy, checked again at
most every ``PETA_CEK_DETIK``); saving or deleting an Instansi forgets it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.request import split_domain_port, validate_host
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils.translation import gettext as _

PREFIX = "/i/"
CACHE_PETA = "instansi-publik:peta"
CACHE_DETIK = 6 * 60 * 60
PETA_CEK_DETIK = 1.0
_ATRIBUT = "_instansi_publik"


@dataclass(frozen=True)
class InstansiPublik:
    """What a public page shows of its instansi."""

    pk: int
    slug: str
    nama: str
    nama_singkat: str
    nama_bkd: str
    nama_host: str
    logo: str  # the stored file's name, "" when there is none

    @property
    def logo_url(self) -> str:
        return default_storage.url(self.logo) if self.logo else ""


@dataclass(frozen=True)
class Peta:
    semua: tuple[InstansiPublik, ...]  # by id: the first is the default instansi
    per_id: dict[int, InstansiPublik]
    per_slug: dict[str, int]
    per_host: dict[str, int]


_proses: dict[str, Any] = {"peta": None, "sampai": 0.0}


def _baca_peta() -> list[dict[str, Any]]:
    from jabatan.models import Instansi

    rows = Instansi.objects.order_by("pk").values(
        "pk", "slug", "nama", "nama_singkat", "nama_bkd", "nama_host", "logo"
    )
    return [dict(row) for row in rows]


def peta() -> Peta:
    """Every instansi's slug, host and names (one query when neither cache holds them)."""
    sekarang = time.monotonic()
    found: Peta | None = _proses["peta"]
    if found is not None and sekarang < _proses["sampai"]:
        return found
    rows: list[dict[str, Any]] | None = cache.get(CACHE_PETA)
    if rows is None:
        rows = _baca_peta()
        if not rows:
            from jabatan.instansi import instansi_bawaan_id

            instansi_bawaan_id()  # an empty database gets its first instansi from settings
            rows = _baca_peta()
        cache.set(CACHE_PETA, rows, CACHE_DETIK)
    semua = tuple(InstansiPublik(**{**row, "logo": row["logo"] or ""}) for row in rows)
    found = Peta(
        semua=semua,
        per_id={i.pk: i for i in semua},
        per_slug={i.slug: i.pk for i in semua},
        per_host={i.nama_host: i.pk for i in semua if i.nama_host},
    )
    _proses.update(peta=found, sampai=sekarang + PETA_CEK_DETIK)
    return found


def peta_lupakan(*args: Any, **kwargs: Any) -> None:
    """Forget the map (an Instansi was saved or deleted), now and again at commit, so that a
    request running meanwhile cannot keep the old rows."""
    _proses.update(peta=None, sampai=0.0)
    cache.delete(CACHE_PETA)
    if args or kwargs:  # from a signal: once more when the change is committed
        transaction.on_commit(peta_lupakan)


def _host(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0]


def instansi_publik(request: Any) -> int:
    """The id of the instansi a public request is about (prefix, else host, else the first)."""
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    pk: int | None = getattr(request, _ATRIBUT, None)
    if pk is None:
        from jabatan.instansi import instansi_bawaan_id

        per_host = peta().per_host
        pk = (per_host.get(_host(request)) if per_host else None) or instansi_bawaan_id()
        setattr(request, _ATRIBUT, pk)
    return pk


def dipilih(request: HttpRequest) -> bool:
    """Is the request explicitly about an instansi (its prefix or host), or has a public view
    already asked which one it is about?"""
    if getattr(request, _ATRIBUT, None) is not None:
        return True
    per_host = peta().per_host
    return bool(per_host) and _host(request) in per_host


def info(instansi_id: int) -> InstansiPublik | None:
    found = peta().per_id.get(instansi_id)
    if found is None:  # created since the map was read
        peta_lupakan()
        found = peta().per_id.get(instansi_id)
    return found


def info_publik(request: Any) -> InstansiPublik | None:
    """Names and logo of the request's public instansi."""
    return info(instansi_publik(request))


def path_publik(instansi_id: int, path: str) -> str:
    """``path`` (as on the main host without a prefix, starting with ``/``) as the instansi's
    public address: on its own host (absolute), else under its prefix (the first instansi
    without one)."""
    from jabatan.instansi import instansi_bawaan_id

    found = info(instansi_id)
    if found is not None and found.nama_host:
        skema = urlsplit(settings.SITE_URL).scheme or "https"
        return f"{skema}://{found.nama_host}{path}"
    if found is not None and instansi_id != instansi_bawaan_id():
        return f"{PREFIX}{found.slug}{path}"
    return path


def reverse_publik(
    instansi_id: int, viewname: str, args: list[Any] | None = None, *, absolut: bool = False
) -> str:
    """``reverse()`` for the instansi's public address, whichever request asks (a staff page,
    another instansi's page, a task). ``absolut`` adds ``SITE_URL`` where the address is a path
    (QR codes and printed slips)."""
    path = reverse(viewname, args=args)
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    alamat = path_publik(instansi_id, path)
    if absolut and alamat.startswith("/"):
        alamat = settings.SITE_URL.rstrip("/") + alamat
    return alamat


def beranda_lain(instansi_id: int) -> list[tuple[InstansiPublik, str]]:
    """The other instansi and the address of their public landing page (for the landing)."""
    return [(i, path_publik(i.pk, "/")) for i in peta().semua if i.pk != instansi_id]


def nama_host_periksa(nama_host: str) -> None:
    """An instansi's host name must reach this deployment and not be its main address."""
    utama = urlsplit(settings.SITE_URL).hostname or ""
    if nama_host == utama:
        raise ValidationError(
            {"nama_host": _("Nama host ini adalah alamat utama portal; pilih nama host lain.")}
        )
    if not validate_host(nama_host, settings.ALLOWED_HOSTS):
        raise ValidationError(
            {
                "nama_host": _(
                    "Nama host %(host)s belum terdaftar di ALLOWED_HOSTS server; tambahkan dahulu "
                    "agar halaman publiknya dapat dibuka."
                )
                % {"host": nama_host}
            }
        )


class InstansiPublikMiddleware:
    """Resolves ``/i/<slug>/``: strips it from ``path_info`` and makes it the script prefix of
    the request (restored afterwards), so the URLconf, redirects and links work unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(PREFIX):
            return self.get_response(request)
        slug, garis, sisa = path[len(PREFIX) :].partition("/")
        pk = peta().per_slug.get(slug)
        if pk is None:
            raise Http404
        if not garis:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
        setattr(request, _ATRIBUT, pk)
        request.path_info = "/" + sisa
        lama = get_script_prefix()
        set_script_prefix(f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{PREFIX}{slug}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(lama)


def instansi_api(request: Any) -> int | None:
    """The instansi a public API call is about; None for a signed-in account calling without a
    prefix or host, whose own reach (``asn_portal.access``) then decides (an Admin BKD of any
    instansi lists and enters their units' data through the main address)."""
    django_request = getattr(request, "_request", request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not dipilih(django_request):
        return None
    return instansi_publik(django_request)
