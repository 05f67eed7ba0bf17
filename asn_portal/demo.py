"""Demo accounts of the province, one per role, linked to the demo register built by jabatan.demo;
the helper that makes every demo account, and the table of them that seed_demo prints."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from asn_portal.access import PERM_KELOLA_UNIT
from asn_portal.roles import (
    ADMIN_BKD,
    ALL_ROLES,
    ASN,
    OPERATOR_OPD,
    PEMANTAU,
    VERIFIKATOR,
    roles_sync,
)
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import (
    Instansi,
    Pegawai,
    PemantauInstansi,
    PetugasInstansi,
    RiwayatJabatan,
    UnitOrganisasi,
)

DEMO_PASSWORD = "demo-bengkulu-2026"  # noqa: S105 - demo data only; seed_demo refuses DEBUG=false  # nosec B105
# (username, role, the OPD an operator is granted: a word of its name)
STAFF = [
    ("admin.bkd", ADMIN_BKD, None),
    ("verifikator", VERIFIKATOR, None),
    ("operator.dinkes", OPERATOR_OPD, "Kesehatan"),
    ("operator.bkd", OPERATOR_OPD, "Kepegawaian"),
]


def _root_unit(word: str) -> UnitOrganisasi | None:
    return UnitOrganisasi.objects.filter(depth=1, nama__icontains=word).order_by("path").first()


_hash_demo: str | None = None


def demo_account(
    username: str,
    role: str,
    *,
    email: str,
    instansi: Instansi | None = None,
    unit: UnitOrganisasi | None = None,
    pegawai: Pegawai | None = None,
) -> Any:
    """A demo account of ``role`` (created once, with the demo password): staff of ``instansi``
    (the first when None), an Operator OPD granted ``unit``, the login of ``pegawai``, or a
    Pemantau (neither staff nor ASN)."""
    global _hash_demo
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        if _hash_demo is None:  # one hash for every demo account: seed_demo stays fast
            _hash_demo = make_password(DEMO_PASSWORD)
        user = User.objects.create(
            username=username,
            password=_hash_demo,
            is_staff=role not in (ASN, PEMANTAU),
            email=email,
            first_name=pegawai.nama[:150] if pegawai else "",
        )
    user.groups.add(Group.objects.get(name=role))
    if role not in (ASN, PEMANTAU):
        PetugasInstansi.objects.get_or_create(
            user=user, defaults={"instansi_id": instansi.pk if instansi else instansi_bawaan_id()}
        )
    if unit is not None:
        assign_perm(PERM_KELOLA_UNIT, user, unit)
    if pegawai is not None and not Pegawai.objects.filter(user=user).exists():
        # linked once: a later run keeps the account's ASN even if another would be chosen now
        Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
    return user


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    roles_sync()
    for username, role, unit_word in STAFF:
        demo_account(
            username,
            role,
            email=f"{username}@bkd.bengkuluprov.go.id",
            unit=_root_unit(unit_word) if unit_word else None,
        )
    today = timezone.localdate()
    for unit_word in ("Kesehatan", "Kepegawaian"):
        unit = _root_unit(unit_word)
        if unit is None:
            continue
        riwayat = (
            RiwayatJabatan.objects.definitif()
            .aktif_pada(today)
            .filter(formasi__unit__path__startswith=unit.path, pegawai__status="pns")
            .select_related("pegawai")
            .order_by("pegawai__nip")
            .first()
        )
        if riwayat is None:
            continue
        demo_account(riwayat.pegawai.nip, ASN, email=riwayat.pegawai.email, pegawai=riwayat.pegawai)
    out("Akun demo siap.")


def pemantau_seed(kode_daerah: list[str]) -> None:
    """The BKN regional office's Pemantau: reads the roll-ups of the province and the daerah."""
    user = demo_account(PEMANTAU_DEMO, PEMANTAU, email="pemantau@kanreg7.bkn.go.id")
    for instansi in Instansi.objects.filter(pk=instansi_bawaan_id()) | Instansi.objects.filter(
        kode__in=kode_daerah
    ):
        PemantauInstansi.objects.get_or_create(user=user, instansi=instansi)


PEMANTAU_DEMO = "pemantau.bkn"
ROLE_ORDER = {role: i for i, role in enumerate(ALL_ROLES)}


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """``(instansi, role, username, where)`` of every account in a role, by instansi and role."""
    User = get_user_model()
    rows = []
    users = (
        User.objects.filter(groups__name__in=ALL_ROLES, is_superuser=False)
        .select_related("petugas_instansi__instansi", "pegawai__instansi")
        .prefetch_related("groups")
        .distinct()
    )
    bawaan = Instansi.objects.filter(pk=instansi_bawaan_id()).first()
    for user in users:
        petugas = getattr(user, "petugas_instansi", None)
        pegawai = getattr(user, "pegawai", None)
        instansi = petugas.instansi if petugas else pegawai.instansi if pegawai else bawaan
        for group in user.groups.all():
            if group.name not in ROLE_ORDER:
                continue
            where = f"/portal/ ({pegawai.nama})" if group.name == ASN and pegawai else "/admin/"
            if group.name == PEMANTAU:
                where = "/rekap/"
            rows.append(
                (str(instansi), group.name, user.username, where, instansi.kode if instansi else "")
            )
    rows.sort(key=lambda r: (r[4], ROLE_ORDER[r[1]], r[2]))
    return [r[:4] for r in rows]


def print_accounts(out: Callable[[str], None]) -> None:
    """The demo accounts as a table: instansi, role, username, password (grouped by instansi)."""
    rows = demo_accounts()
    out("")
    out("Akun demo per instansi dan peran:")
    lebar = max([len(r[0]) for r in rows] + [8])
    out(f"  {'instansi':<{lebar}}  {'peran':<14} {'nama pengguna':<26} {'kata sandi':<20} masuk di")
    sebelumnya = None
    for instansi, role, username, where in rows:
        nama = instansi if instansi != sebelumnya else ""
        sebelumnya = instansi
        out(f"  {nama:<{lebar}}  {role:<14} {username:<26} {DEMO_PASSWORD:<20} {where}")
    out(f"  {'(semua)':<{lebar}}  {'masyarakat':<14} {'(tanpa akun)':<26} {'':<20} /survei/")
