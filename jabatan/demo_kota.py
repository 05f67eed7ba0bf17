"""Demo data of a second instansi, Kota Bengkulu (17.71): a few OPD with formasi on the shared
jabatan catalogue, their ASN, and an Admin BKD account of it, so ``make run`` shows two
instansi side by side. Idempotent, like every demo module."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from asn_portal.demo import DEMO_PASSWORD
from asn_portal.roles import ADMIN_BKD
from jabatan import services
from jabatan.models import Formasi, Instansi, Jabatan, Pegawai, PetugasInstansi, UnitOrganisasi
from jabatan.nip import normalize_nip

KOTA = {
    "kode": "17.71",
    "nama": "Pemerintah Kota Bengkulu",
    "nama_singkat": "Kota Bengkulu",
    "jenis": "kota",
    "nama_bkd": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bengkulu",
    "kop_surat": "PEMERINTAH KOTA BENGKULU\nBADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM\n"
    "Jl. Let. Jend. S. Parman No. 1, Bengkulu",
    "alamat": "Jl. Let. Jend. S. Parman No. 1, Bengkulu",
    "penandatangan": "Kepala BKPSDM Kota Bengkulu",
    "slug": "kota-bengkulu",
}
# (kode, nama, the bidang beneath it, the jabatan placed in it)
OPD = [
    ("KOTA.DINKES", "Dinas Kesehatan Kota Bengkulu", "Bidang Pelayanan Kesehatan", "ADM-KABID"),
    ("KOTA.BKPSDM", "BKPSDM Kota Bengkulu", "Bidang Mutasi dan Promosi", "PLK-PDI"),
]
ADMIN = "admin.kota"
ASN_PER_OPD = 3


def _nip(rng: random.Random) -> str:
    lahir = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(20 * 365))
    tmt = dt.date(max(lahir.year + 22, 2000), rng.randrange(1, 13), 1)
    return normalize_nip(f"{lahir:%Y%m%d}{tmt:%Y%m}{rng.choice('12')}{rng.randrange(100, 999)}")


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    kode = KOTA["kode"]
    kota, _created = Instansi.objects.get_or_create(
        kode=kode, defaults={k: v for k, v in KOTA.items() if k != "kode"}
    )
    for unit_kode, nama, bidang, jabatan_kode in OPD:
        opd = UnitOrganisasi.objects.filter(kode=unit_kode).first()
        if opd is None:
            opd = services.unit_create(
                user=None, induk=None, kode=unit_kode, nama=nama, jenis="opd", instansi_id=kota.pk
            )
            services.unit_create(
                user=None, induk=opd, kode=f"{unit_kode}.1", nama=bidang, jenis="bidang"
            )
        jabatan = Jabatan.objects.filter(kode=jabatan_kode).first()
        if jabatan is None:
            continue
        formasi, _created = Formasi.objects.get_or_create(unit=opd, jabatan=jabatan)
        placed = Pegawai.objects.filter(instansi=kota, riwayat_jabatan__formasi__unit=opd).count()
        for n in range(placed, ASN_PER_OPD):
            nip = _nip(rng)
            while Pegawai.objects.filter(nip=nip).exists():
                nip = _nip(rng)
            services.pegawai_create(
                user=None,
                nip=nip,
                nama=f"{rng.choice(['Rahmat', 'Siti', 'Dedi', 'Yuli', 'Agus'])} Kota {n + 1}",
                status="pns",
                golongan="III/b",
                formasi=formasi,
                tmt_mulai=dt.date(2022, 1, 1),
            )
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username=ADMIN, defaults={"is_staff": True, "email": "admin@bkpsdm.bengkulukota.go.id"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    admin.groups.add(Group.objects.get(name=ADMIN_BKD))
    PetugasInstansi.objects.get_or_create(user=admin, defaults={"instansi": kota})
    out("Instansi kedua (Kota Bengkulu) siap.")
