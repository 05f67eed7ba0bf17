"""Benchmark of one report build (numbers, PDF, XLSX) at a floor and at a larger register.

Builds its own throw-away test database, fills it with bulk inserts (units, formasi with ABK,
ASN with assignment history, verified trainings, survey responses, complaint cases), then times
``laporan_data_compute`` (with its query count), the PDF and the XLSX for the whole province.
Run it again at a larger ``--skala`` to see how the build grows with the data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \
        .venv/bin/python bench/bench_laporan.py --opd 30 --pegawai 4000 --respons 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

SUB_UNIT_PER_OPD = 9


def build(*, opd: int, pegawai: int, respons: int, rng: random.Random) -> None:
    from jabatan.models import (
        Formasi,
        Jabatan,
        Pegawai,
        RiwayatJabatan,
        UnitOrganisasi,
        UraianTugas,
    )
    from jabatan.nip import parse_nip
    from pelatihan.models import RiwayatPelatihan
    from survei.models import Respons, UnitLayanan
    from survei.partisipasi.models import Kasus
    from survei.selectors import kuesioner_aktif
    from tests.factories import make_nip

    jabatan = Jabatan.objects.bulk_create(
        [
            Jabatan(kode=f"S{i}", nama=f"Struktural {i}", kategori="pengawas", kelas_jabatan=9)
            for i in range(3)
        ]
        + [
            Jabatan(
                kode=f"F{i}",
                nama=f"Fungsional {i}",
                kategori="fungsional_keahlian",
                jenjang="ahli_muda",
                kelas_jabatan=9,
            )
            for i in range(5)
        ]
        + [
            Jabatan(kode=f"P{i}", nama=f"Pelaksana {i}", kategori="pelaksana", kelas_jabatan=6)
            for i in range(6)
        ]
    )
    units = []
    for o in range(opd):
        root = UnitOrganisasi.objects.add_root(
            create_kwargs={"kode": f"O{o:04d}", "nama": f"Dinas {o}", "jenis": "opd"}
        )
        units.append(root)
        for s in range(SUB_UNIT_PER_OPD):
            root.refresh_from_db()
            units.append(
                UnitOrganisasi.objects.add_child(
                    root,
                    create_kwargs={
                        "kode": f"O{o:04d}.{s}",
                        "nama": f"Bidang {o}.{s}",
                        "jenis": "bidang",
                    },
                )
            )
    formasi = Formasi.objects.bulk_create(
        [Formasi(unit=u, jabatan=j) for u in units for j in rng.sample(jabatan, 3)], batch_size=5000
    )
    Formasi.objects.update(created_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    UraianTugas.objects.bulk_create(
        [
            UraianTugas(
                formasi=f,
                uraian="Tugas",
                hasil_kerja="Dokumen",
                volume_per_tahun=Decimal(rng.randint(50, 400)),
                norma_waktu_menit=Decimal(300),
            )
            for f in formasi
        ],
        batch_size=5000,
    )
    rows = []
    for n in range(pegawai):
        nip = make_nip(n + 1)
        info = parse_nip(nip)
        rows.append(
            Pegawai(
                nip=nip,
                nama=f"ASN {n}",
                tanggal_lahir=info.tanggal_lahir,
                jenis_kelamin=info.jenis_kelamin,
                status="pns",
                golongan="III/a",
            )
        )
    orang = Pegawai.objects.bulk_create(rows, batch_size=5000)
    riwayat = []
    for p in orang:
        mulai = dt.date(2015 + rng.randint(0, 10), rng.randint(1, 12), 1)
        riwayat.append(RiwayatJabatan(pegawai=p, formasi=rng.choice(formasi), tmt_mulai=mulai))
    RiwayatJabatan.objects.bulk_create(riwayat, batch_size=5000)
    RiwayatPelatihan.objects.bulk_create(
        [
            RiwayatPelatihan(
                pegawai=p,
                nama_pelatihan="Teknis",
                jenis="teknis",
                metode="klasikal",
                penyelenggara="BPSDM",
                tanggal_mulai=dt.date(2026, m, 1),
                tanggal_selesai=dt.date(2026, m, 3),
                jp=rng.choice([8, 16, 24]),
                sumber="staf",
                status="terverifikasi",
                diverifikasi_pada=dt.datetime(2026, m, 5, tzinfo=dt.UTC),
            )
            for p in orang
            for m in rng.sample(range(1, 10), 2)
        ],
        batch_size=5000,
    )
    kuesioner = kuesioner_aktif()
    layanan = UnitLayanan.objects.bulk_create(
        [
            UnitLayanan(kode=f"layanan-{i}", nama=f"Layanan {i}", unit=u, jumlah_pengguna=5000)
            for i, u in enumerate(units[:: SUB_UNIT_PER_OPD + 1])
        ]
    )
    batch: list[Respons] = []
    for i in range(respons):
        tanggal = dt.date(2026, rng.randint(1, 9), rng.randint(1, 28))
        batch.append(
            Respons(
                unit_layanan=layanan[i % len(layanan)],
                kuesioner=kuesioner,
                umur=30,
                jenis_kelamin="L",
                pendidikan="sma",
                pekerjaan="swasta",
                jenis_layanan="Umum",
                tanggal_layanan=tanggal,
                tanggal_isi=tanggal,
                **{f"u{k}": rng.choice((2, 3, 3, 4)) for k in range(1, 10)},
            )
        )
        if len(batch) == 10000:
            Respons.objects.bulk_create(batch)
            batch = []
    Respons.objects.bulk_create(batch)
    Respons.objects.update(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    Kasus.objects.bulk_create(
        [
            Kasus(
                kode_lacak=f"K{i:08d}",
                unit_layanan=layanan[i % len(layanan)],
                jenis="pengaduan",
                sumber="formulir",
                isi="Isi",
                status="dijawab",
                jawaban="Jawab",
                diterima_pada=dt.datetime(2026, 8, 1 + i % 28, 3, tzinfo=dt.UTC),
                batas_respons=dt.datetime(2026, 8, 1 + i % 28, 3, tzinfo=dt.UTC)
                + dt.timedelta(days=5),
                dijawab_pada=dt.datetime(2026, 8, 1 + i % 28, 3, tzinfo=dt.UTC)
                + dt.timedelta(hours=i % 90),
                durasi_respons_detik=(i % 90) * 3600,
            )
            for i in range(max(respons // 100, 1))
        ],
        batch_size=5000,
    )


def measure(jenis: str, nomor: int) -> None:
    from asn_portal.laporan import services
    from asn_portal.laporan.models import Laporan
    from asn_portal.laporan.pdf import render_pdf
    from asn_portal.laporan.xlsx import render_xlsx
    from asn_portal.periode import Periode

    periode = Periode(2026, jenis, nomor)
    connection.queries_log.clear()  # the bulk inserts filled the log; count only this build
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        data = services.laporan_data_compute(periode=periode, unit=None)
        t_data = time.perf_counter() - start
    print(
        f"  {periode.label:<16} data {t_data:6.2f}s ({len(queries.captured_queries)} kueri)",
        flush=True,
    )
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
        print(f"    {float(query['time']):6.2f}s  {query['sql'][:160]}", flush=True)
    laporan = Laporan(
        jenis=jenis, tahun=2026, nomor=nomor, tanggal_awal=periode.awal, tanggal_akhir=periode.akhir
    )
    digest = services.hash_data(data)
    start = time.perf_counter()
    pdf = render_pdf(laporan=laporan, data=data, hash_konten=digest)
    t_pdf = time.perf_counter() - start
    start = time.perf_counter()
    xlsx = render_xlsx(laporan=laporan, data=data, hash_konten=digest)
    t_xlsx = time.perf_counter() - start
    print(
        f"  {'':<16} PDF {t_pdf:5.2f}s ({len(pdf) // 1024} KiB) · XLSX {t_xlsx:5.2f}s ({len(xlsx) // 1024} KiB)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--opd", type=int, default=30)
    parser.add_argument("--pegawai", type=int, default=4000)
    parser.add_argument("--respons", type=int, default=100_000)
    parser.add_argument("--sekali", action="store_true", help="Ukur satu laporan saja.")
    args = parser.parse_args()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        build(opd=args.opd, pegawai=args.pegawai, respons=args.respons, rng=random.Random(2026))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum does after a bulk load
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: {args.opd * (SUB_UNIT_PER_OPD + 1)} unit, {args.pegawai} ASN, "
            f"{args.respons} respons — diisi dalam {time.perf_counter() - start:.1f}s"
        )
        measure("bulanan", 9)
        if not args.sekali:
            measure("triwulanan", 3)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
