"""Demo restructuring plans on the Bengkulu register built by jabatan.demo: one applied
penyetaraan of a whole OPD, one submitted rotation awaiting the Verifikator, one draft.

Idempotent: each plan is looked up by its name (the applied penyetaraan by its kind and status)
before anything is built, so a second run changes nothing. Every plan goes through the same
services as the admin, so the demo shows real validation, transitions and audit entries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jabatan.models import (
    Formasi,
    Jabatan,
    KategoriJabatan,
    RiwayatJabatan,
    StatusAktif,
    UnitOrganisasi,
)
from jabatan.penataan import services
from jabatan.penataan.models import (
    ItemRencana,
    JenisItem,
    JenisRencana,
    RencanaPenataan,
    StatusRencana,
    TransisiRencana,
)
from jabatan.penataan.validation import rencana_validate

# OPD tried in turn for the applied penyetaraan: the first whose proposal validates is used.
OPD_PENYETARAAN = ("BAPPEDA", "DISHUB", "DINSOS", "BPKD", "DUKCAPIL", "PUPR", "BKD")
TMT_PENYETARAAN = dt.date(2026, 8, 3)
DASAR_PENYETARAAN = (
    "Keputusan Gubernur Bengkulu Nomor 821.2-512 Tahun 2026 tentang Penyetaraan Jabatan"
)
ALASAN_GOLONGAN = (
    "Inpassing tanpa memandang pangkat dan golongan (PermenPANRB 17/2021); kenaikan jenjang "
    "mengikuti angka kredit."
)
# When the demo's steps "happened", fixed so that two runs build the same data.
LINIMASA = {
    StatusRencana.DRAF: dt.datetime(2026, 7, 6, 9, 0),
    StatusRencana.DIAJUKAN: dt.datetime(2026, 7, 13, 10, 30),
    StatusRencana.DISETUJUI: dt.datetime(2026, 7, 20, 14, 0),
    StatusRencana.DITERAPKAN: dt.datetime(2026, 7, 27, 8, 15),
}

NAMA_DIAJUKAN = "Rotasi pelaksana Badan Kepegawaian Daerah 2027"
TMT_DIAJUKAN = dt.date(2027, 1, 4)
NAMA_DRAF = "Penataan pelaksana Dinas Kesehatan 2027 (draf)"
TMT_DRAF = dt.date(2027, 2, 1)


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


def _acknowledge_warnings(rencana: RencanaPenataan, alasan: str) -> None:
    ids = {m.item_id for m in rencana_validate(rencana).warnings if m.item_id is not None}
    ItemRencana.objects.filter(pk__in=ids).update(alasan_peringatan=alasan)


def _applied_penyetaraan(out: Callable[[str], None]) -> None:
    if RencanaPenataan.objects.filter(
        jenis=JenisRencana.PENYETARAAN, status=StatusRencana.DITERAPKAN
    ).exists():
        return
    admin, verifikator = _user("admin.bkd"), _user("verifikator")
    for kode in OPD_PENYETARAAN:
        opd = UnitOrganisasi.objects.filter(kode=kode).first()
        if opd is None:
            continue
        savepoint = transaction.savepoint()
        rencana = services.penyetaraan_propose(
            user=admin,
            units=[opd],
            nama=f"Penyetaraan jabatan administrasi {opd.nama}",
            dasar_hukum=DASAR_PENYETARAAN,
            tmt=TMT_PENYETARAAN,
        )
        _acknowledge_warnings(rencana, ALASAN_GOLONGAN)
        if not rencana_validate(rencana).is_valid:
            transaction.savepoint_rollback(savepoint)
            continue
        transaction.savepoint_commit(savepoint)
        services.rencana_submit(rencana=rencana, user=admin)
        services.rencana_approve(
            rencana=rencana, user=verifikator, catatan="Sesuai peta jabatan hasil verifikasi."
        )
        services.rencana_apply(rencana=rencana, user=admin)
        RencanaPenataan.objects.filter(pk=rencana.pk).update(
            created_at=_aware(LINIMASA[StatusRencana.DRAF]),
            diajukan_pada=_aware(LINIMASA[StatusRencana.DIAJUKAN]),
            diputuskan_pada=_aware(LINIMASA[StatusRencana.DISETUJUI]),
            diterapkan_pada=_aware(LINIMASA[StatusRencana.DITERAPKAN]),
        )
        for status, moment in LINIMASA.items():
            TransisiRencana.objects.filter(rencana=rencana, ke_status=status).update(
                pada=_aware(moment)
            )
        out(f"  penataan: penyetaraan {opd.nama} diterapkan ({rencana.items.count()} butir)")
        return
    out("  penataan: tidak ada OPD yang penyetaraannya lolos validasi; rencana diterapkan dilewati")


def _pelaksana_holders(opd_kode: str) -> list[RiwayatJabatan]:
    opd = UnitOrganisasi.objects.get(kode=opd_kode)
    return list(
        RiwayatJabatan.objects.definitif()
        .filter(
            tmt_selesai__isnull=True,
            formasi__unit__path__startswith=opd.path,
            formasi__jabatan__kategori=KategoriJabatan.PELAKSANA,
            formasi__jabatan__eselon="",
            pegawai__status_aktif=StatusAktif.AKTIF,
        )
        .select_related("formasi__unit", "formasi__jabatan", "pegawai")
        .order_by("pegawai__nip")
    )


def _rotation_items(
    rencana: RencanaPenataan, holders: list[RiwayatJabatan], count: int, alasan: str
) -> None:
    """Rotate ``count`` pelaksana to another unit's pelaksana formasi of the same OPD, keeping
    only moves that validate (no retirement before the TMT, no ASN twice)."""
    added = 0
    used: set[int] = set()
    for index, holder in enumerate(holders):
        if added == count:
            break
        if holder.pegawai_id in used:
            continue
        targets = [
            h.formasi for h in holders[index + 1 :] if h.formasi.unit_id != holder.formasi.unit_id
        ]
        if not targets:
            continue
        item = ItemRencana.objects.create(
            rencana=rencana,
            urutan=added + 1,
            jenis=JenisItem.MUTASI,
            pegawai=holder.pegawai,
            formasi_asal=holder.formasi,
            formasi_tujuan=targets[0],
            alasan_peringatan=alasan,
        )
        if any(m.is_error and m.item_id == item.pk for m in rencana_validate(rencana).masalah):
            item.delete()
            continue
        used.add(holder.pegawai_id)
        added += 1


def _submitted_rotation(out: Callable[[str], None]) -> None:
    if RencanaPenataan.objects.filter(nama=NAMA_DIAJUKAN).exists():
        return
    operator = _user("operator.bkd")
    rencana = services.rencana_create(
        user=operator,
        nama=NAMA_DIAJUKAN,
        tmt=TMT_DIAJUKAN,
        dasar_hukum="Nota Dinas Kepala BKD Nomor 800/214/BKD/2026",
        keterangan="Penyegaran dan pemerataan beban kerja antarbidang.",
    )
    _rotation_items(
        rencana,
        _pelaksana_holders("BKD"),
        3,
        "Rotasi berkala untuk penyegaran dan pemerataan beban kerja.",
    )
    services.rencana_submit(rencana=rencana, user=operator)
    out(
        f"  penataan: «{NAMA_DIAJUKAN}» diajukan, menunggu Verifikator ({rencana.items.count()} butir)"
    )


def _draft(out: Callable[[str], None]) -> None:
    if RencanaPenataan.objects.filter(nama=NAMA_DRAF).exists():
        return
    operator = _user("operator.dinkes")
    rencana = services.rencana_create(
        user=operator,
        nama=NAMA_DRAF,
        tmt=TMT_DRAF,
        dasar_hukum="Telaahan staf Sekretaris Dinas Kesehatan",
        keterangan="Masih disusun: peringatan belum diberi alasan.",
    )
    holders = _pelaksana_holders("DINKES")
    # Left without reasons on purpose: the plan's page shows the warnings still to acknowledge.
    _rotation_items(rencana, holders, 2, "")
    dinkes = UnitOrganisasi.objects.get(kode="DINKES")
    epidemiolog = Jabatan.objects.filter(nama__icontains="Epidemiolog", jenjang="ahli_muda").first()
    if epidemiolog is not None:
        taken = set(Formasi.objects.filter(jabatan=epidemiolog).values_list("unit_id", flat=True))
        unit = (
            UnitOrganisasi.objects.filter(path__startswith=dinkes.path, jenis="bidang", aktif=True)
            .exclude(pk__in=taken)
            .order_by("path")
            .first()
        )
        if unit is not None:
            services.item_save(
                item=ItemRencana(
                    rencana=rencana,
                    jenis=JenisItem.PEMBENTUKAN_FORMASI,
                    unit=unit,
                    jabatan=epidemiolog,
                    keterangan="Penguatan surveilans penyakit menular.",
                ),
                user=operator,
            )
    out(f"  penataan: «{NAMA_DRAF}» disimpan sebagai draf ({rencana.items.count()} butir)")


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    _applied_penyetaraan(out)
    _submitted_rotation(out)
    _draft(out)
