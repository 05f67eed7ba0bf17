"""App against floor, interleaved on the same rows: ``make bench SCALE=bengkulu``.

Runs against the configured database (``DATABASE_URL``), which ``generate_data --scale …`` has
filled (``make bench`` does both on a database of its own). For every operation it runs the app
and its floor alternately (``--repeat`` times each, after one warm-up of each), and prints the
medians, their ratio and the query counts. The floors are plain SQL on the same rows: the
aggregate, the page, the statements of the plan with its audit rows. Writes (the plan apply)
run inside a transaction that is rolled back, so every repetition starts from the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \\
        .venv/bin/python bench/run.py --repeat 5 --json var/bench-bengkulu.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

from asn_portal.env import env_bool  # noqa: E402

# Production's settings unless told otherwise (DEBUG=true to compare): no query log, no debug
# template context, the hashed static files. A key of its own: the bench serves nobody.
# Only when run as a program: imported by the test suite (Django already set up), the process's
# environment is left alone, so the suite's later child processes do not inherit it.
if "django.conf" not in sys.modules or not __import__("django.conf").conf.settings.configured:
    os.environ.setdefault("DEBUG", "false")
    if not env_bool("DEBUG", default=True):
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

TAHUN = 2025  # generate_data puts the responses in the two years before 2026-01-01
PLAN_ITEMS = 2001


@dataclass
class Hasil:
    operasi: str
    app_ms: float
    floor_ms: float | None
    rasio: float | None
    query_app: int
    query_floor: int | None
    catatan: str = ""


class _Rollback(Exception):
    pass


def _timed(fn: Callable[[], Any]) -> tuple[float, int]:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
    return elapsed * 1000, len(ctx.captured_queries)


def compare(
    label: str,
    app: Callable[[], Any],
    floor: Callable[[], Any] | None,
    repeat: int,
    catatan: str | Callable[[], str] = "",
) -> Hasil:
    """Warm both up, then alternate app and floor ``repeat`` times; medians and query counts."""
    app()
    if floor is not None:
        floor()
    app_times: list[float] = []
    floor_times: list[float] = []
    q_app = q_floor = 0
    for _ in range(repeat):
        t, q_app = _timed(app)
        app_times.append(t)
        if floor is not None:
            t, q_floor = _timed(floor)
            floor_times.append(t)
    if callable(catatan):
        catatan = catatan()
    a = statistics.median(app_times)
    f = statistics.median(floor_times) if floor_times else None
    hasil = Hasil(
        operasi=label,
        app_ms=round(a, 1),
        floor_ms=round(f, 1) if f is not None else None,
        rasio=round(a / f, 2) if f else None,
        query_app=q_app,
        query_floor=q_floor if floor is not None else None,
        catatan=catatan,
    )
    report(hasil)
    return hasil


def report(hasil: Hasil) -> None:
    """One line per operation: medians, ratio, query counts and the note."""
    rasio = f"{hasil.rasio:6.2f}x" if hasil.rasio is not None else "     –"
    floor_text = f"{hasil.floor_ms:10.1f}" if hasil.floor_ms is not None else "         –"
    q_floor = hasil.query_floor if hasil.query_floor is not None else "–"
    print(
        f"{hasil.operasi:<44} {hasil.app_ms:10.1f} {floor_text} {rasio}  "
        f"{hasil.query_app:>4} / {q_floor:>3}  {hasil.catatan}",
        flush=True,
    )


def _sql(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


# --- IKM ------------------------------------------------------------------------------------------
def _ikm_floor_sql(where: str) -> str:
    cols = ", ".join(f"SUM(u{i}), COUNT(u{i})" for i in range(1, 10))
    return f"SELECT COUNT(*), {cols} FROM survei_respons WHERE {where}"  # noqa: S608


def bench_ikm(repeat: int, client: Client) -> list[Hasil]:
    from survei.models import UnitLayanan
    from survei.selectors import ikm_wilayah

    dari, sampai = dt.date(TAHUN, 1, 1), dt.date(TAHUN, 12, 31)

    def provinsi_app() -> Any:
        # Only the province figure: one aggregate over every service unit (issue 14).
        return ikm_wilayah(dari=dari, sampai=sampai)

    def provinsi_floor() -> Any:
        return _sql(_ikm_floor_sql("tanggal_layanan BETWEEN %s AND %s"), [dari, sampai])

    besar = UnitLayanan.objects.annotate(n=django.db.models.Count("respons")).order_by("-n").first()
    assert besar is not None
    url = f"/api/v1/survei/unit-layanan/{besar.kode}/ikm/?dari={dari}&sampai={sampai}"

    def unit_app() -> Any:
        response = client.get(url, secure=True)  # production redirects plain HTTP
        assert response.status_code == 200, response.content[:300]

    def unit_floor() -> Any:
        return _sql(
            _ikm_floor_sql("unit_layanan_id = %s AND tanggal_layanan BETWEEN %s AND %s"),
            [besar.pk, dari, sampai],
        )

    n_prov = _sql("SELECT COUNT(*) FROM survei_respons WHERE tanggal_layanan BETWEEN %s AND %s",
                  [dari, sampai])[0][0]  # fmt: skip
    n_unit = _sql(
        "SELECT COUNT(*) FROM survei_respons WHERE unit_layanan_id = %s "
        "AND tanggal_layanan BETWEEN %s AND %s",
        [besar.pk, dari, sampai],
    )[0][0]
    return [
        compare(
            f"IKM provinsi {TAHUN}", provinsi_app, provinsi_floor, repeat, f"{n_prov:,} respons"
        ),
        compare("IKM satu unit, API", unit_app, unit_floor, repeat, f"{n_unit:,} respons"),
    ]


# --- pegawai lists -------------------------------------------------------------------------------
_PAGE_SQL = """
SELECT p.id, p.nip, p.nama, p.gelar_depan, p.gelar_belakang, p.tanggal_lahir, p.jenis_kelamin,
       p.status, p.golongan, p.tmt_golongan, p.pendidikan_terakhir, p.status_aktif, p.email,
       r.id, r.formasi_id, j.nama, f.unit_id, u.nama, r.tmt_mulai, j.kategori, j.jenjang
