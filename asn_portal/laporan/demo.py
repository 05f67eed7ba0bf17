"""Demo reports: the province's last two months and last quarter, and the last month of the
Dinas Kesehatan; the oldest is published (frozen); admin.bkd and operator.dinkes subscribe.
Idempotent: reports already built are left as they are. Run after every other demo module.

Reports count a survey response or a training only if it was recorded/verified before the
period end. The other demo modules stamp every record with the seeding time, which would leave
every past report without IKM and JP; the demo therefore gives those rows the recording time a
real office would have had (the fill date, a few days after the training)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from asn_portal.laporan import services
from asn_portal.laporan.models import LanggananLaporan, Laporan, StatusLaporan, jenis_laporan
from asn_portal.periode import WIB, Periode, periode_selesai_terakhir
from jabatan.models import UnitOrganisasi
from pelatihan.models import RiwayatPelatihan, StatusRiwayat
from survei.models import Respons


def _build(periode: Periode, unit: UnitOrganisasi | None, out: Callable[[str], None]) -> Laporan:
    existing = Laporan.objects.filter(
        jenis=jenis_laporan(periode),
        tahun=periode.tahun,
        nomor=periode.nomor,
        lingkup_kunci=services.lingkup_kunci(unit),
    ).first()
    if existing is not None and existing.is_terlihat:
        return existing
    laporan = services.laporan_request(
        jenis=jenis_laporan(periode),
        tahun=periode.tahun,
        nomor=periode.nomor,
        unit=unit,
        enqueue=False,
    )
    hasil = services.laporan_generate(laporan_id=laporan.pk)
    out(
        f"  laporan {periode.label} — {unit.nama if unit else 'Seluruh provinsi'}: {hasil.hash_konten[:12] if hasil else '-'}"
    )
    return Laporan.objects.get(pk=laporan.pk)


def _waktu_catat_realistis(out: Callable[[str], None]) -> None:
    respons = [
        r
        for r in Respons.objects.only("pk", "tanggal_isi", "created_at").iterator(chunk_size=5000)
        if r.created_at.astimezone(WIB).date() > r.tanggal_isi + dt.timedelta(days=2)
    ]
    for r in respons:
        r.created_at = dt.datetime.combine(r.tanggal_isi, dt.time(12), tzinfo=WIB)
    Respons.objects.bulk_update(respons, ["created_at"], batch_size=2000)
    riwayat = [
        rp
        for rp in RiwayatPelatihan.objects.filter(
            status=StatusRiwayat.TERVERIFIKASI, diverifikasi_pada__isnull=False
        ).only("pk", "tanggal_selesai", "diverifikasi_pada")
        if rp.diverifikasi_pada is not None
        and rp.diverifikasi_pada.astimezone(WIB).date() > rp.tanggal_selesai + dt.timedelta(days=7)
    ]
    for rp in riwayat:
        rp.diverifikasi_pada = dt.datetime.combine(
            rp.tanggal_selesai + dt.timedelta(days=3), dt.time(10), tzinfo=WIB
        )
    RiwayatPelatihan.objects.bulk_update(riwayat, ["diverifikasi_pada"], batch_size=2000)
    if respons or riwayat:
        out(
            f"  waktu pencatatan demo disesuaikan: {len(respons)} respons, {len(riwayat)} riwayat pelatihan"
        )


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    _waktu_catat_realistis(out)
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
