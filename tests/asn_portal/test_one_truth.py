"""One dataset, one as-of date, every surface: the numbers they share must be identical.

Each figure is first computed by its one function (docs/figures.md), then read from every surface
that shows it (the unit dashboard's context and HTML, the staff survey and case pages, the ASN
portal, the API, the JP export, and the period report's data, HTML and XLSX cells read back with
openpyxl). Every surface is compared to the function AND to every other surface, so a surface
that computes its own copy, or a function whose rule drifts from the hand-checked expectation,
fails here.

The dataset (Triwulan I 2026, judged at the end of 31 March 2026, WIB):
- Units: OPD A with bidang A.1 and seksi A.1.1 beneath it; OPD B with bidang B.1.
- Formasi (kebutuhan in persons): A pelaksana 2; A.1 JF 1; A.1 vacancy 1; A.1.1 pelaksana
  112,500 min → 1.50 → 2 (half-up per formasi); B pelaksana 1; plus an A formasi recorded in
  May (not there on 31 March) and an inactive empty one (never counted).
- ASN: P1 and P6 in A (P6 retires in June: counted); P2 moves mid-period from A.1 to B;
  P3 retires on 1 February (not counted); P4 is marked berhenti with an open assignment
  (counted on no date); P5 in A.1.1; P8 in B. P9 (A.1.1) reaches 58 in May 2027.
- Training: P1 24 JP (verified in February), P2 30 JP, P5 20 JP verified on 5 April (after the
  period end: not counted), P6 12 JP this year and 10 JP last year, P3 and P4 40 JP each.
- Survey: layanan A.1 and B with responses inside the period and (A.1) in December 2025.
- Cases: one open past its deadline at the period end (answered in April), one answered late,
  one answered on time, one open but not yet due at the period end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from asn_portal.laporan import services as laporan_services
from asn_portal.laporan.models import StatusLaporan
from asn_portal.periode import WIB, Periode
from asn_portal.roles import ASN
from jabatan import selectors as jabatan_selectors
from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
from pelatihan import selectors as pelatihan_selectors
from pelatihan.models import RiwayatPelatihan
from survei import selectors as survei_selectors
from survei.models import Respons, UnitLayanan
from survei.partisipasi import selectors as partisipasi_selectors
from survei.partisipasi.models import Kasus
from tests.conftest import client_for
from tests.factories import PegawaiFactory, UraianTugasFactory, UserFactory
from tests.laporan.conftest import PAST, wib

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)
PERIODE = Periode(2026, "triwulan", 1)


@dataclass
class Data:
    a: UnitOrganisasi
    a1: UnitOrganisasi
    b: UnitOrganisasi
    p1: Pegawai
    p5: Pegawai
    asn_user: Any
    layanan_a1: UnitLayanan
    layanan_b: UnitLayanan


def _formasi(unit: UnitOrganisasi, jabatan: Jabatan, menit: int, **kwargs: Any) -> Formasi:
    dicatat = kwargs.pop("created_at", PAST)
    formasi = Formasi.objects.create(unit=unit, jabatan=jabatan, **kwargs)
    UraianTugasFactory(
        formasi=formasi, volume_per_tahun=Decimal(menit), norma_waktu_menit=Decimal(1)
    )
    Formasi.objects.filter(pk=formasi.pk).update(created_at=dicatat)
    return formasi


def _jabatan(pegawai: Pegawai, formasi: Formasi, mulai: dt.date, selesai: dt.date | None = None):
    return RiwayatJabatan.objects.create(
        pegawai=pegawai, formasi=formasi, tmt_mulai=mulai, tmt_selesai=selesai
    )


def _pelatihan(pegawai: Pegawai, jp: int, selesai: dt.date, diverifikasi: dt.datetime) -> None:
    RiwayatPelatihan.objects.create(
        pegawai=pegawai,
        nama_pelatihan="Pelatihan teknis",
        jenis="teknis",
        metode="klasikal",
        penyelenggara="BPSDM",
        tanggal_mulai=selesai - dt.timedelta(days=2),
        tanggal_selesai=selesai,
        jp=jp,
        sumber="staf",
        status="terverifikasi",
        diverifikasi_pada=diverifikasi,
    )


def _respons(layanan: UnitLayanan, tanggal: dt.date, nilai: list[int], kuesioner: Any) -> None:
    r = Respons.objects.create(
        unit_layanan=layanan,
        kuesioner=kuesioner,
        umur=30,
        jenis_kelamin="P",
        pendidikan="sma",
        pekerjaan="swasta",
        jenis_layanan="Umum",
        tanggal_layanan=tanggal,
        tanggal_isi=tanggal,
        **{f"u{i}": v for i, v in enumerate(nilai, start=1)},
    )
    Respons.objects.filter(pk=r.pk).update(
        created_at=dt.datetime.combine(tanggal, dt.time(12), tzinfo=WIB)
    )


def _kasus(layanan: UnitLayanan, kode: str, diterima: dt.datetime, dijawab: dt.datetime | None):
    Kasus.objects.create(
        kode_lacak=kode,
        unit_layanan=layanan,
        jenis="pengaduan",
        sumber="formulir",
        isi="Antrean lama",
        status="dijawab" if dijawab else "baru",
        jawaban="Sudah ditindaklanjuti" if dijawab else "",
        diterima_pada=diterima,
        batas_respons=diterima + dt.timedelta(days=7),
        dijawab_pada=dijawab,
        durasi_respons_detik=int((dijawab - diterima).total_seconds()) if dijawab else None,
    )


@pytest.fixture
def data(unit_a: Any, unit_b: Any, admin_bkd: Any, settings: Any, tmp_path: Any) -> Data:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    a = unit_a
    a1 = UnitOrganisasi.objects.get(kode="A.1")
    a11 = UnitOrganisasi.objects.get(kode="A.1.1")
    b = unit_b
    pel = Jabatan.objects.create(
        kode="PEL", nama="Pengadministrasi Umum", kategori="pelaksana", kelas_jabatan=5
    )
    jf = Jabatan.objects.create(
        kode="JF",
        nama="Analis SDM Ahli Muda",
        kategori="fungsional_keahlian",
        jenjang="ahli_muda",
        kelas_jabatan=9,
    )
    staf = Jabatan.objects.create(
        kode="STAF", nama="Pengolah Data", kategori="pelaksana", kelas_jabatan=6
    )
    f_a = _formasi(a, pel, 150_000)
    f_a1_jf = _formasi(a1, jf, 75_000)
    _formasi(a1, staf, 75_000)  # a vacancy all along
    f_a11 = _formasi(a11, pel, 112_500)
    f_b = _formasi(b, pel, 75_000)
    _formasi(a, jf, 75_000, created_at=wib(2026, 5, 2, 9))  # recorded after the period
    _formasi(a, staf, 75_000, aktif=False)  # inactive and empty

    p1, p2, p3, p4, p5, p6, p8 = (PegawaiFactory(nama=f"P{i}") for i in (1, 2, 3, 4, 5, 6, 8))
    p9 = Pegawai(nip="196905101994031001", nama="P9", status="pns", golongan="III/a")
    p9.full_clean()
    p9.save()
    _jabatan(p1, f_a, dt.date(2020, 1, 1))
    _jabatan(p6, f_a, dt.date(2020, 1, 1), dt.date(2026, 6, 1))
    Pegawai.objects.filter(pk=p6.pk).update(status_aktif="pensiun")
    _jabatan(p2, f_a1_jf, dt.date(2020, 1, 1), dt.date(2026, 2, 15))
    _jabatan(p2, f_b, dt.date(2026, 2, 15))
    _jabatan(p3, f_a11, dt.date(2020, 1, 1), dt.date(2026, 2, 1))
    Pegawai.objects.filter(pk=p3.pk).update(status_aktif="pensiun")
    _jabatan(p4, f_a11, dt.date(2020, 1, 1))
    Pegawai.objects.filter(pk=p4.pk).update(status_aktif="berhenti")
    _jabatan(p5, f_a11, dt.date(2020, 1, 1))
    _jabatan(p8, f_b, dt.date(2020, 1, 1))
    _jabatan(p9, f_a11, dt.date(2020, 1, 1))

    _pelatihan(p1, 24, dt.date(2026, 2, 10), wib(2026, 2, 12, 10))
    _pelatihan(p2, 30, dt.date(2026, 1, 10), wib(2026, 1, 12, 10))
    _pelatihan(p5, 20, dt.date(2026, 3, 20), wib(2026, 4, 5, 10))  # verified after the period
    _pelatihan(p6, 12, dt.date(2026, 3, 1), wib(2026, 3, 2, 10))
    _pelatihan(p6, 10, dt.date(2025, 12, 1), wib(2025, 12, 2, 10))  # last year's
    _pelatihan(p3, 40, dt.date(2026, 1, 20), wib(2026, 1, 21, 10))
    _pelatihan(p4, 40, dt.date(2026, 1, 20), wib(2026, 1, 21, 10))

    asn_user = UserFactory(username="asn_p1")
    asn_user.groups.add(Group.objects.get(name=ASN))
    Pegawai.objects.filter(pk=p1.pk).update(user=asn_user)

    kuesioner = survei_selectors.kuesioner_aktif()
    layanan_a1 = UnitLayanan.objects.create(
        kode="layanan-a1", nama="Layanan Bidang A1", unit=a1, jumlah_pengguna=400
    )
    layanan_b = UnitLayanan.objects.create(
        kode="layanan-b", nama="Layanan Dinas B", unit=b, jumlah_pengguna=400
    )
    for nilai in ([3] * 9, [4] * 9, [3, 4, 3, 4, 3, 4, 3, 4, 3], [2, 3, 3, 3, 3, 3, 3, 3, 3]):
        _respons(layanan_a1, dt.date(2026, 2, 3), nilai, kuesioner)
    _respons(layanan_a1, dt.date(2025, 12, 10), [1] * 9, kuesioner)  # outside the period
    for nilai in ([4] * 9, [4, 4, 4, 3, 4, 4, 4, 4, 4], [3] * 9):
        _respons(layanan_b, dt.date(2026, 3, 12), nilai, kuesioner)
    _respons(layanan_b, dt.date(2026, 4, 2), [1] * 9, kuesioner)  # the next quarter

    _kasus(layanan_a1, "KS0001", wib(2026, 3, 1, 9), wib(2026, 4, 10, 9))  # late at period end
    _kasus(layanan_a1, "KS0002", wib(2026, 2, 1, 9), wib(2026, 2, 20, 9))  # answered late
    _kasus(layanan_b, "KS0003", wib(2026, 2, 5, 9), wib(2026, 2, 6, 9))  # on time
    _kasus(layanan_b, "KS0004", wib(2026, 3, 30, 9), None)  # open, not due at period end
    return Data(
        a=a,
        a1=a1,
        b=b,
        p1=p1,
        p5=p5,
        asn_user=asn_user,
        layanan_a1=layanan_a1,
        layanan_b=layanan_b,
    )


@pytest.fixture
def laporan(data: Data, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        laporan = laporan_services.laporan_request(
            jenis="triwulanan", tahun=2026, nomor=1, unit=None, user=None
        )
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.SIAP, laporan.pesan_galat
    return laporan


def _report_page(laporan: Any, user: Any) -> dict[str, Any]:
    """The data the report's HTML page renders (its context), after checking it is the page."""
    page = client_for(user).get(reverse("laporan:detail", args=[laporan.pk]))
    assert page.status_code == 200
    return page.context["data"]


