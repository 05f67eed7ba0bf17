"""Two instansi side by side: the first (Provinsi Bengkulu, "17", the unit A world of the shared
personas) and Kota Bengkulu ("17.71"), each with units, ASN, formasi, a plan, a training run, a
service unit with responses and cases, a report and an import; and the four personas of each.

Every object of Kota Bengkulu that a page could list carries the marker ``Kotamarker`` in its
name, so a page of the province that shows one of them is caught by a plain substring test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from asn_portal.roles import ADMIN_BKD, ASN, OPERATOR_OPD, PEMANTAU, VERIFIKATOR
from asn_portal.transfer.models import ExportLog, ImportJob, Rekonsiliasi
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import (
    Instansi,
    Jabatan,
    Pegawai,
    PemantauInstansi,
    PetugasInstansi,
    UnitOrganisasi,
)
from pelatihan.models import Angkatan, Kompetensi
from survei.models import UnitLayanan
from tests.asn_portal.test_write_paths import _objects_of
from tests.factories import (
    FormasiFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
    UserFactory,
    grant_unit,
)
from tests.laporan.conftest import buat_laporan

MARKER = "Kotamarker"
# The personas of each instansi, by role; the first instansi's are the suite's shared ones.
ROLES_A = {
    "admin": "admin_bkd",
    "verifikator": "verifikator",
    "operator": "operator_a",
    "asn": "asn_x",
}
ROLES_B = {
    "admin": "admin_kota",
    "verifikator": "verifikator_kota",
    "operator": "operator_kota",
    "asn": "asn_kota",
}
STAFF_ROLES = ("admin", "verifikator", "operator")


@pytest.fixture
def instansi_a(db: None) -> Instansi:
    return Instansi.objects.get(pk=instansi_bawaan_id())


@pytest.fixture
def instansi_b(db: None) -> Instansi:
    return Instansi.objects.create(
        kode="17.71",
        nama="Pemerintah Kota Bengkulu",
        nama_singkat="Kota Bengkulu",
        jenis="kota",
        nama_bkd="Badan Kepegawaian dan Pengembangan SDM Kota Bengkulu",
        kop_surat="PEMERINTAH KOTA BENGKULU\nBKPSDM",
        penandatangan="Kepala BKPSDM Kota Bengkulu",
        slug="kota-bengkulu",
    )


@pytest.fixture
def unit_kota(instansi_b: Instansi) -> UnitOrganisasi:
    opd = UnitOrganisasiFactory(kode="KB", nama=f"Dinas {MARKER}", jenis="opd", instansi=instansi_b)
    UnitOrganisasiFactory(parent=opd, kode="KB.1", nama=f"Bidang {MARKER}", jenis="bidang")
    opd.refresh_from_db()
    return opd


def _staff(username: str, role: str, instansi: Instansi) -> Any:
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    PetugasInstansi.objects.create(user=user, instansi=instansi)
    return user


@pytest.fixture
def admin_kota(instansi_b: Instansi) -> Any:
    return _staff("admin_kota", ADMIN_BKD, instansi_b)


@pytest.fixture
def verifikator_kota(instansi_b: Instansi) -> Any:
    return _staff("verifikator_kota", VERIFIKATOR, instansi_b)


@pytest.fixture
def operator_kota(instansi_b: Instansi, unit_kota: UnitOrganisasi) -> Any:
    user = _staff("operator_kota", OPERATOR_OPD, instansi_b)
    grant_unit(user, unit_kota)
    return user


@pytest.fixture
def asn_kota(instansi_b: Instansi, unit_kota: UnitOrganisasi) -> Any:
    user = UserFactory(username="asn_kota")
    user.groups.add(Group.objects.get(name=ASN))
    pegawai = PegawaiFactory(user=user, nama=f"Asn {MARKER}", instansi=instansi_b)
    RiwayatJabatanFactory(pegawai=pegawai, formasi=FormasiFactory(unit=unit_kota))
    return user


@pytest.fixture
def pemantau_kota(instansi_b: Instansi) -> Any:
    """A Pemantau (say the BKN regional office) granted Kota Bengkulu's roll-ups only: not
    staff, no ASN record, not the province. The province's Admin BKD (``admin_bkd``, of "17")
    reads Kota Bengkulu ("17.71") as the other persona of the province-wide view."""
    user = UserFactory(username="pemantau_kota")
    user.groups.add(Group.objects.get(name=PEMANTAU))
    PemantauInstansi.objects.create(user=user, instansi=instansi_b)
    return user


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@dataclass
class Dunia:
    a: dict[str, Any]
    b: dict[str, Any]
    instansi_a: Instansi
    instansi_b: Instansi
    users: dict[str, Any]


def _instansi_objects(
    objects: dict[str, Any], instansi: Instansi, user: Any, unit: Any, tag: str
) -> dict[str, Any]:
    """What has a direct instansi (or only lists by name) on top of the write-path world."""
    UnitOrganisasi.objects.filter(pk=unit.pk).update(nama=f"Dinas {tag}")
    pegawai = objects["jabatan.Pegawai"]
    Pegawai.objects.filter(pk=pegawai.pk).update(instansi=instansi, nama=f"Pegawai {tag}")
    jabatan = objects["jabatan.Jabatan"]
    Jabatan.objects.filter(pk=jabatan.pk).update(instansi=instansi, nama=f"Analis {tag}")
    UnitLayanan.objects.filter(pk=objects["survei.UnitLayanan"].pk).update(nama=f"Layanan {tag}")
    objects["jabatan.RencanaPenataan"].__class__.objects.filter(
        pk=objects["jabatan.RencanaPenataan"].pk
    ).update(nama=f"Rencana {tag}")
    for key in ("jabatan.Pegawai", "jabatan.Jabatan", "survei.UnitLayanan"):
        objects[key].refresh_from_db()
    # the world's run becomes the instansi's own (the write-path world's runs are shared)
    Angkatan.objects.filter(pk=objects["pelatihan.Angkatan"].pk).update(
        instansi=instansi, nama=f"Angkatan {tag}"
    )
    objects["pelatihan.Angkatan"].refresh_from_db()
    objects["pelatihan.Kompetensi"] = Kompetensi.objects.create(
        kode=f"KOMP-{tag}", nama=f"Kompetensi {tag}", jenis="teknis", instansi=instansi
    )
    objects["jabatan.Instansi"] = instansi
    objects["asn_portal.Laporan"] = buat_laporan(unit=unit, status="antre")
    job = ImportJob(
        kind="pegawai", file_name=f"impor-{tag}.csv", created_by=user, instansi=instansi
    )
    job.file.save(f"impor-{tag}.csv", ContentFile(b"NIP\n"), save=False)
    job.save()
    objects["asn_portal.ImportJob"] = job
    objects["asn_portal.ExportLog"] = ExportLog.objects.create(
        source=f"ekspor {tag}", fmt="csv", created_by=user, instansi=instansi
    )
    rekon = Rekonsiliasi(file_name=f"siasn-{tag}.csv", created_by=user, instansi=instansi)
    rekon.file.save(f"siasn-{tag}.csv", ContentFile(b"NIP\n"), save=False)
    rekon.save()
    objects["asn_portal.Rekonsiliasi"] = rekon
    return objects


@pytest.fixture
def dunia(
    request: pytest.FixtureRequest,
    settings: Any,
    tmp_path: Any,
    instansi_a: Instansi,
    instansi_b: Instansi,
    unit_a: Any,
    unit_kota: Any,
) -> Dunia:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    users = {name: request.getfixturevalue(name) for name in [*ROLES_A.values(), *ROLES_B.values()]}
    users["superuser"] = request.getfixturevalue("superuser")
    users["pemantau_kota"] = request.getfixturevalue("pemantau_kota")
    a = _objects_of(unit_a, users["operator_a"], "a")
    b = _objects_of(unit_kota, users["operator_kota"], "kb")
    # the first instansi's staff named no instansi before: they belong to it by default
    _instansi_objects(a, instansi_a, users["admin_bkd"], unit_a, "Provmarker")
    _instansi_objects(b, instansi_b, users["admin_kota"], unit_kota, MARKER)
    b["auth.User"] = users["operator_kota"]
    return Dunia(a=a, b=b, instansi_a=instansi_a, instansi_b=instansi_b, users=users)


def today() -> dt.date:
    from tests.asn_portal import write_paths

    return write_paths.today()
