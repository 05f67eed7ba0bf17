"""Demo accounts, one per role, linked to the demo register built by jabatan.demo."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from asn_portal.access import PERM_KELOLA_UNIT
from asn_portal.roles import ADMIN_BKD, ASN, OPERATOR_OPD, VERIFIKATOR, roles_sync
from jabatan.models import Pegawai, RiwayatJabatan, UnitOrganisasi

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


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    roles_sync()
    User = get_user_model()
    for username, role, unit_word in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "email": f"{username}@bkd.bengkuluprov.go.id"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        if unit_word and (unit := _root_unit(unit_word)):
            assign_perm(PERM_KELOLA_UNIT, user, unit)
    today = timezone.localdate()
    asn_group = Group.objects.get(name=ASN)
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
        pegawai = riwayat.pegawai
        user, created = User.objects.get_or_create(
            username=pegawai.nip,
            defaults={"first_name": pegawai.nama[:150], "email": pegawai.email},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(asn_group)
        if pegawai.user_id != user.pk:
            Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
    out("Akun demo siap.")


def print_accounts(out: Callable[[str], None]) -> None:
    User = get_user_model()
    out("")
    out(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD})")
    out(f"  {'nama pengguna':<22} {'peran':<14} masuk di")
    for username, role, unit_word in STAFF:
        scope = f" (unit: {unit.nama})" if unit_word and (unit := _root_unit(unit_word)) else ""
        out(f"  {username:<22} {role:<14} /admin/{scope}")
    asn_users = User.objects.filter(groups__name=ASN, pegawai__isnull=False).select_related(
        "pegawai"
    )
    for user in asn_users.order_by("username")[:5]:
        out(f"  {user.username:<22} {ASN:<14} /portal/ ({user.pegawai.nama})")
    kota = User.objects.filter(username="admin.kota", petugas_instansi__isnull=False).first()
    if kota is not None:
        instansi = kota.petugas_instansi.instansi
        out(f"  {kota.username:<22} {ADMIN_BKD:<14} /admin/ (instansi: {instansi})")
    out(f"  {'(tanpa akun)':<22} {'masyarakat':<14} /survei/")
