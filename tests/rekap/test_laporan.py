"""The quarterly province report: one section per instansi of the province, its numbers those of
each instansi's own selectors judged at the period's end, who may ask for it and who may open
it, and the schedule that makes it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from openpyxl import load_workbook

from asn_portal.laporan import services
from asn_portal.laporan.models import LINGKUP_REKAP, Laporan
from asn_portal.laporan.pdf import render_html
from asn_portal.periode import JenisPeriode, Periode
from jabatan.selectors import kebutuhan_pada
from pelatihan.selectors import jp_rekap
from survei.models import Respons
from survei.selectors import ikm_wilayah
from tests.conftest import client_for
from tests.rekap.conftest import TAHUN, _akun

pytestmark = pytest.mark.django_db

TRIWULAN = Periode(TAHUN, JenisPeriode.TRIWULAN, 2)


@pytest.fixture
def laporan_rekap(dunia_rekap, admin_provinsi, settings, tmp_path) -> Laporan:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Responses arrive the day after their service (the report counts what arrived by its end).
    Respons.objects.update(created_at=F("tanggal_layanan") + dt.timedelta(days=1))
    laporan = services.laporan_request(
        jenis="triwulanan",
        tahun=TAHUN,
        nomor=TRIWULAN.nomor,
        user=admin_provinsi,
        rekap=True,
        enqueue=False,
    )
    services.laporan_generate(laporan_id=laporan.pk)
    laporan.refresh_from_db()
    return laporan


def test_one_section_per_instansi_of_the_province_with_each_instansis_own_numbers(
    dunia_rekap, laporan_rekap
) -> None:
    laporan = laporan_rekap
    assert laporan.status == "siap" and laporan.lingkup_kunci == LINGKUP_REKAP
    assert laporan.instansi_id == dunia_rekap["17"].pk
    assert laporan.lingkup_label == "Rekap lintas instansi"
    bagian = {b["kode"]: b for b in laporan.data["rekap"]["per_instansi"]}
    assert list(bagian) == ["17", "17.02", "17.71"]  # never Lampung ("18"), another province
    for kode, item in bagian.items():
        instansi_id = dunia_rekap[kode].pk
        jp = jp_rekap(as_of=TRIWULAN.akhir, user=None, instansi_id=instansi_id).total
        assert (item["jp"]["asn"], item["jp"]["memenuhi"], item["jp"]["persen"]) == (
            jp.jumlah_asn,
            jp.memenuhi,
            str(jp.persen),
        )
        kebutuhan = kebutuhan_pada(user=None, as_of=TRIWULAN.akhir, instansi_id=instansi_id).total
        total = item["kebutuhan_total"]
        assert (total["formasi"], total["kebutuhan"], total["bezetting"]) == (
            kebutuhan.formasi,
            kebutuhan.kebutuhan,
            kebutuhan.bezetting,
        )
        ikm = ikm_wilayah(
            dari=TRIWULAN.awal,
            sampai=TRIWULAN.akhir,
            diterima_sebelum=TRIWULAN.batas,
            instansi_id=instansi_id,
        )
        if ikm.responden:
            assert item["ikm"]["responden"] == ikm.responden
            assert item["ikm"]["ikm"] == str(ikm.ikm)
        else:
            assert item["ikm"] is None
    assert any(b["ikm"] for b in bagian.values()) and any(b["jp"]["asn"] for b in bagian.values())
    # Building it again gives the same content: no timestamps in the data.
    data = services.laporan_data_compute(
        periode=TRIWULAN, unit=None, instansi=dunia_rekap["17"], rekap=True
    )
    assert services.hash_data(data) == laporan.hash_konten


def test_the_pdf_and_the_xlsx_carry_every_section(dunia_rekap, laporan_rekap) -> None:
    laporan = laporan_rekap
    html = render_html(laporan=laporan, data=laporan.data, hash_konten=laporan.hash_konten)
    for nama in ("Provinsi Bengkulu", "Kota Bengkulu", "Kabupaten Rejang Lebong"):
        assert f"{nama} (" in html  # its section heading
    assert "Lampung" not in html and "<svg" in html
    assert laporan.pdf.read(5) == b"%PDF-"
    buku = load_workbook(io.BytesIO(laporan.xlsx.read()), read_only=True)
    assert buku.sheetnames[:2] == ["Ringkasan", "Konvensi"]
    assert len(buku.sheetnames) == 2 + len(laporan.data["rekap"]["tabel"])
    jp = next(t for t in laporan.data["rekap"]["tabel"] if t["kunci"] == "jp")
    lembar = buku[jp["judul"][:31]]
    rows = list(lembar.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:4]] == ["17", "17.02", "17.71"]  # codes stay text
    assert rows[1][2] == bagian_asn(laporan, "17")


def bagian_asn(laporan: Laporan, kode: str) -> int:
    return next(b for b in laporan.data["rekap"]["per_instansi"] if b["kode"] == kode)["jp"]["asn"]


def test_who_opens_it(dunia_rekap, laporan_rekap, pemantau, admin_kabupaten) -> None:
    url = f"/laporan/{laporan_rekap.pk}/"
    text = client_for(pemantau).get(url).content.decode()
    assert "Kota Bengkulu (17.71)" in text
    verifikator = _akun("verif_prov", "Verifikator", dunia_rekap["17"], staff=True)
    for user in (admin_kabupaten, verifikator):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(f"{url}pdf/").status_code == 404
    # A Pemantau opens no other report: an instansi's own report stays its staff's.
    sendiri = services.laporan_request(
        jenis="triwulanan", tahun=TAHUN, nomor=TRIWULAN.nomor, instansi_id=dunia_rekap["17"].pk
    )
    Laporan.objects.filter(pk=sendiri.pk).update(status="siap", hash_konten="x" * 64)
    assert client_for(pemantau).get(f"/laporan/{sendiri.pk}/").status_code == 404


def test_who_may_ask_for_it_and_for_which_period(
    dunia_rekap, admin_provinsi, admin_kabupaten
) -> None:
    with pytest.raises(PermissionDenied):
        services.laporan_request(
            jenis="triwulanan", tahun=TAHUN, nomor=1, user=admin_kabupaten, rekap=True
        )
    verifikator = _akun("verif_prov", "Verifikator", dunia_rekap["17"], staff=True)
    with pytest.raises(PermissionDenied):
        services.laporan_request(
            jenis="triwulanan", tahun=TAHUN, nomor=1, user=verifikator, rekap=True
        )
    with pytest.raises(ValidationError) as bulanan:
        services.laporan_request(
            jenis="bulanan", tahun=TAHUN, nomor=1, user=admin_provinsi, rekap=True
        )
    assert "triwulan atau per tahun" in str(bulanan.value.message_dict["jenis"])
    with pytest.raises(ValidationError) as kota:
        services.laporan_request(
            jenis="triwulanan",
            tahun=TAHUN,
            nomor=1,
            instansi_id=dunia_rekap["17.71"].pk,
            rekap=True,
        )
    assert "instansi provinsi" in str(kota.value.message_dict["jenis"])
    assert not Laporan.objects.filter(lingkup_kunci=LINGKUP_REKAP).exists()


def test_the_schedule_makes_it_for_provinces_with_instansi_under_them(dunia_rekap) -> None:
    triwulan = services.sasaran_terjadwal("triwulanan")
    assert (dunia_rekap["17"].pk, True) in triwulan
    assert (dunia_rekap["18"].pk, True) not in triwulan  # Lampung has no instansi under it here
    assert {pk for pk, rekap in triwulan if not rekap} == {i.pk for i in dunia_rekap.values()}
    assert not any(rekap for _pk, rekap in services.sasaran_terjadwal("bulanan"))


def test_the_reports_page_offers_it_to_a_province_admin_only(
    dunia_rekap, admin_provinsi, admin_kabupaten, django_capture_on_commit_callbacks
) -> None:
    from django.urls import reverse

    halaman = reverse("laporan:daftar")
    assert 'name="rekap"' in client_for(admin_provinsi).get(halaman).content.decode()
    assert 'name="rekap"' not in client_for(admin_kabupaten).get(halaman).content.decode()
    client = client_for(admin_provinsi)
    form = {"jenis": "bulanan", "tahun": TAHUN, "nomor": 1, "rekap": "on"}
    ditolak = client.post(reverse("laporan:buat"), form)
    assert ditolak.status_code == 400
    assert "triwulan atau per tahun" in ditolak.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        diterima = client.post(reverse("laporan:buat"), {**form, "jenis": "triwulanan"})
    assert diterima.status_code == 302
    laporan = Laporan.objects.get(lingkup_kunci=LINGKUP_REKAP)
    assert (laporan.instansi_id, laporan.jenis, laporan.unit_id) == (
        dunia_rekap["17"].pk,
        "triwulanan",
        None,
    )