FROM jabatan_pegawai p
LEFT JOIN jabatan_riwayatjabatan r ON r.pegawai_id = p.id AND r.jenis = 'definitif'
     AND r.tmt_mulai <= %(t)s AND (r.tmt_selesai IS NULL OR r.tmt_selesai > %(t)s)
LEFT JOIN jabatan_formasi f ON f.id = r.formasi_id
LEFT JOIN jabatan_jabatan j ON j.id = f.jabatan_id
LEFT JOIN jabatan_unitorganisasi u ON u.id = f.unit_id
{where}
ORDER BY p.nama, p.id LIMIT 50
"""
_UNIT_WHERE = """
WHERE EXISTS (SELECT 1 FROM jabatan_riwayatjabatan r2
              JOIN jabatan_formasi f2 ON f2.id = r2.formasi_id
              JOIN jabatan_unitorganisasi u2 ON u2.id = f2.unit_id
              WHERE r2.pegawai_id = p.id AND r2.jenis = 'definitif' AND r2.tmt_mulai <= %(t)s
                AND (r2.tmt_selesai IS NULL OR r2.tmt_selesai > %(t)s)
                AND u2.path LIKE %(path)s)
"""


def _page_floor(where: str, params: dict[str, Any], counts: int = 1) -> Callable[[], Any]:
    count_sql = "SELECT COUNT(*) FROM jabatan_pegawai p " + where  # noqa: S608

    def run() -> Any:
        for _ in range(counts):
            _sql(count_sql, params)
        return _sql(_PAGE_SQL.format(where=where), params)

    return run


def bench_lists(repeat: int, client: Client) -> list[Hasil]:
    from django.utils import timezone

    from jabatan.models import RiwayatJabatan, UnitOrganisasi

    today = timezone.localdate()
    # The OPD whose ASN count is nearest to 1/100 of the register (374 of 40,000 in the issue).
    opd_sizes = {u.pk: 0 for u in UnitOrganisasi.objects.filter(depth=1).only("pk")}
    for path, n in _sql(
        "SELECT substr(u.path, 1, 4), COUNT(*) FROM jabatan_riwayatjabatan r "
        "JOIN jabatan_formasi f ON f.id = r.formasi_id "
        "JOIN jabatan_unitorganisasi u ON u.id = f.unit_id "
        "WHERE r.jenis = 'definitif' AND r.tmt_selesai IS NULL GROUP BY 1"
    ):
        root = UnitOrganisasi.objects.filter(path=path).values_list("pk", flat=True).first()
        if root is not None:
            opd_sizes[root] = n
    target = RiwayatJabatan.objects.filter(tmt_selesai__isnull=True).count() / 100
    opd = UnitOrganisasi.objects.get(pk=min(opd_sizes, key=lambda k: abs(opd_sizes[k] - target)))
    params = {"t": today, "path": opd.path + "%"}

    def get(url: str) -> Callable[[], Any]:
        def run() -> Any:
            response = client.get(url, secure=True)  # production redirects plain HTTP
            assert response.status_code == 200, response.content[:300]

        return run

    return [
        compare(
            "GET /api/v1/pegawai/?unit=<OPD>",
            get(f"/api/v1/pegawai/?unit={opd.pk}"),
            _page_floor(_UNIT_WHERE, params),
            repeat,
            f"{opd_sizes[opd.pk]:,} ASN di {opd.kode}",
        ),
        compare(
            "GET /api/v1/pegawai/ halaman 1",
            get("/api/v1/pegawai/"),
            _page_floor("", params),
            repeat,
        ),
        compare(
            "admin Pegawai changelist",
            get("/admin/jabatan/pegawai/"),
            _page_floor("", params, counts=2),
            repeat,
            "floor: 2 COUNT + halaman, seperti admin",
        ),
        *bench_big_lists(repeat, get),
    ]


# The history lists: 100 rows of the newest, their relations, the years with rows. The floor
# is the same page in bare SQL: COUNT twice (as the admin shows "N of M"), the page with its
# joins, and MIN/MAX of the date (the cheapest bound for the years; the admin still names each
# year that has rows).
_RIWAYAT_PAGE_SQL = """
SELECT r.*, p.nip, p.nama, j.nama, u.nama FROM jabatan_riwayatjabatan r
JOIN jabatan_pegawai p ON p.id = r.pegawai_id JOIN jabatan_formasi f ON f.id = r.formasi_id
JOIN jabatan_jabatan j ON j.id = f.jabatan_id JOIN jabatan_unitorganisasi u ON u.id = f.unit_id
{where} ORDER BY r.tmt_mulai DESC, r.id DESC LIMIT 100
"""
_RIWAYAT_CARI = """
WHERE r.pegawai_id = ANY(ARRAY(SELECT id FROM jabatan_pegawai
                               WHERE UPPER(nip::text) LIKE %(q)s OR UPPER(nama::text) LIKE %(q)s))
   OR UPPER(r.nomor_sk::text) LIKE %(q)s
   OR r.formasi_id = ANY(ARRAY(SELECT f.id FROM jabatan_formasi f JOIN jabatan_jabatan j
                               ON j.id = f.jabatan_id WHERE UPPER(j.nama::text) LIKE %(q)s))
