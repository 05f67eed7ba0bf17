"""Demo reports: the province's last two months and last quarter, and the last month of the
Dinas Kesehatan; the oldest is published (frozen); admin.bkd and operator.dinkes subscribe.
Idempotent: reports already built are left as they are. Run after every other demo module."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from asn_portal.laporan import services
from asn_portal.laporan.models import LanggananLaporan, Laporan, StatusLaporan
from asn_portal.laporan.periode import Periode, periode_selesai_terakhir
from jabatan.models import UnitOrganisasi


def _build(periode: Periode, unit: UnitOrganisasi | None, out: Callable[[str], None]) -> Laporan:
    existing = Laporan.objects.filter(
        jenis=periode.jenis,
        tahun=periode.tahun,
        nomor=periode.nomor,
        lingkup_kunci=services.lingkup_kunci(unit),
    ).first()
    if existing is not None and existing.is_terlihat:
        return existing
    laporan = services.laporan_request(
        jenis=periode.jenis, tahun=periode.tahun, nomor=periode.nomor, unit=unit, enqueue=False
    )
    hasil = services.laporan_generate(laporan_id=laporan.pk)
    out(
        f"  laporan {periode.label} — {unit.nama if unit else 'Seluruh provinsi'}: {hasil.hash_konten[:12] if hasil else '-'}"
    )
    return Laporan.objects.get(pk=laporan.pk)


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    now = timezone.now()
    bulan_lalu = periode_selesai_terakhir("bulanan", now)
    dua_bulan_lalu = bulan_lalu.sebelumnya()
    triwulan_lalu = periode_selesai_terakhir("triwulanan", now)
    dinkes = (
        UnitOrganisasi.objects.filter(depth=1, nama__icontains="Kesehatan").order_by("path").first()
    )

    tertua = _build(dua_bulan_lalu, None, out)
    _build(bulan_lalu, None, out)
    _build(triwulan_lalu, None, out)
    if dinkes is not None:
        _build(bulan_lalu, dinkes, out)

    User = get_user_model()
    admin = User.objects.filter(username="admin.bkd").first()
    if admin is not None:
        LanggananLaporan.objects.get_or_create(user=admin, jenis="")
        if tertua.status == StatusLaporan.SIAP:
            services.laporan_publish(laporan=tertua, user=admin)
    operator = User.objects.filter(username="operator.dinkes").first()
    if operator is not None:
        LanggananLaporan.objects.get_or_create(user=operator, jenis="bulanan")
