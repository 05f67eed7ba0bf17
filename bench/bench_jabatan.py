"""Benchmark of the register's lists, dashboard and API at a floor and at 10x the data.

Builds its own throw-away test database (nothing touches the configured one), measures each
page at the floor, grows the register tenfold, measures again and prints the time ratio and the
query counts. A ratio near 1 and equal query counts mean the page does not grow with the data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \
        .venv/bin/python bench/bench_jabatan.py --opd 4 --faktor 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

_serial = {"opd": 0, "nip": 0}


def build(opd_count: int) -> None:
    """``opd_count`` OPD, each with 4 bidang of 2 seksi, 3 formasi per unit, 1–3 holders each."""
    from jabatan.models import (
        Formasi,
        Jabatan,
        Pegawai,
        RiwayatJabatan,
        UnitOrganisasi,
        UraianTugas,
    )
    from tests.factories import make_nip

    jabatan = list(Jabatan.objects.all()) or Jabatan.objects.bulk_create(
        [
            Jabatan(
                kode=f"JB{i}", nama=f"Jabatan {i}", kategori="pelaksana", kelas_jabatan=5 + i % 5
            )
            for i in range(12)
        ]
    )
    units: list[UnitOrganisasi] = []
    for _ in range(opd_count):
        _serial["opd"] += 1
        kode = f"O{_serial['opd']:04d}"
        root = UnitOrganisasi.objects.add_root(
            create_kwargs={"kode": kode, "nama": f"Dinas {kode}", "jenis": "opd"}
        )
        units.append(root)
        for b in range(4):
            root.refresh_from_db()
            bidang = UnitOrganisasi.objects.add_child(
                root,
                create_kwargs={
                    "kode": f"{kode}.{b}",
                    "nama": f"Bidang {kode}.{b}",
                    "jenis": "bidang",
                },
            )
            units.append(bidang)
            for s in range(2):
                bidang.refresh_from_db()
                units.append(
                    UnitOrganisasi.objects.add_child(
                        bidang,
                        create_kwargs={
                            "kode": f"{kode}.{b}.{s}",
                            "nama": f"Seksi {kode}.{b}.{s}",
                            "jenis": "seksi",
                        },
                    )
                )
    formasi = Formasi.objects.bulk_create(
        [
            Formasi(unit=unit, jabatan=jabatan[(i + k) % len(jabatan)])
            for i, unit in enumerate(units)
            for k in range(3)
        ]
    )
    UraianTugas.objects.bulk_create(
        [
            UraianTugas(
                formasi=f,
                urutan=r,
                uraian=f"Tugas {r}",
                hasil_kerja="Dokumen",
                volume_per_tahun=Decimal(100 + 37 * r + f.pk % 50),
                norma_waktu_menit=Decimal(60 * (r + 1)),
            )
            for f in formasi
            for r in range(3)
        ]
    )
    pegawai: list[Pegawai] = []
    placements: list[tuple[int, Formasi]] = []
    for f in formasi:
        for _ in range(1 + f.pk % 3):
            _serial["nip"] += 1
            p = Pegawai(
                nip=make_nip(_serial["nip"]),
                nama=f"Pegawai {_serial['nip']}",
                status="pns",
                golongan="III/a",
            )
            p.clean()
            pegawai.append(p)
            placements.append((len(pegawai) - 1, f))
    Pegawai.objects.bulk_create(pegawai)
    RiwayatJabatan.objects.bulk_create(
        [
            RiwayatJabatan(pegawai=pegawai[i], formasi=f, tmt_mulai=dt.date(2020, 1, 1))
            for i, f in placements
        ]
    )


def measure(client: Client, url: str, repeat: int) -> tuple[float, int]:
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--opd", type=int, default=4, help="OPD at the floor (each ~11 units, ~66 ASN)"
    )
    parser.add_argument("--faktor", type=int, default=10)
    parser.add_argument("--ulang", type=int, default=5, help="repetitions per page (median)")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from asn_portal.roles import ADMIN_BKD, OPERATOR_OPD
        from jabatan.models import Pegawai, UnitOrganisasi
        from tests.factories import grant_unit

        build(args.opd)
        User = get_user_model()
        admin = User.objects.create(username="bench.admin", is_staff=True)
        admin.groups.add(Group.objects.get(name=ADMIN_BKD))
        operator = User.objects.create(username="bench.operator", is_staff=True)
        operator.groups.add(Group.objects.get(name=OPERATOR_OPD))
        first = UnitOrganisasi.objects.filter(depth=1).order_by("path").first()
        grant_unit(operator, first)
        clients = {}
        for user in (admin, operator):
            clients[user.username] = Client()
            clients[user.username].force_login(user)
        pages = [
            ("admin: unit (pohon)", "bench.admin", "/admin/jabatan/unitorganisasi/"),
            ("admin: formasi", "bench.admin", "/admin/jabatan/formasi/"),
            ("admin: pegawai", "bench.admin", "/admin/jabatan/pegawai/"),
            ("admin: pegawai (operator)", "bench.operator", "/admin/jabatan/pegawai/"),
            ("admin: riwayat jabatan", "bench.admin", "/admin/jabatan/riwayatjabatan/"),
            ("dasbor OPD pertama", "bench.admin", f"/jabatan/unit/{first.pk}/dasbor/"),
            (
                "dasbor OPD pertama (operator)",
                "bench.operator",
                f"/jabatan/unit/{first.pk}/dasbor/",
            ),
            ("API pegawai", "bench.admin", "/api/v1/pegawai/"),
            ("API formasi", "bench.admin", "/api/v1/formasi/"),
        ]
        for _, who, url in pages:  # warm caches and compiled templates
            clients[who].get(url)
        floor = {label: measure(clients[who], url, args.ulang) for label, who, url in pages}
        floor_count = Pegawai.objects.count()
        build(args.opd * (args.faktor - 1))
        grown = {label: measure(clients[who], url, args.ulang) for label, who, url in pages}
        print(
            f"pegawai: {floor_count} -> {Pegawai.objects.count()}; unit: {UnitOrganisasi.objects.count()}"
        )
        print(
            f"{'halaman':<34} {'dasar ms':>9} {'x' + str(args.faktor) + ' ms':>9} {'rasio':>6} {'query':>11}"
        )
        for label, _, _ in pages:
            (t0, q0), (t1, q1) = floor[label], grown[label]
            print(f"{label:<34} {t0 * 1000:9.1f} {t1 * 1000:9.1f} {t1 / t0:6.2f} {q0:5d}->{q1:<5d}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