"""
_RESPONS_PAGE_SQL = """
SELECT s.*, l.nama FROM survei_respons s JOIN survei_unitlayanan l ON l.id = s.unit_layanan_id
ORDER BY s.id DESC LIMIT 100
"""


def _history_floor(where: str, params: dict[str, Any]) -> Callable[[], Any]:
    count_sql = "SELECT COUNT(*) FROM jabatan_riwayatjabatan r " + where  # noqa: S608
    bounds_sql = "SELECT MIN(tmt_mulai), MAX(tmt_mulai) FROM jabatan_riwayatjabatan r " + where  # noqa: S608

    def run() -> Any:
        _sql(count_sql, params)
        _sql("SELECT COUNT(*) FROM jabatan_riwayatjabatan")
        _sql(bounds_sql, params)
        return _sql(_RIWAYAT_PAGE_SQL.format(where=where), params)

    return run


def _respons_floor() -> Any:
    _sql("SELECT COUNT(*) FROM survei_respons")
    _sql("SELECT MIN(tanggal_layanan), MAX(tanggal_layanan) FROM survei_respons")
    return _sql(_RESPONS_PAGE_SQL)


def bench_big_lists(repeat: int, get: Callable[[str], Callable[[], Any]]) -> list[Hasil]:
    """The admin lists of the assignments and the survey responses, whole and searched."""
    n_riwayat = _sql("SELECT COUNT(*) FROM jabatan_riwayatjabatan")[0][0]
    n_respons = _sql("SELECT COUNT(*) FROM survei_respons")[0][0]
    cari = {"q": "%AGUS%"}
    return [
        compare(
            "admin Riwayat jabatan changelist",
            get("/admin/jabatan/riwayatjabatan/"),
            _history_floor("", {}),
            repeat,
            f"{n_riwayat:,} baris; floor: 2 COUNT + halaman + MIN/MAX",
        ),
        compare(
            "admin Riwayat jabatan, cari 'agus'",
            get("/admin/jabatan/riwayatjabatan/?q=agus"),
            _history_floor(_RIWAYAT_CARI, cari),
            repeat,
            "floor: SQL terbaik dengan indeks yang sama",
        ),
        compare(
            "admin Respons survei changelist",
            get("/admin/survei/respons/"),
            _respons_floor,
            repeat,
            f"{n_respons:,} respons; floor: COUNT + halaman + MIN/MAX",
        ),
    ]


# --- plan apply ----------------------------------------------------------------------------------
def _build_plan(admin: Any, verifikator: Any) -> Any:
    """A penyetaraan plan of exactly PLAN_ITEMS items over the first OPDs, submitted, approved."""
    from jabatan.models import Formasi, UnitOrganisasi
    from jabatan.penataan import services
    from jabatan.penataan.models import ItemRencana
    from jabatan.penataan.validation import rencana_validate

    roots = list(UnitOrganisasi.objects.filter(depth=1).order_by("path"))
    chosen, total = [], 0
    for root in roots:
        chosen.append(root)
        total += Formasi.objects.filter(services.formasi_struktural_dalam([root])).count()
        if total >= PLAN_ITEMS * 1.05:
            break
    rencana = services.penyetaraan_propose(
        user=admin,
        units=chosen,
        nama=f"Bench penyetaraan {time.time():.0f}",
        dasar_hukum="SK bench",
        tmt=dt.date.today() + dt.timedelta(days=1),
    )
    # Keep whole positions (a position's holders move together) until exactly PLAN_ITEMS.
    groups: dict[int, list[int]] = {}
    for pk, asal in rencana.items.order_by("urutan").values_list("pk", "formasi_asal_id"):
        groups.setdefault(asal, []).append(pk)
    keep: list[int] = []
    for pks in groups.values():
        if len(keep) + len(pks) <= PLAN_ITEMS:
            keep += pks
    ItemRencana.objects.filter(rencana=rencana).exclude(pk__in=keep).delete()
    hasil = rencana_validate(rencana)
    ItemRencana.objects.filter(pk__in={m.item_id for m in hasil.warnings}).update(
        alasan_peringatan="Inpassing (bench)"
    )
    services.rencana_submit(rencana=rencana, user=admin)
    services.rencana_approve(rencana=rencana, user=verifikator)
    return rencana


def _plan_floor(rencana: Any, actor: Any) -> Callable[[], Any]:
    """The plan's end state by bare statements: new JF formasi, old ones switched off, old
    assignments closed, new ones opened, items marked, and one audit row per write."""
    from django.contrib.contenttypes.models import ContentType

    from jabatan.models import Formasi, RiwayatJabatan

    items = list(rencana.items.values_list("pk", "pegawai_id", "formasi_asal_id", "jabatan_id"))
    tmt = rencana.tmt
    ct_f = ContentType.objects.get_for_model(Formasi).pk
    ct_r = ContentType.objects.get_for_model(RiwayatJabatan).pk

    def run() -> Any:
        try:
            with transaction.atomic():
                asal = {a: None for _i, _p, a, _j in items}
                unit_of = dict(
                    _sql("SELECT id, unit_id FROM jabatan_formasi WHERE id = ANY(%s)", [list(asal)])
                )
                pairs = sorted({(unit_of[a], j) for _i, _p, a, j in items})
                values = ", ".join(["(%s, %s, true, '', now(), now())"] * len(pairs))
                baru = _sql(
                    "INSERT INTO jabatan_formasi (unit_id, jabatan_id, aktif, catatan, created_at,"
                    f" updated_at) VALUES {values} ON CONFLICT (unit_id, jabatan_id) DO UPDATE "  # noqa: S608
                    "SET aktif = true RETURNING id, unit_id, jabatan_id",
                    [x for pair in pairs for x in pair],
                )
                baru_id = {(u, j): i for i, u, j in baru}
                _sql(
                    "UPDATE jabatan_formasi SET aktif = false, updated_at = now() "
                    "WHERE id = ANY(%s)",
                    [list(asal)],
                )
                pegawai = [p for _i, p, _a, _j in items if p]
                ditutup = _sql(
                    "UPDATE jabatan_riwayatjabatan SET tmt_selesai = %s WHERE jenis = 'definitif'"
                    " AND tmt_selesai IS NULL AND pegawai_id = ANY(%s) RETURNING id",
                    [tmt, pegawai],
                )
                moves = [(p, baru_id[(unit_of[a], j)]) for _i, p, a, j in items if p]
                values = ", ".join(["(%s, %s, 'definitif', %s, 'SK', '', now())"] * len(moves))
                dibuka = _sql(
                    "INSERT INTO jabatan_riwayatjabatan (pegawai_id, formasi_id, jenis, "
                    f"tmt_mulai, nomor_sk, keterangan, created_at) VALUES {values} "  # noqa: S608
                    "RETURNING id",
                    [x for p, f in moves for x in (p, f, tmt)],
                )
                # What each item did (as the app records it for the reversal plan).
                ditutup_per = dict(
                    _sql(
                        "SELECT pegawai_id, id FROM jabatan_riwayatjabatan WHERE id = ANY(%s)",
                        [[i for (i,) in ditutup]],
                    )
                )
                dibuka_per = {p: i for (p, _f), (i,) in zip(moves, dibuka, strict=True)}
                rows = [
                    (i, baru_id[(unit_of[a], j)], ditutup_per.get(p), dibuka_per.get(p))
                    for i, p, a, j in items
                ]
                values = ", ".join(["(%s::bigint, %s::bigint, %s::bigint, %s::bigint)"] * len(rows))
                _sql(
                    "UPDATE jabatan_itemrencana i SET formasi_hasil_id = v.f, "  # noqa: S608
                    "formasi_diaktifkan = true, formasi_dinonaktifkan = true, "
                    f"riwayat_ditutup_id = v.t, riwayat_dibuka_id = v.b FROM (VALUES {values}) "
                    "AS v(id, f, t, b) WHERE i.id = v.id",
                    [x for row in rows for x in row],
                )
                log = [(ct_f, i, 0) for i, _u, _j in baru]
                log += [(ct_f, a, 1) for a in asal]
                log += [(ct_r, i, 1) for (i,) in ditutup]
                log += [(ct_r, i, 0) for (i,) in dibuka]
                values = ", ".join(
                    [
                        "(%s, %s, %s, 'x', %s, '{\"f\": [\"a\", \"b\"]}'::jsonb, '', %s, now(), "
                        "'{}'::jsonb, NULL, '')"
                    ]
                    * len(log)  # fmt: skip
                )
                _sql(
                    "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, "
                    "object_repr, action, changes, changes_text, actor_id, timestamp, "
                    f"serialized_data, remote_addr, cid) VALUES {values}",  # noqa: S608
                    [x for ct, pk, action in log for x in (ct, str(pk), pk, action, actor.pk)],
                )
                raise _Rollback
        except _Rollback:
            pass

    return run


def bench_plan(repeat: int, admin: Any, verifikator: Any) -> list[Hasil]:
    from auditlog.models import LogEntry

    from jabatan.penataan import services
    from jabatan.penataan.models import RencanaPenataan

    rencana = _build_plan(admin, verifikator)
    n_items = rencana.items.count()
    audit: list[int] = []

    def app() -> Any:
        before = LogEntry.objects.count()
        try:
            with transaction.atomic():
                services.rencana_apply(
                    rencana=RencanaPenataan.objects.get(pk=rencana.pk), user=admin
                )
                audit.append(LogEntry.objects.count() - before)
                raise _Rollback
        except _Rollback:
            pass

    hasil = compare(
        f"rencana_apply {n_items:,} butir",
        app,
        _plan_floor(rencana, admin),
        repeat,
        lambda: f"{audit[-1] if audit else 0:,} baris audit",
    )
    return [hasil]


# --- quarterly report -----------------------------------------------------------------------------
def bench_laporan(repeat: int) -> list[Hasil]:
    from asn_portal.laporan.services import laporan_data_compute
    from asn_portal.periode import Periode

    periode = Periode.memuat("triwulanan", dt.date(TAHUN, 11, 15))
    # Timed on its own: tracemalloc slows Python code down several times, so the peak memory
    # comes from a second, traced run of the same computation.
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        laporan_data_compute(periode=periode, unit=None)
    elapsed = (time.perf_counter() - start) * 1000
    tracemalloc.start()
    laporan_data_compute(periode=periode, unit=None)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    hasil = Hasil(
        operasi=f"laporan triwulan provinsi ({periode.label})",
        app_ms=round(elapsed, 1),
        floor_ms=None,
        rasio=None,
        query_app=len(ctx.captured_queries),
        query_floor=None,
        catatan=f"angka saja, puncak memori Python {peak / 2**20:.0f} MiB (tracemalloc)",
    )
    report(hasil)
    return [hasil]


def main(argv: list[str] | None = None) -> list[Hasil]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument(
        "--only",
        nargs="*",
        default=["ikm", "lists", "plan", "impor", "laporan", "rekap"],
        help="which groups",
    )
    parser.add_argument(
        "--rows",
        type=int,
        default=None,
        help="ASN in the import file (default 40,000 or the register)",
    )
    args = parser.parse_args(argv)

    if not settings.DEBUG:
        _static_files_collected()
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        return _run(args)


def _static_files_collected() -> None:
    """Without DEBUG the pages name hashed static files from the manifest collectstatic
    writes; collect them once into STATIC_ROOT (``$VAR_DIR/staticfiles``)."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and not staticfiles_storage.exists(manifest):
        call_command("collectstatic", interactive=False, verbosity=0)


