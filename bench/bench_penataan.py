"""Benchmark of restructuring plans: wizard proposal, validation, preview and apply, from one OPD
to the whole instansi.

Builds its own throw-away test database (nothing touches the configured one): ``--unit`` units
(OPD roots with bidang beneath), each bidang with an Administrator, a Pengawas, a Pelaksana
eselon V and a Pelaksana formasi, and ``--pegawai`` ASN holding them. Prints wall time and query
count of each step.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \
        .venv/bin/python bench/bench_penataan.py --pegawai 40000 --unit 3000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

TMT = dt.date(2026, 1, 1)


def _measure(label: str, fn: Callable[[], Any]) -> Any:
    connection.queries_log.clear()  # the log keeps 9,000 entries; count each step from zero
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed * 1000:10.1f} ms  {len(ctx.captured_queries):6d} queries")
    return result


def _working_age_nip(k: int) -> str:
    from tests.factories import make_nip

    # make_nip(n) is born 1965 + (n % 12000) days: keep to 1976-1997 so nobody retires by 2026.
    return make_nip((k // 8000) * 12000 + 4000 + k % 8000)


def build(pegawai_count: int, unit_count: int, rng: random.Random) -> list[Any]:
    from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi

    opd_count = max(1, unit_count // 30)
    roots = [
        UnitOrganisasi.objects.add_root(
            create_kwargs={"kode": f"B{i:03d}", "nama": f"OPD {i}", "jenis": "opd"}
        )
        for i in range(opd_count)
    ]
    units = []
    for i in range(unit_count - opd_count):
        parent = UnitOrganisasi.objects.get(pk=roots[i % opd_count].pk)
        units.append(
            UnitOrganisasi.objects.add_child(
                parent,
                create_kwargs={
                    "kode": f"B{i % opd_count:03d}.{i}",
                    "nama": f"Bidang {i}",
                    "jenis": "bidang",
                },
            )
        )
    adm = Jabatan.objects.create(
        kode="ADM", nama="Kepala Bidang", kategori="administrator", eselon="III.a", kelas_jabatan=12
    )
    pgw = Jabatan.objects.create(
        kode="PGW", nama="Kepala Seksi", kategori="pengawas", eselon="IV.a", kelas_jabatan=9
    )
    esv = Jabatan.objects.create(
        kode="ESV", nama="Kepala Urusan", kategori="pelaksana", eselon="V.a", kelas_jabatan=7
    )
    plk = Jabatan.objects.create(
        kode="PLK", nama="Pengolah Data", kategori="pelaksana", kelas_jabatan=6
    )
    struktural = Formasi.objects.bulk_create(
        [Formasi(unit=u, jabatan=j) for u in units for j in (adm, pgw, esv)], batch_size=5000
    )
    pelaksana = Formasi.objects.bulk_create(
        [Formasi(unit=u, jabatan=plk) for u in [*roots, *units]], batch_size=5000
    )
    pegawai = []
    for k in range(pegawai_count):
        p = Pegawai(
            nip=_working_age_nip(k),
            nama=f"Pegawai {k}",
            status="pns",
            golongan=rng.choice(["III/a", "III/b", "III/c", "III/d", "IV/a"]),
        )
        p.clean()
        pegawai.append(p)
    pegawai = Pegawai.objects.bulk_create(pegawai, batch_size=5000)
    riwayat = []
    for index, p in enumerate(pegawai):
        formasi = struktural[index] if index < len(struktural) else rng.choice(pelaksana)
        riwayat.append(RiwayatJabatan(pegawai=p, formasi=formasi, tmt_mulai=dt.date(2020, 1, 1)))
    RiwayatJabatan.objects.bulk_create(riwayat, batch_size=5000)
    print(
        f"built: {pegawai_count} pegawai, {unit_count} unit, {len(struktural)} formasi struktural"
    )
    return roots


def run_plan(label: str, admin: Any, verifikator: Any, units: list[Any]) -> None:
    from jabatan.penataan import selectors, services
    from jabatan.penataan.models import ItemRencana
    from jabatan.penataan.validation import rencana_validate

    rencana = _measure(
        f"{label}: penyetaraan_propose",
        lambda: services.penyetaraan_propose(
            user=admin, units=units, nama=label, dasar_hukum="SK", tmt=TMT
        ),
    )
    print(f"  {rencana.items.count()} butir")
    hasil = _measure(f"{label}: rencana_validate", lambda: rencana_validate(rencana))
    ItemRencana.objects.filter(pk__in={m.item_id for m in hasil.warnings}).update(
        alasan_peringatan="Inpassing"
    )
    _measure(f"{label}: rencana_pratinjau", lambda: selectors.rencana_pratinjau(rencana))
    services.rencana_submit(rencana=rencana, user=admin)
    services.rencana_approve(rencana=rencana, user=verifikator)
    _measure(f"{label}: rencana_apply", lambda: services.rencana_apply(rencana=rencana, user=admin))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=5000)
    parser.add_argument("--unit", type=int, default=300)
    args = parser.parse_args()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from asn_portal.roles import VERIFIKATOR
        from jabatan.penataan import selectors

        roots = build(args.pegawai, args.unit, random.Random(7))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        User = get_user_model()
        admin = User.objects.create_superuser("bench", "bench@example.go.id", "x")
        verifikator = User.objects.create_superuser("bench-verif", "verif@example.go.id", "x")
        verifikator.groups.add(Group.objects.get(name=VERIFIKATOR))

        run_plan("satu OPD", admin, verifikator, roots[:1])
        run_plan("seluruh instansi", admin, verifikator, roots[1:])
        _measure(
            "rencana_list (admin, 2 rencana)", lambda: list(selectors.rencana_list(user=admin)[:50])
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