def _sheet(laporan: Any, name: str) -> list[dict[str, Any]]:
    laporan.xlsx.open("rb")
    wb = load_workbook(io.BytesIO(laporan.xlsx.read()))
    laporan.xlsx.close()
    rows = list(wb[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def _same(label: str, surfaces: dict[str, Any]) -> None:
    """Every surface equals every other (the first is the selector)."""
    values = {name: _norm(value) for name, value in surfaces.items()}
    distinct = set(map(repr, values.values()))
    assert len(distinct) == 1, f"{label} differs between surfaces: {values}"


def _norm(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return tuple(_norm(v) for v in value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal) or (
        isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value)
    ):
        return Decimal(str(value)).normalize()
    return value


# --- kebutuhan, bezetting, selisih ---------------------------------------------------------


def _kebutuhan_tuple(row: Any) -> tuple[int, int, int, int, int]:
    if isinstance(row, dict):
        selisih = row.get("selisih", row["bezetting"] - row["kebutuhan"])
        return (row["kebutuhan"], row["bezetting"], selisih, row["kelebihan"], row["kekurangan"])
    return (row.kebutuhan, row.bezetting, row.selisih, row.kelebihan, row.kekurangan)


def test_kebutuhan_bezetting_selisih_agree_on_every_surface(
    data: Data, laporan: Any, admin_bkd: Any
) -> None:
    client = client_for(admin_bkd)
    provinsi = jabatan_selectors.kebutuhan_pada(user=None, as_of=AS_OF)
    # Hand-checked: A 2+1+1+2 needed, P1 and P6 in A, P5 and P9 in A.1.1 (P3 retired, P4
    # inactive), nobody in A.1 after P2 moved; B needs 1 and has P2 and P8.
    per_opd = {row.unit.kode: _kebutuhan_tuple(row) for row in provinsi.per_bagian if row.unit}
    assert per_opd == {"A": (6, 4, -2, 0, 2), "B": (1, 2, 1, 1, 0)}
    assert _kebutuhan_tuple(provinsi.total) == (7, 6, -1, 1, 2)

    report = laporan.data["penataan"]["kebutuhan"]
    report_page = _report_page(laporan, admin_bkd)["penataan"]["kebutuhan"]
    xlsx = {r["Kode"]: r for r in _sheet(laporan, "Kebutuhan OPD")}
    for unit in (data.a, data.b):
        selector = jabatan_selectors.kebutuhan_pada(user=admin_bkd, as_of=AS_OF, unit=unit)
        page = client.get(reverse("jabatan:dasbor", args=[unit.pk]), {"tanggal": AS_OF.isoformat()})
        api = client.get(
            reverse("unit-kebutuhan", args=[unit.pk]), {"tanggal": AS_OF.isoformat()}
        ).json()
        dari_laporan = next(r for r in report["per_opd"] if r["kode"] == unit.kode)
        baris_xlsx = xlsx[unit.kode]
        _same(
            f"kebutuhan {unit.kode}",
            {
                "selector": _kebutuhan_tuple(selector.total),
                "province selector": per_opd[unit.kode],
                "dashboard": _kebutuhan_tuple(page.context["data"].total),
                "api": _kebutuhan_tuple(api["total"]),
                "report": _kebutuhan_tuple(dari_laporan),
                "report page": _kebutuhan_tuple(
                    next(r for r in report_page["per_opd"] if r["kode"] == unit.kode)
                ),
                "xlsx": (
                    baris_xlsx["Kebutuhan"],
                    baris_xlsx["Bezetting"],
                    baris_xlsx["Bezetting"] - baris_xlsx["Kebutuhan"],
                    baris_xlsx["Kelebihan"],
                    baris_xlsx["Kekurangan"],
                ),
            },
        )
        html = page.content.decode()
        total = selector.total
        assert (
            f"<td>{total.kebutuhan}</td><td>{total.bezetting}</td><td>{total.selisih:+d}</td>"
            f"<td>{total.kelebihan}</td><td>{total.kekurangan}</td>"
        ) in html
        # Per part of the subtree as well (dashboard rows and API rows).
        _same(
            f"kebutuhan per bagian {unit.kode}",
            {
                "selector": [_kebutuhan_tuple(r) for r in selector.per_bagian],
                "dashboard": [_kebutuhan_tuple(r) for r in page.context["data"].per_subunit],
                "api": [_kebutuhan_tuple(r) for r in api["per_bagian"]],
            },
        )
    _same(
        "kebutuhan provinsi",
        {
            "selector": _kebutuhan_tuple(provinsi.total),
            "report": _kebutuhan_tuple(report["total"]),
            "xlsx per OPD summed": tuple(
                sum(_kebutuhan_tuple(r)[i] for r in report["per_opd"]) for i in range(5)
            ),
        },
    )
    per_formasi = {
        (f.unit.kode, f.jabatan.kode): h.kebutuhan_orang for f, h in provinsi.per_formasi
    }
    assert per_formasi[("A.1.1", "PEL")] == 2  # 1.50 rounded half-up per formasi
    assert ("A", "JF") not in per_formasi and ("A", "STAF") not in per_formasi


def test_retirements_ahead_agree_between_dashboard_and_report(
    data: Data, laporan: Any, admin_bkd: Any
) -> None:
    page = client_for(admin_bkd).get(
        reverse("jabatan:dasbor", args=[data.a.pk]), {"tanggal": AS_OF.isoformat()}
    )
    selector = jabatan_selectors.pensiun_mendatang(
        user=None, as_of=AS_OF, sampai=dt.date(2030, 12, 31)
    )
    assert [(p.pegawai.nama, p.tanggal_pensiun) for p in selector] == [("P9", dt.date(2027, 6, 1))]
    dashboard = dict(page.context["data"].pensiun_per_tahun)
    report = {r["tahun"]: r["jumlah"] for r in laporan.data["penataan"]["pensiun"]["per_tahun"]}
    xlsx = {r["Tahun"]: r["Jumlah"] for r in _sheet(laporan, "Pensiun")}
    for tahun in range(2027, 2031):  # the years inside both windows
        _same(
            f"pensiun {tahun}",
            {
                "selector": sum(1 for p in selector if p.tanggal_pensiun.year == tahun),
                "dashboard": dashboard[tahun],
                "report": report[tahun],
                "xlsx": xlsx[tahun],
            },
        )


# --- 20 JP ---------------------------------------------------------------------------------


def test_jp_compliance_agrees_on_every_surface(data: Data, laporan: Any, admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    rekap = pelatihan_selectors.jp_rekap(as_of=AS_OF, user=None)
    # Hand-checked: A counts P1 (24), P5 (0: verified in April), P6 (12), P9 (0); B counts
    # P2 (30) and P8 (0). P3 (retired) and P4 (inactive) are not counted.
    per_unit = {r.unit.kode: (r.jumlah_asn, r.memenuhi, str(r.persen)) for r in rekap.per_unit}
    assert per_unit == {"A": (4, 1, "25.0"), "B": (2, 1, "50.0")}
    assert (rekap.total.jumlah_asn, rekap.total.memenuhi, str(rekap.total.persen)) == (
        6,
        2,
        "33.3",
    )

    page = client.get(reverse("pelatihan:laporan_jp"), {"tanggal": AS_OF.isoformat()})
    api = client.get(reverse("pelatihan-jp-unit-list"), {"tanggal": AS_OF.isoformat()}).json()
    report = laporan.data["kompetensi"]["jp"]
    report_page = _report_page(laporan, admin_bkd)["kompetensi"]["jp"]
    xlsx = {r["Kode"]: r for r in _sheet(laporan, "JP per Unit")}
    for kode in ("A", "B"):
        selector = next(r for r in rekap.per_unit if r.unit and r.unit.kode == kode)
        halaman = next(r for r in page.context["rekap"] if r.unit and r.unit.kode == kode)
        dari_api = next(r for r in api["unit"] if r["unit_nama"] == selector.unit.nama)
        dari_laporan = next(r for r in report["per_unit"] if r["kode"] == kode)
        _same(
            f"20 JP {kode}",
            {
                "selector": (selector.jumlah_asn, selector.memenuhi, selector.persen),
                "staff page": (halaman.jumlah_asn, halaman.memenuhi, halaman.persen),
                "api": (dari_api["jumlah_asn"], dari_api["memenuhi"], dari_api["persen"]),
                "report": (dari_laporan["asn"], dari_laporan["memenuhi"], dari_laporan["persen"]),
                "xlsx": (xlsx[kode]["ASN"], xlsx[kode]["Memenuhi JP minimum"], xlsx[kode]["%"]),
            },
        )
    total = page.context["total"]
    _same(
        "20 JP total",
        {
            "selector": (rekap.total.jumlah_asn, rekap.total.memenuhi, rekap.total.persen),
            "staff page": (total.jumlah_asn, total.memenuhi, total.persen),
            "api": (api["total"]["jumlah_asn"], api["total"]["memenuhi"], api["total"]["persen"]),
            "report": (report["asn"], report["memenuhi"], report["persen"]),
            "report page": (
                report_page["asn"],
                report_page["memenuhi"],
                report_page["persen"],
            ),
        },
    )
    html = page.content.decode()
    persen = str(total.persen).replace(".", ",")  # Indonesian decimal comma on the page
    assert f"{total.memenuhi} dari {total.jumlah_asn} ASN ({persen}%)" in html

    # The export lists exactly the ASN the figure counts as not meeting the minimum.
    export = client.get(
        reverse("pelatihan:laporan_jp"), {"tanggal": AS_OF.isoformat(), "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]
    _same("belum memenuhi", {"selector": rekap.total.belum, "export": len(rows)})

    # The ASN's own portal and API give the JP the figure counted for that ASN.
    counted = {p.pegawai_id: p.jp for p in pelatihan_selectors.jp_posisi(user=None, as_of=AS_OF)}
    asn = client_for(data.asn_user)
    portal = asn.get(reverse("portal:beranda"), {"tanggal": AS_OF.isoformat()})
    saya = asn.get(reverse("saya-jp-list"), {"tanggal": AS_OF.isoformat()}).json()
    _same(
        "JP P1",
        {"selector": counted[data.p1.pk], "portal": portal.context["jp"].jp, "api": saya["jp"]},
    )
    assert counted[data.p1.pk] == 24 and counted[data.p5.pk] == 0
    assert portal.context["jp"].memenuhi is (counted[data.p1.pk] >= rekap.minimum)


def test_the_one_rounding_rule_of_the_jp_share_is_half_up() -> None:
    # 1 of 16 is 6.25 %: half-even would print 6.2.
    assert str(pelatihan_selectors.bulatkan_satu_desimal(100, 16)) == "6.3"
    assert str(pelatihan_selectors.RekapUnit(None, "", 16, 1).persen) == "6.3"


# --- IKM -----------------------------------------------------------------------------------


def test_ikm_agrees_on_every_surface(data: Data, laporan: Any, admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    selector = survei_selectors.ikm_per_unit(
        dari=PERIODE.awal, sampai=PERIODE.akhir, diterima_sebelum=PERIODE.batas
    )
    dashboard = client.get(reverse("survei:staf_dashboard"), {"periode": PERIODE.kode})
    dashboard_rows = {u.kode: h for u, h in dashboard.context["rows"]}
    report = {
        r["kode"]: r for r in _report_page(laporan, admin_bkd)["pelayanan"]["ikm"]["per_unit"]
    }
    assert list(report.values()) == laporan.data["pelayanan"]["ikm"]["per_unit"]
    xlsx = {r["Kode"]: r for r in _sheet(laporan, "IKM")}
    for layanan in (data.layanan_a1, data.layanan_b):
        hasil = selector[layanan.pk]
        unit_page = client.get(
            reverse("survei:staf_unit", args=[layanan.kode]), {"periode": PERIODE.kode}
        )
        api = client.get(
            reverse("survei-unit-layanan-ikm", args=[layanan.kode]),
            {"dari": PERIODE.awal.isoformat(), "sampai": PERIODE.akhir.isoformat()},
        ).json()
        _same(
            f"IKM {layanan.kode}",
            {
                "selector": (hasil.responden, hasil.ikm, hasil.mutu),
                "one unit": (
                    (
                        one := survei_selectors.ikm_compute(
                            unit_layanan=layanan, dari=PERIODE.awal, sampai=PERIODE.akhir
                        )
                    ).responden,
                    one.ikm,
                    one.mutu,
                ),
                "staff dashboard": (
                    dashboard_rows[layanan.kode].responden,
                    dashboard_rows[layanan.kode].ikm,
                    dashboard_rows[layanan.kode].mutu,
                ),
                "staff unit page": (
                    unit_page.context["hasil"].responden,
                    unit_page.context["hasil"].ikm,
                    unit_page.context["hasil"].mutu,
                ),
                "api": (api["responden"], api["ikm"], api["mutu"]),
                "report": (
                    report[layanan.kode]["responden"],
                    report[layanan.kode]["ikm"],
                    report[layanan.kode]["mutu"],
                ),
                "xlsx": (
                    xlsx[layanan.kode]["Responden"],
                    xlsx[layanan.kode]["IKM"],
                    xlsx[layanan.kode]["Mutu"],
                ),
            },
        )
    assert (selector[data.layanan_a1.pk].responden, selector[data.layanan_b.pk].responden) == (4, 3)
    province = survei_selectors.gabung_hasil(list(selector.values()))
    assert laporan.data["pelayanan"]["ikm"]["total"]["ikm"] == str(province.ikm)
    # The province figure asked alone (one aggregate, not per unit) is the same figure.
    assert province == survei_selectors.ikm_wilayah(
        dari=PERIODE.awal, sampai=PERIODE.akhir, diterima_sebelum=PERIODE.batas
    )


# --- terlambat -----------------------------------------------------------------------------


def test_late_case_counts_of_the_period_agree(data: Data, laporan: Any, admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    hasil = partisipasi_selectors.waktu_respons(
        start=PERIODE.awal, end=PERIODE.akhir, as_of=PERIODE.batas
    )
    assert (hasil.melewati_tenggat, hasil.dijawab_terlambat, hasil.terlambat) == (1, 1, 2)
    assert (hasil.terbuka, hasil.tepat_waktu) == (2, 1)
    rentang = {
        "dari": PERIODE.awal.isoformat(),
        "sampai": PERIODE.akhir.isoformat(),
        "tanggal": AS_OF.isoformat(),
    }
    page = client.get(reverse("partisipasi:staf_ringkasan"), rentang)
    api = client.get(reverse("partisipasi-kasus-waktu-respons"), rentang).json()
    report = laporan.data["pelayanan"]["kasus"]
    assert _report_page(laporan, admin_bkd)["pelayanan"]["kasus"] == report
    xlsx = {r["Butir"]: r["Nilai"] for r in _sheet(laporan, "Kasus")}
    total = page.context["total"]
    per_unit = list(page.context["kasus"].object_list)
    _same(
        "kasus",
        {
            "selector": (hasil.melewati_tenggat, hasil.dijawab_terlambat, hasil.terlambat),
            "staff page": (total.melewati_tenggat, total.dijawab_terlambat, total.terlambat),
            "staff page per unit summed": (
                sum(u.kasus_melewati_tenggat for u in per_unit),
                sum(u.kasus_dijawab_terlambat for u in per_unit),
                sum(u.kasus_terlambat for u in per_unit),
            ),
            "api": (api["melewati_tenggat"], api["dijawab_terlambat"], api["terlambat"]),
            "report": (
                report["melewati_tenggat"],
                report["dijawab_terlambat"],
                report["terlambat"],
            ),
            "xlsx": (
                xlsx["Terbuka melewati tenggat pada akhir periode"],
                xlsx["Dijawab terlambat"],
                xlsx["Terlambat (keduanya)"],
            ),
        },
    )
    html = page.content.decode()
    assert f'data-testid="melewati-tenggat">{hasil.melewati_tenggat}<' in html


@pytest.mark.parametrize("arti", ["melewati_tenggat", "dijawab_terlambat", "terlambat"])
def test_each_meaning_of_late_is_the_same_in_queryset_property_api_and_staff_list(
    data: Data, admin_bkd: Any, arti: str
) -> None:
    client = client_for(admin_bkd)
    queryset = set(getattr(Kasus.objects, arti)().values_list("kode_lacak", flat=True))
    prop = {k.kode_lacak for k in Kasus.objects.all() if getattr(k, arti)}
    semua = client.get(reverse("partisipasi-kasus-list"), {"page_size": 100}).json()
    field = {k["kode_lacak"] for k in semua["results"] if k[arti]}
    filtered = client.get(reverse("partisipasi-kasus-list"), {arti: "true"}).json()
    api_filter = {k["kode_lacak"] for k in filtered["results"]}
    excluded = client.get(reverse("partisipasi-kasus-list"), {arti: "false"}).json()
    assert api_filter.isdisjoint({k["kode_lacak"] for k in excluded["results"]})
    surfaces = {"queryset": queryset, "property": prop, "field": field, "filter": api_filter}
    if arti != "dijawab_terlambat":  # the staff list filters the other two
        page = client.get(reverse("partisipasi:staf_kasus_list"), {arti: "1"})
        surfaces["staff list"] = {k.kode_lacak for k in page.context["page"].object_list}
    _same(arti, surfaces)
    # Judged now: KS0001 was answered (late) in April, KS0004 is open and long past due.
    expected = {
        "melewati_tenggat": {"KS0004"},
        "dijawab_terlambat": {"KS0001", "KS0002"},
        "terlambat": {"KS0001", "KS0002", "KS0004"},
    }
    assert queryset == expected[arti]


# --- query counts stay constant as data grows ------------------------------------------------


def test_the_figures_take_a_fixed_number_of_queries(
    data: Data, django_assert_max_num_queries: Any
) -> None:
    def run() -> None:
        jabatan_selectors.kebutuhan_pada(user=None, as_of=AS_OF)
        pelatihan_selectors.jp_rekap(as_of=AS_OF, user=None)
        survei_selectors.ikm_per_unit(dari=PERIODE.awal, sampai=PERIODE.akhir)
        partisipasi_selectors.waktu_respons(start=PERIODE.awal, end=PERIODE.akhir)

    with django_assert_max_num_queries(8):
        run()
    pel = Jabatan.objects.get(kode="PEL")
    for i in range(15):
        unit = UnitOrganisasi.objects.add_child(
            UnitOrganisasi.objects.get(pk=data.b.pk),
            create_kwargs={"kode": f"B.X{i}", "nama": f"Seksi {i}", "jenis": "seksi"},
        )
        formasi = _formasi(unit, pel, 75_000)
        _jabatan(PegawaiFactory(), formasi, dt.date(2020, 1, 1))
        layanan = UnitLayanan.objects.create(kode=f"layanan-x{i}", nama=f"X{i}", unit=unit)
        _respons(layanan, dt.date(2026, 2, 3), [4] * 9, survei_selectors.kuesioner_aktif())
    with django_assert_max_num_queries(8):
        run()