def _run(args: argparse.Namespace) -> list[Hasil]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from asn_portal.roles import VERIFIKATOR
    from jabatan.models import Pegawai

    User = get_user_model()
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.go.id", "x"
    )
    verifikator = User.objects.filter(username="bench-verif").first()
    if verifikator is None:
        verifikator = User.objects.create_superuser("bench-verif", "verif@example.go.id", "x")
        verifikator.groups.add(Group.objects.get(name=VERIFIKATOR))
    client = Client()
    client.force_login(admin)

    print(
        f"{connection.vendor}, {Pegawai.objects.count():,} ASN; medians of {args.repeat}, "
        f"app and floor alternating; DEBUG={settings.DEBUG}"
    )
    print(f"{'operasi':<44} {'app ms':>10} {'floor ms':>10} {'rasio':>7}  query app/floor")
    results: list[Hasil] = []
    if "ikm" in args.only:
        results += bench_ikm(args.repeat, client)
    if "lists" in args.only:
        results += bench_lists(args.repeat, client)
    if "plan" in args.only:
        results += bench_plan(args.repeat, admin, verifikator)
    if "impor" in args.only:
        from bench.impor import ROWS, bench_impor

        rows = args.rows or min(ROWS, Pegawai.objects.count())
        results += bench_impor(args.repeat, admin, rows, Hasil, report)
    if "laporan" in args.only:
        results += bench_laporan(args.repeat)
    if "rekap" in args.only:
        from bench.rekap import bench_rekap

        results += bench_rekap(args.repeat, admin, compare, TAHUN)
    if "survei_http" in args.only:  # opt-in: gunicorn + 20 client processes (BENCHMARKS.md)
        from bench_survei_http import main as bench_survei_http

        bench_survei_http(["--repeat", str(min(args.repeat, 3))])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return results


if __name__ == "__main__":
    main()
