"""Benchmark of the 20 JP report, the shortfall list, gap counting and the monthly warning.

Builds its own throw-away test database (nothing touches the configured one), fills it with
``--pegawai`` ASN spread over ``--unit`` units with three years of training records, and prints
the wall time and query count of each read.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \
        .venv/bin/python bench/bench_pelatihan.py --pegawai 40000 --unit 3000
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
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402


def _measure(label: str, fn: Callable[[], Any]) -> Any:
    reset_queries()  # the build's bulk inserts would otherwise overflow the query log
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed * 1000:9.1f} ms  {len(ctx.captured_queries):4d} queries")
    return result


def build(pegawai_count: int, unit_count: int, rng: random.Random) -> None:
    from django.utils import timezone

    from jabatan.instansi import instansi_bawaan_id
    from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
    from pelatihan.models import (
        Kompetensi,
        ProgramKompetensi,
        ProgramPelatihan,
        RiwayatPelatihan,
        StandarKompetensi,
    )
    from tests.factories import make_nip

    opd_count = max(1, unit_count // 30)
    roots = [
        UnitOrganisasi.objects.add_root(
            create_kwargs={"kode": f"B{i:03d}", "nama": f"OPD {i}", "jenis": "opd"}
        )
        for i in range(opd_count)
    ]
    units = list(roots)
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
    jabatan = Jabatan.objects.bulk_create(
        [
            Jabatan(kode=f"JB{i}", nama=f"Jabatan {i}", kategori="pelaksana", kelas_jabatan=7)
            for i in range(50)
        ]
    )
    kompetensi = Kompetensi.objects.bulk_create(
        [Kompetensi(kode=f"K{i}", nama=f"Kompetensi {i}", jenis="teknis") for i in range(20)]
    )
    StandarKompetensi.objects.bulk_create(
        [
            StandarKompetensi(jabatan=j, kompetensi=k, level=rng.randint(1, 4))
            for j in jabatan
            for k in rng.sample(kompetensi, 6)
        ]
    )
    programs = ProgramPelatihan.objects.bulk_create(
        [
            ProgramPelatihan(
                kode=f"P{i}",
                nama=f"Program {i}",
                jenis="teknis",
                metode="klasikal",
                jp=rng.choice([8, 12, 20, 24, 40]),
                penyelenggara="BPSDM",
            )
            for i in range(60)
        ]
    )
    ProgramKompetensi.objects.bulk_create(
        [
            ProgramKompetensi(program=p, kompetensi=k, level=rng.randint(1, 5))
            for p in programs
            for k in rng.sample(kompetensi, 3)
        ]
    )
    formasi = Formasi.objects.bulk_create(
        [Formasi(unit=u, jabatan=rng.choice(jabatan)) for u in units]
    )
    pegawai = []
    for n in range(pegawai_count):
        p = Pegawai(
            nip=make_nip(n + 1),
            nama=f"Pegawai {n}",
            status="pns",
            golongan="III/a",
            email=f"p{n}@example.go.id",
            instansi_id=instansi_bawaan_id(),  # bulk_create skips the save that fills it
        )
        p.clean()
        pegawai.append(p)
    pegawai = Pegawai.objects.bulk_create(pegawai, batch_size=5000)
    RiwayatJabatan.objects.bulk_create(
        [
            RiwayatJabatan(pegawai=p, formasi=rng.choice(formasi), tmt_mulai=dt.date(2020, 1, 1))
            for p in pegawai
        ],
        batch_size=5000,
    )
    today = dt.date.today()
    records = []
    for p in pegawai:
        for offset in (2, 1, 0):
            for _ in range(rng.randint(0, 3)):
                program = rng.choice(programs)
                selesai = dt.date(
                    today.year - offset, rng.randint(1, 12 if offset else today.month), 1
                )
                records.append(
                    RiwayatPelatihan(
                        pegawai=p,
                        program=program,
                        nama_pelatihan=program.nama,
                        jenis="teknis",
                        metode="klasikal",
                        penyelenggara="BPSDM",
                        tanggal_mulai=selesai,
                        tanggal_selesai=selesai,
                        jp=program.jp,
                        sumber="staf",
                        status=(
                            status := rng.choice(["terverifikasi"] * 8 + ["diajukan", "ditolak"])
                        ),
                        alasan_penolakan="x",
                        diverifikasi_pada=timezone.now() if status == "terverifikasi" else None,
                    )
                )
    RiwayatPelatihan.objects.bulk_create(records, batch_size=5000)
    print(f"built: {pegawai_count} pegawai, {unit_count} unit, {len(records)} riwayat pelatihan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=5000)
    parser.add_argument("--unit", type=int, default=300)
    args = parser.parse_args()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model

        from jabatan.models import Pegawai
        from pelatihan import selectors, services

        build(args.pegawai, args.unit, random.Random(7))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
        admin = get_user_model().objects.create_superuser("bench", "bench@example.go.id", "x")
        tahun = dt.date.today().year
        hari_ini = dt.date.today()
        _measure("jp_rekap (OPD)", lambda: selectors.jp_rekap(as_of=hari_ini, user=admin))
        _measure(
            "jp_rekap (tingkat 2)",
            lambda: selectors.jp_rekap(as_of=hari_ini, user=admin, tingkat=2),
        )
        _measure(
            "jp_kekurangan_list: count + first 50",
            lambda: (
                selectors.jp_kekurangan_list(user=admin, tahun=tahun).count(),
                list(selectors.jp_kekurangan_list(user=admin, tahun=tahun)[:50]),
            ),
        )
        pairs = list(
            Pegawai.objects.values_list("pk", "riwayat_jabatan__formasi__jabatan_id")[:5000]
        )
        _measure(
            f"pegawai_with_gaps_count ({len(pairs)} pairs)",
            lambda: selectors.pegawai_with_gaps_count(pairs),
        )
        one = Pegawai.objects.order_by("pk").first()
        _measure("gap_analysis (one ASN)", lambda: selectors.gap_analysis(one))
        hasil = _measure(
            "jp_peringatan_send (1 December)",
            lambda: services.jp_peringatan_send(tanggal=dt.date(tahun, 12, 1)),
        )
        print(f"mails: {hasil.asn} ASN, {hasil.operator} operators")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
