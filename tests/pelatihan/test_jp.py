from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from asn_portal.transfer.models import ExportLog
from jabatan.models import UnitOrganisasi
from pelatihan import selectors
from tests.conftest import client_for
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory
from tests.pelatihan.factories import RiwayatFactory

pytestmark = pytest.mark.django_db


def test_a_training_counts_in_the_year_it_is_completed(pegawai_x: Any) -> None:
    RiwayatFactory(
        pegawai=pegawai_x,
        tanggal_mulai=dt.date(2024, 12, 28),
        tanggal_selesai=dt.date(2025, 1, 3),
        jp=30,
    )
    RiwayatFactory(
        pegawai=pegawai_x,
        tanggal_mulai=dt.date(2024, 12, 1),
        tanggal_selesai=dt.date(2024, 12, 31),
        jp=7,
    )

    assert selectors.jp_tahun(pegawai_x, 2024) == 7
    assert selectors.jp_tahun(pegawai_x, 2025) == 30
    assert selectors.jp_per_tahun(pegawai_x, tahun_terakhir=2025, jumlah=3) == [
        (2023, 0),
        (2024, 7),
        (2025, 30),
    ]


def test_pending_and_rejected_records_do_not_count(pegawai_x: Any) -> None:
    RiwayatFactory(pegawai=pegawai_x, jp=8)
    RiwayatFactory(pegawai=pegawai_x, jp=50, status="diajukan", sumber="mandiri")
    RiwayatFactory(
        pegawai=pegawai_x, jp=40, status="ditolak", alasan_penolakan="Sertifikat tidak terbaca"
    )

    assert selectors.jp_tahun(pegawai_x, 2025) == 8


def test_unit_summary_counts_who_meets_the_minimum(
    admin_bkd: Any, unit_a: Any, unit_b: Any, pegawai_x: Any, pegawai_y: Any, settings: Any
) -> None:
    settings.JP_MINIMUM_PER_TAHUN = 20
    tahun = dt.date.today().year
    selesai = dt.date(tahun, 1, 5)
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=selesai, jp=12)
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=selesai, jp=8)
    other = PegawaiFactory()
    RiwayatJabatanFactory(
        pegawai=other, formasi=FormasiFactory(unit=UnitOrganisasi.objects.get(kode="A.1"))
    )
    RiwayatFactory(pegawai=other, tanggal_selesai=selesai, jp=19)

    rekap = {
        r.unit.kode: r
        for r in selectors.jp_rekap(
            as_of=selectors.jp_tanggal_untuk_tahun(tahun), user=admin_bkd
        ).per_unit
    }

    assert (rekap["A"].jumlah_asn, rekap["A"].memenuhi, str(rekap["A"].persen)) == (2, 1, "50.0")
    assert (rekap["B"].jumlah_asn, rekap["B"].memenuhi) == (1, 0)
    kurang = list(selectors.jp_kekurangan_list(user=admin_bkd, tahun=tahun))
    assert [(p.pegawai_id, 20 - p.jp) for p in kurang] == [(pegawai_y.pk, 20), (other.pk, 1)]


def test_operator_summary_is_scoped_to_their_units(
    operator_a: Any, pegawai_x: Any, pegawai_y: Any
) -> None:
    tahun = dt.date.today().year
    rekap = selectors.jp_rekap(as_of=dt.date.today(), user=operator_a).per_unit
    assert [r.unit.kode for r in rekap] == ["A"]
    assert [p.pegawai_id for p in selectors.jp_kekurangan_list(user=operator_a, tahun=tahun)] == [
        pegawai_x.pk
    ]


def test_exports_neutralise_formulas(admin_bkd: Any, pegawai_x: Any) -> None:
    pegawai_x.nama = '=HYPERLINK("http://x")'
    pegawai_x.save()
    client = client_for(admin_bkd)

    response = client.get("/pelatihan/laporan/jp/?format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "NIP"
    assert rows[1][1].startswith("'=HYPERLINK")

    response = client.get("/pelatihan/laporan/jp/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=3, column=2).data_type == "s" and sheet.cell(row=3, column=2).quotePrefix
    assert values[2][6] == 20
    assert ExportLog.objects.filter(source="pelatihan:laporan_jp").count() == 2
