"""The data generator and the benchmarks run at a tiny scale so that they cannot rot, and the
paginated Pegawai lists keep a constant number of queries as the register grows. No test here
asserts a time."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from asn_portal.api import FastListSerializer
from asn_portal.generate import SCALES, generate
from jabatan.models import Instansi, Pegawai, RiwayatJabatan, UnitOrganisasi
from jabatan.nip import parse_nip
from jabatan.selectors import annotate_jabatan_sekarang, pegawai_lengkapi_jabatan
from pelatihan.models import RiwayatPelatihan
from pelatihan.selectors import jp_rekap
from survei.models import Respons, UnitLayanan

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _snapshot() -> tuple[list[Any], list[Any], list[Any]]:
    return (
        list(Pegawai.objects.order_by("nip").values_list("nip", "nama", "status", "golongan")),
        list(
            RiwayatJabatan.objects.order_by("pegawai__nip", "tmt_mulai").values_list(
                "pegawai__nip", "formasi__unit__kode", "tmt_mulai", "tmt_selesai"
            )
        ),
        list(UnitOrganisasi.objects.order_by("path").values_list("path", "kode", "numchild")),
    )


def test_generate_tiny_respects_every_rule() -> None:
    hasil = generate(scale="tiny", seed=11, out=None)
    tiny = SCALES["tiny"]
    assert hasil.counts["pegawai"] == tiny.pegawai == Pegawai.objects.count()
    assert hasil.counts["respons survei"] == tiny.respons
    assert hasil.counts["unit"] == UnitOrganisasi.objects.count() == tiny.opd * 30
    assert UnitOrganisasi.objects.find_problems() == ([], [], [], [], [])
    for pegawai in Pegawai.objects.all():
        pegawai.full_clean()  # the NIP parses and matches status, birth date and sex
        info = parse_nip(pegawai.nip)
        assert (info.tanggal_lahir, info.jenis_kelamin) == (
            pegawai.tanggal_lahir,
            pegawai.jenis_kelamin,
        )
    for riwayat in RiwayatJabatan.objects.select_related("formasi__jabatan"):
        riwayat.full_clean()  # no overlapping definitive periods, end after start
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM jabatan_pegawai p WHERE p.status_aktif = 'aktif' AND "
            "(SELECT COUNT(*) FROM jabatan_riwayatjabatan r WHERE r.pegawai_id = p.id "
            "AND r.jenis = 'definitif' AND r.tmt_selesai IS NULL) <> 1"
        )
        assert cursor.fetchone() == (0,)
    # A verified record was verified after it ended, within four weeks and not after now, so a
    # year in the past has counted JP as of its last day.
    verified = RiwayatPelatihan.objects.filter(status="terverifikasi")
    assert verified.exists()
    for tanggal_selesai, diverifikasi_pada in verified.values_list(
        "tanggal_selesai", "diverifikasi_pada"
    ):
        jeda = diverifikasi_pada.date() - tanggal_selesai
        assert dt.timedelta(days=1) <= jeda <= dt.timedelta(days=28)
    assert not RiwayatPelatihan.objects.filter(status="diajukan", diverifikasi_pada__isnull=False)
    assert jp_rekap(as_of=dt.date(2024, 12, 31), user=None, tahun=2024).total.total_jp > 0
    # The sequences follow the explicit ids: the next ordinary insert does not clash.
    opd = UnitOrganisasi.objects.filter(depth=1).first()
    assert opd is not None
    UnitOrganisasi.objects.add_child(
        opd, create_kwargs={"kode": "BARU", "nama": "Unit baru", "jenis": "seksi"}
    )


def test_generate_is_deterministic_and_refuses_the_same_seed_twice() -> None:
    runs = []
    for _ in range(2):
        try:
            with transaction.atomic():
                generate(scale="tiny", seed=4, out=None)
                runs.append(_snapshot())
                raise _Rollback
        except _Rollback:
            pass
    assert runs[0] == runs[1]
    assert runs[0][0]
    generate(scale="tiny", seed=4, out=None)
    with pytest.raises(ValueError, match="seed 4"):
        generate(scale="tiny", seed=4, out=None)


def test_generate_data_command_prints_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("generate_data", "--scale", "tiny", "--seed", "21", "--no-progress")
    out = capsys.readouterr().out
    assert "pegawai" in out and f"{SCALES['tiny'].pegawai:,}" in out
    assert "selesai dalam" in out


def _instansi_snapshot() -> str:
    """A checksum of every generated row with the instansi it belongs to."""
    parts = [
        list(Instansi.objects.order_by("kode").values_list("kode", "nama", "slug")),
        list(UnitOrganisasi.objects.order_by("path").values_list("path", "kode", "instansi__kode")),
        list(Pegawai.objects.order_by("nip").values_list("nip", "nama", "instansi__kode")),
        list(
            RiwayatJabatan.objects.order_by("pegawai__nip", "tmt_mulai").values_list(
                "pegawai__nip", "formasi__unit__kode", "tmt_mulai", "tmt_selesai"
            )
        ),
        list(UnitLayanan.objects.order_by("kode").values_list("kode", "unit__kode")),
        list(
            Respons.objects.order_by("idempotency_key").values_list(
                "idempotency_key", "unit_layanan__kode", "u1", "tanggal_layanan"
            )
        ),
        list(
            RiwayatPelatihan.objects.order_by("pegawai__nip", "tanggal_mulai", "jp").values_list(
                "pegawai__nip", "tanggal_mulai", "jp"
            )
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def test_generate_several_instansi_keeps_each_instansi_s_rows_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tiny = SCALES["tiny"]
    checksums = []
    for _ in range(2):
        try:
            with transaction.atomic():
                hasil = generate(scale="tiny", seed=7, instansi=3, out=None)
                checksums.append(_instansi_snapshot())
                raise _Rollback
        except _Rollback:
            pass
    assert checksums[0] == checksums[1]  # the same seed gives the same rows, instansi and all

    call_command(
        "generate_data", "--scale", "tiny", "--seed", "7", "--instansi", "3", "--no-progress"
    )
    printed = capsys.readouterr().out
    # The first instansi (kode 17), then Bengkulu's kabupaten/kota by their national codes.
    kodes = ["17", "17.01", "17.02"]
    assert list(hasil.per_instansi) == kodes
    assert Instansi.objects.get(kode="17.02").nama_singkat == "Kabupaten Rejang Lebong"
    for kode in kodes:
        assert f"instansi {kode}" in printed
        instansi = Instansi.objects.get(kode=kode)
        assert UnitOrganisasi.objects.filter(instansi=instansi).count() == tiny.opd * 30
        assert UnitOrganisasi.objects.filter(instansi=instansi, depth=1).count() == tiny.opd
        assert Pegawai.objects.filter(instansi=instansi).count() == tiny.pegawai
        assert Respons.objects.filter(unit_layanan__unit__instansi=instansi).count() == tiny.respons
        assert RiwayatPelatihan.objects.filter(pegawai__instansi=instansi).count() == tiny.pelatihan
        assert hasil.per_instansi[kode]["pegawai"] == tiny.pegawai
    assert hasil.counts["pegawai"] == 3 * tiny.pegawai == Pegawai.objects.count()
    assert UnitOrganisasi.objects.find_problems() == ([], [], [], [], [])
    with connection.cursor() as cursor:
        # Every sub-unit has its root's instansi.
        cursor.execute(
            "SELECT COUNT(*) FROM jabatan_unitorganisasi u JOIN jabatan_unitorganisasi r "
            "ON r.depth = 1 AND u.path LIKE r.path || '%%' WHERE u.instansi_id <> r.instansi_id"
        )
        assert cursor.fetchone() == (0,)
        # Every assignment of an ASN is in a unit of the ASN's instansi.
        cursor.execute(
            "SELECT COUNT(*) FROM jabatan_riwayatjabatan h "
            "JOIN jabatan_pegawai p ON p.id = h.pegawai_id "
            "JOIN jabatan_formasi f ON f.id = h.formasi_id "
            "JOIN jabatan_unitorganisasi u ON u.id = f.unit_id WHERE u.instansi_id <> p.instansi_id"
        )
        assert cursor.fetchone() == (0,)
    # Unit codes, service-unit codes and names do not repeat across instansi.
    assert UnitLayanan.objects.values("kode").distinct().count() == UnitLayanan.objects.count()
    assert UnitOrganisasi.objects.filter(kode__startswith="S7K1702.").count() == tiny.opd * 30
    # Service units spread over the sectors (the roll-up shows IKM per sector), by position.
    per_instansi = UnitLayanan.objects.values("unit__instansi").distinct().count()
    sektor = UnitLayanan.objects.values("unit__instansi", "sektor").distinct().count()
    assert sektor > per_instansi


def test_generate_refuses_an_impossible_number_of_instansi() -> None:
    with pytest.raises(ValueError, match="Jumlah instansi"):
        generate(scale="tiny", seed=8, instansi=0, out=None)


def test_each_benchmark_runs_at_tiny_scale() -> None:
    from bench import run

    generate(scale="tiny", seed=1, out=None)
    results = run.main(["--repeat", "1"])
    operasi = [r.operasi for r in results]
    assert any(o.startswith("IKM provinsi") for o in operasi)
    assert any(o.startswith("IKM satu unit") for o in operasi)
    assert any("?unit=" in o for o in operasi)
    assert any(o.startswith("rencana_apply") for o in operasi)
    assert any(o.startswith("laporan triwulan") for o in operasi)
    # the province-wide roll-up and each of its topics, against their GROUP BY floors (whose
    # figures bench.rekap checks against the app's)
    assert sum(o.startswith(("rekap provinsi", "rekap: ")) for o in operasi) == 5
    impor = [r for r in results if r.operasi.startswith("impor ")]
    assert {(r.operasi.split()[1], r.catatan.split(";")[0]) for r in impor} == {
        ("CSV", "floor: COPY + INSERT…SELECT"),
        ("CSV", "floor: django-import-export"),
        ("XLSX", "floor: 1× baca openpyxl"),
    }
    for hasil in results:
        assert hasil.app_ms > 0 and hasil.query_app > 0
        if not hasil.operasi.startswith("laporan"):
            assert hasil.floor_ms is not None
        if not hasil.operasi.startswith(("laporan", "impor XLSX")):
            assert hasil.query_floor  # the XLSX floor only reads the file
    plan = next(r for r in results if r.operasi.startswith("rencana_apply"))
    assert "baris audit" in plan.catatan and not plan.catatan.startswith("0 ")
    # Every repetition was rolled back: no plan was applied, no assignment closed.
    from jabatan.penataan.models import RencanaPenataan

    assert not RencanaPenataan.objects.filter(status="diterapkan").exists()


def _counts(client: Client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        client.get(url)  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts


def test_pegawai_lists_use_a_constant_number_of_queries_as_the_register_grows(
    admin_bkd: Any, django_assert_num_queries: Any
) -> None:
    generate(scale="tiny", seed=31, out=None)
    opd = UnitOrganisasi.objects.get(kode="S31.0001")
    urls = [f"/api/v1/pegawai/?unit={opd.pk}", "/api/v1/pegawai/", "/admin/jabatan/pegawai/"]
    client = Client()
    client.force_login(admin_bkd)
    small = _counts(client, urls)
    generate(scale="tiny", seed=32, out=None)
    generate(scale="tiny", seed=33, out=None)
    assert Pegawai.objects.count() == 3 * SCALES["tiny"].pegawai
    for url, expected in zip(urls, small, strict=True):
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


def test_page_positions_equal_the_annotation() -> None:
    generate(scale="tiny", seed=41, out=None)
    tanggal = dt.date(2025, 6, 1)
    annotated = {p.pk: p for p in annotate_jabatan_sekarang(Pegawai.objects.all(), tanggal=tanggal)}
    page = pegawai_lengkapi_jabatan(list(Pegawai.objects.all()), tanggal=tanggal)
    names = [
        "riwayat_sekarang_id",
        "formasi_sekarang_id",
        "jabatan_sekarang_nama",
        "unit_sekarang_id",
        "unit_sekarang_nama",
        "unit_sekarang_path",
        "tmt_jabatan_sekarang",
        "batas_usia_pensiun",
    ]
    assert any(p.unit_sekarang_id for p in page)
    for orang in page:
        for name in names:
            assert getattr(orang, name) == getattr(annotated[orang.pk], name), name


def test_fast_list_serializer_gives_drf_s_own_output(admin_bkd: Any) -> None:
    """The API list's FastListSerializer writes exactly what DRF's ListSerializer writes, for
    placed, unplaced and retired ASN, through the same view (page and filtered page)."""
    from rest_framework import serializers

    from jabatan.api import PegawaiSerializer

    generate(scale="tiny", seed=51, out=None)
    Pegawai.objects.filter(pk__in=Pegawai.objects.order_by("nama").values("pk")[:3]).update(
        gelar_depan="Dr.", gelar_belakang="M.Si.", tmt_golongan=None
    )
    opd = UnitOrganisasi.objects.get(kode="S51.0001")
    client = Client()
    client.force_login(admin_bkd)
    urls = ["/api/v1/pegawai/?page_size=500", f"/api/v1/pegawai/?unit={opd.pk}&page_size=500"]
    fast = [client.get(url).json() for url in urls]
    meta = PegawaiSerializer.Meta
    try:
        meta.list_serializer_class = serializers.ListSerializer  # type: ignore[attr-defined]
        plain = [client.get(url).json() for url in urls]
    finally:
        meta.list_serializer_class = FastListSerializer  # type: ignore[attr-defined]
    assert fast == plain
    rows = fast[0]["results"]
    assert len(rows) == Pegawai.objects.count()
    assert any(r["unit_sekarang"] is None for r in rows)  # left or unplaced: nulls kept
    assert any(r["unit_sekarang"] is not None for r in rows)
    assert any(r["nama_lengkap"].startswith("Dr.") and r["tmt_golongan"] is None for r in rows)
    assert 0 < len(fast[1]["results"]) < len(rows)


@pytest.mark.parametrize(
    ("serializer_path", "model_field"),
    [
        ("jabatan.api.PegawaiSerializer", "tanggal_lahir"),
        ("survei.api.SurveiResponsSerializer", "umur"),
    ],
)
def test_busy_serializers_work_out_their_model_fields_once(
    monkeypatch: Any, serializer_path: str, model_field: str
) -> None:
    """Once per class, not per request; every serializer still gets fields of its own."""
    from django.utils.module_loading import import_string
    from rest_framework import serializers

    serializer_class = import_string(serializer_path)
    built: list[str] = []
    build_field = serializers.ModelSerializer.build_field

    def counting(self: Any, field_name: str, *args: Any) -> Any:
        built.append(field_name)
        return build_field(self, field_name, *args)

    monkeypatch.setattr(serializers.ModelSerializer, "build_field", counting)
    monkeypatch.delattr(serializer_class, "_fields_built_once", raising=False)
    first, second = serializer_class(), serializer_class()
    a, b = first.fields, second.fields
    assert list(a) == list(b) and model_field in built
    assert len(built) == len(set(built))  # the second serializer built none
    assert all(a[n] is not b[n] and a[n].parent is first and b[n].parent is second for n in a)
