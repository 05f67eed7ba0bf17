"""Demo of impor-ekspor on the Bengkulu register: a finished import, a rejected one showing row
errors, and a SIASN reconciliation with every kind of difference. Idempotent (file names mark it).

Runs after jabatan.demo and asn_portal.demo (it uses their units, pegawai and accounts).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from asn_portal.access import granted_unit_paths
from asn_portal.files import write_table
from asn_portal.transfer import rekonsiliasi, services
from asn_portal.transfer.kinds.pegawai import PegawaiKind
from asn_portal.transfer.models import ImportJob, Rekonsiliasi
from jabatan.models import Formasi, Pegawai

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_IMPORT = "demo-impor-pegawai.csv"
DEMO_REJECTED = "demo-impor-pegawai-salah.csv"
DEMO_SIASN = "demo-ekspor-siasn.csv"
DEMO_COLUMNS = ("nip", "nama", "status", "golongan", "kode_unit", "kode_jabatan", "tmt_jabatan")


def _free_nips(rng: random.Random, count: int) -> list[str]:
    nips: list[str] = []
    while len(nips) < count:
        nip = f"1992{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}2018031{rng.randint(900, 999):03d}"
        if nip not in nips and not Pegawai.objects.filter(nip=nip).exists():
            nips.append(nip)
    return nips


def _import(user: User, name: str, rows: list[list[str]]) -> ImportJob:
    content, _count = write_table("csv", PegawaiKind.headers(*DEMO_COLUMNS), rows)
    job = ImportJob(kind="pegawai", file_name=name, created_by=user, committed_by=user)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    job = services.import_validate(job=job)
    if job.status == "pratinjau":
        job = services.import_commit(job=job)
    return job


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    User = get_user_model()
    operator = User.objects.filter(username="operator.dinkes").first()
    admin = User.objects.filter(username="admin.bkd").first()
    if operator is None or admin is None:
        out("transfer: akun demo belum ada, dilewati")
        return
    paths = granted_unit_paths(operator)
    formasi = (
        Formasi.objects.filter(unit__path__startswith=paths[0])
        .select_related("unit", "jabatan")
        .order_by("unit__path", "pk")
        .first()
        if paths
        else None
    )
    if formasi is None:
        out("transfer: formasi unit operator demo tidak ditemukan, dilewati")
        return
    if not ImportJob.objects.filter(file_name=DEMO_IMPORT).exists():
        names = ["Rina Marlina", "Yusuf Effendi", "Siti Aisyah"]
        rows = [
            [nip, nama, "pns", "III/a", formasi.unit.kode, formasi.jabatan.kode, "01/03/2024"]
            for nip, nama in zip(_free_nips(rng, 3), names, strict=True)
        ]
        job = _import(operator, DEMO_IMPORT, rows)
        out(f"transfer: impor demo {job.get_status_display()} ({job.created_count} baru)")
    if not ImportJob.objects.filter(file_name=DEMO_REJECTED).exists():
        nip = _free_nips(rng, 1)[0]
        rows = [
            [
                nip,
                "Data Contoh Salah",
                "pns",
                "III/z",
                formasi.unit.kode,
                formasi.jabatan.kode,
                "31/02/2024",
            ]
        ]
        job = _import(operator, DEMO_REJECTED, rows)
        out(f"transfer: impor demo dengan kesalahan ({job.error_count} kesalahan)")
    if not Rekonsiliasi.objects.filter(file_name=DEMO_SIASN).exists():
        register = list(Pegawai.objects.order_by("nip")[:40])
        headers = [
            "NIP_BARU",
            "NAMA",
            "GELAR_DEPAN",
            "GELAR_BELAKANG",
            "STATUS_CPNS_PNS",
            "GOL_AKHIR_NAMA",
            "TINGKAT_PENDIDIKAN_NAMA",
            "KEDUDUKAN_HUKUM_NAMA",
        ]
        rows = []
        for n, p in enumerate(register[:-3]):  # the last three: only in ASN Portal
            status = {"cpns": "C", "pns": "P", "pppk": "PPPK"}[p.status]
            nama = p.nama.upper() if n % 10 == 3 else p.nama  # a differing name now and then
            golongan = p.golongan
            if n % 12 == 5 and p.status == "pns" and p.golongan == "III/a":
                golongan = "III/b"
            rows.append(
                [
                    p.nip,
                    nama,
                    p.gelar_depan,
                    p.gelar_belakang,
                    status,
                    golongan,
                    p.pendidikan_terakhir.upper(),
                    "Aktif",
                ]
            )
        rows.append(
            ["199001012015031999", "Pegawai Hanya di SIASN", "", "", "P", "III/a", "S1", "Aktif"]
        )
        content, _count = write_table("csv", headers, rows)
        rekon = Rekonsiliasi(file_name=DEMO_SIASN, created_by=admin)
        rekon.file.save(DEMO_SIASN, ContentFile(content), save=False)
        rekon.save()
        rekonsiliasi.rekonsiliasi_run(rekonsiliasi_id=rekon.pk)
        out("transfer: rekonsiliasi SIASN demo dibuat")
