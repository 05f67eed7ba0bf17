"""Benchmark of the Pegawai import: preview (validate) and all-or-nothing commit at 4k and 40k rows.

Builds its own throw-away test database (nothing touches the configured one), creates units and
jabatan, then imports CSV files of new ASN placed on formasi, re-imports the 40k file (all rows
unchanged) and prints wall time, query count and the 40k/4k ratios (linear growth is ~10x).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \
        .venv/bin/python bench/bench_transfer.py --rows 4000 40000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402


def _measure(label: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:8.2f} s  {len(ctx.captured_queries):6d} queries")
    return result, elapsed


def _csv(rows: int, offset: int, units: list[str]) -> bytes:
    from tests.factories import make_nip
    from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes

    data = [
        [
            make_nip(offset + n),
            f"Pegawai {offset + n}",
            "pns",
            "III/a",
            "",
            units[n % len(units)],
            f"J{n % 20:02d}",
            "01/05/2020",
        ]
        for n in range(rows)
    ]
    return csv_bytes(PEGAWAI_HEADERS, data, delimiter=";")


def _run(admin: Any, label: str, content: bytes) -> dict[str, float]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asn_portal.transfer import services
    from asn_portal.transfer.models import ImportJob

    job = ImportJob(kind="pegawai", file_name=f"{label}.csv", created_by=admin)
    job.file.save(f"{label}.csv", SimpleUploadedFile(f"{label}.csv", content), save=False)
    job.save()
    job, validate = _measure(f"{label}: preview", lambda: services.import_validate(job=job))
    assert job.error_count == 0, job.errors[:3]
    job.committed_by = admin
    job.save()
    job, commit = _measure(f"{label}: commit", lambda: services.import_commit(job=job))
    print(
        f"   -> {job.status}: {job.created_count} baru, {job.changed_count} berubah, "
        f"{job.unchanged_count} tetap"
    )
    return {"preview": validate, "commit": commit}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[4000, 40000])
    args = parser.parse_args()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model

        from jabatan.models import Jabatan, UnitOrganisasi

        opd = UnitOrganisasi.objects.add_root(
            create_kwargs={"kode": "B", "nama": "Bench", "jenis": "opd"}
        )
        units = []
        for n in range(60):
            opd.refresh_from_db()
            UnitOrganisasi.objects.add_child(
                opd, create_kwargs={"kode": f"B.{n:02d}", "nama": f"Unit {n}", "jenis": "bidang"}
            )
            units.append(f"B.{n:02d}")
        Jabatan.objects.bulk_create(
            [
                Jabatan(
                    kode=f"J{n:02d}", nama=f"Jabatan {n}", kategori="pelaksana", kelas_jabatan=7
                )
                for n in range(20)
            ]
        )
        admin = get_user_model().objects.create_superuser("bench", "bench@example.go.id", "x")
        results = {}
        offset = 0
        for rows in args.rows:
            results[rows] = _run(admin, f"{rows} baris baru", _csv(rows, offset, units))
            offset += rows
        largest = max(args.rows)
        _run(admin, f"{largest} baris tetap (impor ulang)", _csv(largest, offset - largest, units))
        if len(args.rows) >= 2:
            small, large = min(args.rows), largest
            for phase in ("preview", "commit"):
                ratio = results[large][phase] / results[small][phase]
                print(f"ratio {large}/{small} {phase}: {ratio:5.1f}x (rows x{large / small:.0f})")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
