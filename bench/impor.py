"""Import of new ASN, each placed on an existing formasi, from CSV and from XLSX (``--only impor``).

The app runs the officer's two steps on the same file: the preview (``import_validate``) and the
commit (``import_commit``), each repetition inside a transaction rolled back afterwards. The
floors, on the same file and rows, also rolled back:

- the end state by bare SQL: ``COPY`` of the file into a temporary staging table, then
  ``INSERT … SELECT`` of the ASN (birth date and sex read from the NIP) and of their assignments
  (formasi found by unit and jabatan code);
- django-import-export tuned (``skip_diff``, ``CachedInstanceLoader``, ``use_bulk``), which writes
  the ASN only: it places nobody and validates nothing beyond its own field parsing;
- for XLSX, one streaming openpyxl read of the workbook (``read_only``, ``values_only``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

ROWS = 40_000


class _Rollback(Exception):
    pass


def _rolled_back(fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        try:
            with transaction.atomic():
                fn()
                raise _Rollback
        except _Rollback:
            pass

    return run


def _new_nips(count: int) -> list[str]:
    """Valid PNS NIPs that the register does not hold (serial numbers from 900 up)."""
    from jabatan.models import Pegawai

    existing = set(Pegawai.objects.values_list("nip", flat=True))
    nips: list[str] = []
    n = 0
    while len(nips) < count:
        lahir = dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)
        nip = f"{lahir:%Y%m%d}{lahir.year + 25}{n % 12 + 1:02d}{n % 2 + 1}{900 + n // 9000:03d}"
        n += 1
        if nip not in existing:
            nips.append(nip)
    return nips


def data_rows(count: int) -> list[list[str]]:
    """``count`` new PNS, spread over the active formasi of the register."""
    from jabatan.models import Formasi

    pairs = list(
        Formasi.objects.filter(aktif=True)
        .order_by("pk")
        .values_list("unit__kode", "jabatan__kode")[:5000]
    )
    return [
        [
            nip,
            f"Pegawai Impor {n}",
            "pns",
            "III/a",
            "01/04/2021",
            *pairs[n % len(pairs)],
            "01/01/2026",
        ]
        for n, nip in enumerate(_new_nips(count))
    ]


def _headers() -> list[str]:
    from asn_portal.transfer.kinds.pegawai import PegawaiKind

    return PegawaiKind.headers(*PegawaiKind.placement_columns)


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(_headers())
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(_headers())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- app ----------------------------------------------------------------------------------------
def _job(admin: Any, name: str, content: bytes) -> Any:
    from django.core.files.base import ContentFile

    from asn_portal.transfer.models import ImportJob

    job = ImportJob(kind="pegawai", file_name=name, created_by=admin)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def app_import(
    admin: Any, name: str, content: bytes, rows: int
) -> Callable[[], tuple[float, float, int]]:
    """One preview + commit in a rolled-back transaction: (preview ms, commit ms, queries)."""
    import time

    from django.test.utils import CaptureQueriesContext

    from asn_portal.transfer import services
    from asn_portal.transfer.models import ImportStatus

    def run() -> tuple[float, float, int]:
        times: list[float] = []
        try:
            with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
                job = _job(admin, name, content)
                start = time.perf_counter()
                job = services.import_validate(job=job)
                times.append((time.perf_counter() - start) * 1000)
                assert job.status == ImportStatus.PRATINJAU, job.errors[:3]
                job.status, job.committed_by = ImportStatus.MENGIMPOR, admin
                job.save(update_fields=["status", "committed_by"])
                start = time.perf_counter()
                job = services.import_commit(job=job)
                times.append((time.perf_counter() - start) * 1000)
                assert job.status == ImportStatus.SELESAI, (job.message, job.errors[:3])
                assert job.created_count == rows
                raise _Rollback
        except _Rollback:
            pass
        return times[0], times[1], len(ctx.captured_queries)

    return run


# --- floors ---------------------------------------------------------------------------------------
_FLOOR_SQL = [
    "CREATE TEMP TABLE impor_staging (nip text, nama text, status text, golongan text, "
    "tmt_golongan text, kode_unit text, kode_jabatan text, tmt_jabatan text) ON COMMIT DROP",
    None,  # the COPY
    "INSERT INTO jabatan_pegawai (nip, nama, gelar_depan, gelar_belakang, tanggal_lahir, "
    "jenis_kelamin, status, golongan, tmt_golongan, pendidikan_terakhir, status_aktif, email, "
    "instansi_id, created_at, updated_at) SELECT nip, nama, '', '', "
    "to_date(substr(nip, 1, 8), 'YYYYMMDD'), "
    "CASE substr(nip, 15, 1) WHEN '1' THEN 'L' ELSE 'P' END, status, golongan, "
    "to_date(tmt_golongan, 'DD/MM/YYYY'), '', 'aktif', '', "
    "(SELECT min(id) FROM jabatan_instansi), now(), now() FROM impor_staging",
    "INSERT INTO jabatan_riwayatjabatan (pegawai_id, formasi_id, jenis, tmt_mulai, nomor_sk, "
    "keterangan, created_at) SELECT p.id, f.id, 'definitif', to_date(s.tmt_jabatan, "
    "'DD/MM/YYYY'), '', 'Impor data', now() FROM impor_staging s "
    "JOIN jabatan_pegawai p ON p.nip = s.nip "
    "JOIN jabatan_unitorganisasi u ON u.kode = s.kode_unit "
    "JOIN jabatan_jabatan j ON j.kode = s.kode_jabatan "
    "JOIN jabatan_formasi f ON f.unit_id = u.id AND f.jabatan_id = j.id",
]


def sql_floor(content: bytes, rows: int) -> Callable[[], Any]:
    def run() -> None:
        with connection.cursor() as cursor:
            for sql in _FLOOR_SQL:
                if sql is None:
                    with cursor.cursor.copy(
                        "COPY impor_staging FROM STDIN WITH (FORMAT csv, HEADER true)"
                    ) as copy:
                        copy.write(content)
                else:
                    cursor.execute(sql)
            assert cursor.rowcount == rows, cursor.rowcount

    return _rolled_back(run)


def import_export_floor(content: bytes, rows: int) -> Callable[[], Any]:
    import tablib
    from import_export import fields, resources
    from import_export.instance_loaders import CachedInstanceLoader
    from import_export.widgets import DateWidget

    from jabatan.instansi import instansi_bawaan_id
    from jabatan.models import Pegawai

    class PegawaiResource(resources.ModelResource):
        nip = fields.Field(attribute="nip", column_name="NIP")
        nama = fields.Field(attribute="nama", column_name="Nama")
        status = fields.Field(attribute="status", column_name="Status kepegawaian")
        golongan = fields.Field(attribute="golongan", column_name="Golongan")
        tmt_golongan = fields.Field(
            attribute="tmt_golongan", column_name="TMT golongan", widget=DateWidget("%d/%m/%Y")
        )

        class Meta:
            model = Pegawai
            fields = ("nip", "nama", "status", "golongan", "tmt_golongan")
            import_id_fields = ("nip",)
            skip_diff = True
            instance_loader_class = CachedInstanceLoader
            use_bulk = True
            batch_size = 1000

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            # NOT NULL columns the file does not carry: as the NIP encodes them.
            instance.tanggal_lahir = dt.date(
                int(instance.nip[:4]), int(instance.nip[4:6]), int(instance.nip[6:8])
            )
            instance.jenis_kelamin = "L" if instance.nip[14] == "1" else "P"
            instance.instansi_id = instansi_bawaan_id()

    def run() -> None:
        dataset = tablib.Dataset().load(content.decode(), format="csv")
        result = PegawaiResource().import_data(dataset, dry_run=False, raise_errors=True)
        assert result.totals["new"] == rows, result.totals

    return _rolled_back(run)


def openpyxl_floor(content: bytes, rows: int) -> Callable[[], Any]:
    from openpyxl import load_workbook

    def run() -> None:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        n = sum(1 for _row in workbook["Data"].iter_rows(values_only=True))
        workbook.close()
        assert n == rows + 1

    return run


def _median_timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], int]:
    import time

    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return times, queries


def bench_impor(
    repeat: int, admin: Any, rows: int, hasil_class: Any, report: Callable[[Any], None]
) -> list[Any]:
    """App (preview, commit) and the floors alternating, ``repeat`` times after one warm-up.
    ``hasil_class`` and ``report`` are bench.run's (run.py may run as ``__main__``)."""
    data = data_rows(rows)
    files = {"CSV": csv_bytes(data), "XLSX": xlsx_bytes(data)}
    results = []
    for fmt, content in files.items():
        app = app_import(admin, f"bench.{fmt.lower()}", content, rows)
        floors: dict[str, Callable[[], Any]] = (
            {
                "COPY + INSERT…SELECT": sql_floor(content, rows),
                "django-import-export": import_export_floor(content, rows),
            }
            if fmt == "CSV"
            else {"1× baca openpyxl": openpyxl_floor(content, rows)}
        )
        app()
        for floor in floors.values():
            floor()
        preview, commit, total = [], [], []
        floor_times: dict[str, list[float]] = {k: [] for k in floors}
        floor_queries: dict[str, int] = {}
        q_app = 0
        _vacuum()
        for _ in range(repeat):
            p, c, q_app = app()
            _vacuum()
            preview.append(p)
            commit.append(c)
            total.append(p + c)
            for label, floor in floors.items():
                times, floor_queries[label] = _median_timed(floor, 1)
                _vacuum()
                floor_times[label] += times
        for label in floors:
            f = statistics.median(floor_times[label])
            for step, times in (("pratinjau + impor", total), ("impor (commit)", commit)):
                a = statistics.median(times)
                hasil = hasil_class(
                    operasi=f"impor {fmt} {rows:,} ASN: {step}",
                    app_ms=round(a, 1),
                    floor_ms=round(f, 1),
                    rasio=round(a / f, 2),
                    query_app=q_app,
                    query_floor=floor_queries[label],
                    catatan=f"floor: {label}; pratinjau {statistics.median(preview):,.0f} ms",
                )
                report(hasil)
                results.append(hasil)
    return results


def _vacuum() -> None:
    """Every repetition inserts 40,000 ASN and assignments and rolls them back: their dead rows
    stay in the tables and indexes until autovacuum comes, so the next repetition's inserts
    and unique checks, and a later ``COUNT(*)`` of the register (the list benchmarks, 4 ms →
    70 ms at bengkulu), would read them all. Vacuumed outside the timings, so that every
    repetition starts from the same tables."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE jabatan_pegawai, jabatan_riwayatjabatan")
