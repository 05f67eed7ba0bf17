"""The first instansi (created from settings) and the process-wide cache of its id.

An installation that served one instansi named it with environment variables; those now seed
the first :class:`jabatan.models.Instansi` row (by migration, or here on first use when a test
or a fresh database has none), and every row created without an instansi belongs to it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

_bawaan_id: int | None = None


def instansi_defaults() -> dict[str, Any]:
    """The first instansi's fields, from the settings that named the single instansi."""
    return {
        "kode": settings.INSTANSI_KODE,
        "nama": settings.INSTANSI_NAMA,
        "nama_singkat": settings.INSTANSI_SINGKAT,
        "jenis": settings.INSTANSI_JENIS,
        "nama_bkd": settings.INSTANSI_BKD,
        "kop_surat": "\n".join(
            line.strip() for line in settings.LAPORAN_KOP.split("|") if line.strip()
        ),
        "penandatangan": settings.LAPORAN_PENANDATANGAN,
        "slug": settings.INSTANSI_SLUG,
    }


def instansi_bawaan_id() -> int:
    """The id of the first instansi (lowest id), created from settings when there is none."""
    global _bawaan_id
    if _bawaan_id is None:
        from jabatan.models import Instansi

        first = Instansi.objects.order_by("pk").values_list("pk", flat=True).first()
        if first is None:
            defaults = instansi_defaults()
            first = Instansi.objects.get_or_create(kode=defaults.pop("kode"), defaults=defaults)[
                0
            ].pk
        _bawaan_id = first
    return _bawaan_id


def instansi_bawaan_lupakan(*args: Any, **kwargs: Any) -> None:
    """Forget the cached id (an Instansi was deleted, the database was migrated or flushed)."""
    global _bawaan_id
    _bawaan_id = None


def instansi_pertama_pastikan(sender: Any, **kwargs: Any) -> None:
    instansi_bawaan_lupakan()
    instansi_bawaan_id()


def instansi_isi_bawaan(obj: Any) -> None:
    """A row saved without an instansi belongs to the first one (what the single-instansi code
    paths and existing data mean)."""
    if obj.instansi_id is None:
        obj.instansi_id = instansi_bawaan_id()


def akun_lupakan(sender: Any, instance: Any, **kwargs: Any) -> None:
    from asn_portal.access import instansi_akun_lupakan

    instansi_akun_lupakan(instance.user_id)


def akun_diubah(sender: Any, instance: Any, **kwargs: Any) -> None:
    from asn_portal.access import instansi_akun_lupakan

    instansi_akun_lupakan(instance.pk)


def akar_lupakan(sender: Any, instance: Any, **kwargs: Any) -> None:
    from asn_portal.access import instansi_root_paths_lupakan

    if instance.depth == 1:
        instansi_root_paths_lupakan(instance.instansi_id)


def akun_siapkan(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At login, look up the account's instansi, its names and its root units once, so the
    pages that follow find them in the cache."""
    from asn_portal.access import instansi_id_of, instansi_root_paths

    instansi_id = instansi_id_of(user)
    instansi_tampil(instansi_id if instansi_id is not None else instansi_bawaan_id())
    if instansi_id is not None and user.is_staff:
        instansi_root_paths(instansi_id)


CACHE_TAMPIL = "instansi-tampil:{}"


def instansi_tampil(instansi_id: int) -> dict[str, str]:
    """The names pages and reports print for an instansi (cached; forgotten when it changes)."""
    from django.core.cache import cache

    key = CACHE_TAMPIL.format(instansi_id)
    found = cache.get(key)
    if found is None or (found and "jenis" not in found):  # cached before it held the jenis
        from jabatan.models import Instansi

        found = (
            Instansi.objects.filter(pk=instansi_id)
            .values("nama", "nama_singkat", "nama_bkd", "slug", "kode", "jenis")
            .first()
        ) or {}
        cache.set(key, found, 6 * 60 * 60)
    return dict(found)


def lingkup_seluruh(jenis: str) -> str:
    """How a figure of every unit of an instansi of ``jenis`` names its scope: "Seluruh
    provinsi", "Seluruh kabupaten", "Seluruh kota"."""
    from jabatan.models import JenisInstansi

    label = dict(JenisInstansi.choices).get(jenis, JenisInstansi.PROVINSI.label)
    return _("Seluruh %(jenis)s") % {"jenis": str(label).lower()}


def tampil_lupakan(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.core.cache import cache

    cache.delete(CACHE_TAMPIL.format(instance.pk))
