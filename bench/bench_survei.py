"""Benchmark of the IKM: one aggregate query per unit and period, at 10k and at 100k responses.

Builds its own throw-away test database (nothing touches the configured one), adds background
responses of other units (``--latar``, to stand in for the 1,000,000-row table), then measures
the IKM of one unit for a year and for a quarter when that unit holds 10,000 and then 100,000
responses. Prints the times, their ratio and the query plan, and fails (exit 1) when a 100k
computation is slower than ``--batas-ms`` or uses more than one query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \
        .venv/bin/python bench/bench_survei.py --latar 900000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

AWAL = dt.date(2025, 1, 1)


def _rows(unit: Any, kuesioner: Any, n: int, rng: random.Random) -> list[Any]:
    from survei.models import Respons

    return [
        Respons(
            unit_layanan=unit,
            kuesioner=kuesioner,
            **{f"u{i}": rng.randint(1, 4) for i in range(1, 10)},
            umur=rng.randint(17, 80),
            jenis_kelamin=rng.choice("LP"),
            pendidikan="sma",
            pekerjaan="swasta",
            jenis_layanan="KTP elektronik",
            tanggal_layanan=AWAL + dt.timedelta(days=rng.randrange(365)),
            tanggal_isi=AWAL,
            idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
        )
        for _ in range(n)
    ]


def _insert(unit: Any, kuesioner: Any, n: int, rng: random.Random) -> None:
    from survei.models import Respons

    for start in range(0, n, 20_000):
        Respons.objects.bulk_create(
            _rows(unit, kuesioner, min(20_000, n - start), rng), batch_size=5000
        )


def _measure(label: str, fn: Callable[[], Any], repeat: int = 5) -> float:
    fn()  # warm the cache and the plan
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            hasil = fn()
            times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    print(
        f"{label:<46} {median:8.1f} ms  {len(ctx.captured_queries)} query  "
        f"responden {hasil.responden:>7}  IKM {hasil.ikm}"
    )
    if len(ctx.captured_queries) != 1:
        raise SystemExit(f"GAGAL: {label} memakai {len(ctx.captured_queries)} query, bukan 1")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latar", type=int, default=200_000, help="responses of other units")
    parser.add_argument(
        "--batas-ms",
        type=float,
        default=500.0,
        help="floor: the 100k-response year must compute within this",
    )
    args = parser.parse_args()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from jabatan.models import UnitOrganisasi
        from survei.models import UnitLayanan
        from survei.selectors import ikm_compute, kuesioner_aktif

        rng = random.Random(2026)
        kuesioner = kuesioner_aktif()
        root = UnitOrganisasi.objects.add_root(
            create_kwargs={"kode": "B", "nama": "Bench", "jenis": "opd"}
        )
        target = UnitLayanan.objects.create(kode="target", nama="Target", unit=root)
        start = time.perf_counter()
        others = [
            UnitLayanan.objects.create(kode=f"latar-{i}", nama=f"Latar {i}", unit=root)
            for i in range(50)
        ]
        for i, unit in enumerate(others):
            _insert(
                unit,
                kuesioner,
                args.latar // len(others) + (1 if i < args.latar % len(others) else 0),
                rng,
            )
        _insert(target, kuesioner, 10_000, rng)
        print(
            f"vendor {connection.vendor}; {args.latar + 10_000} respons dibuat dalam "
            f"{time.perf_counter() - start:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE survei_respons")

        def tahun() -> Any:
            return ikm_compute(unit_layanan=target, dari=AWAL, sampai=dt.date(2025, 12, 31))

        def triwulan() -> Any:
            return ikm_compute(
                unit_layanan=target, dari=dt.date(2025, 4, 1), sampai=dt.date(2025, 6, 30)
            )

        t10 = _measure("IKM 1 unit, 1 tahun, 10.000 respons", tahun)
        q10 = _measure("IKM 1 unit, 1 triwulan, ~2.500 respons", triwulan)
        _insert(target, kuesioner, 90_000, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE survei_respons")
        t100 = _measure("IKM 1 unit, 1 tahun, 100.000 respons", tahun)
        q100 = _measure("IKM 1 unit, 1 triwulan, ~25.000 respons", triwulan)
        print(
            f"rasio 100k/10k: tahun {t100 / t10:.2f}x, triwulan {q100 / q10:.2f}x "
            f"(linear dalam jumlah baris unit itu = 10x; latar tidak ikut dibaca)"
        )
        sql, params = (
            __import__("survei.selectors", fromlist=["respons_periode"])
            .respons_periode(target, dari=dt.date(2025, 4, 1), sampai=dt.date(2025, 6, 30))
            .values("unit_layanan")
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            explain = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            cursor.execute(explain + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        print("rencana kueri (filter unit + tanggal):\n" + plan)
        if "respons_unit_tanggal" not in plan:
            raise SystemExit("GAGAL: indeks respons_unit_tanggal tidak dipakai")
        if t100 > args.batas_ms:
            raise SystemExit(f"GAGAL: {t100:.1f} ms > batas {args.batas_ms:.0f} ms")
        print(f"OK: {t100:.1f} ms <= batas {args.batas_ms:.0f} ms")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
