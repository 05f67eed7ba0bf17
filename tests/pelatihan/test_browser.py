from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pelatihan import services
from pelatihan.models import RiwayatPelatihan
from tests.artifacts import screenshot_path
from tests.pelatihan.conftest import PDF_BYTES
from tests.pelatihan.factories import RiwayatFactory


def _masuk(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/portal/masuk/")
    page.get_by_label("Nama pengguna (NIP)").fill("asn_x")
    page.get_by_label("Kata sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_asn_submits_a_certificate_and_sees_the_new_total(
    page: Any, live_server: Any, asn_x: Any, verifikator: Any, tmp_path: Path
) -> None:
    tahun = dt.date.today().year
    RiwayatFactory(
        pegawai=asn_x.pegawai,
        tanggal_selesai=dt.date(tahun, 1, 2),
        tanggal_mulai=dt.date(tahun, 1, 1),
        jp=6,
    )
    page.set_viewport_size({"width": 390, "height": 844})

    _masuk(page, live_server)
    progress = page.get_by_role("progressbar")
    assert progress.first.get_attribute("aria-valuenow") == "6"

    page.get_by_role("link", name="Ajukan Pelatihan").first.click()
    page.get_by_label("Nama pelatihan").fill("Webinar Kepemimpinan Digital")
    page.get_by_label("Jenis").select_option("seminar")
    page.get_by_label("Metode").select_option("nonklasikal")
    page.get_by_label("Penyelenggara").fill("LAN RI")
    page.get_by_label("Tanggal mulai").fill(f"{tahun}-01-03")
    page.get_by_label("Tanggal selesai").fill(f"{tahun}-01-04")
    page.get_by_label("Jumlah JP").fill("16")
    sertifikat = tmp_path / "sertifikat.pdf"
    sertifikat.write_bytes(PDF_BYTES)
    page.get_by_label("Sertifikat", exact=True).set_input_files(str(sertifikat))
    page.get_by_role("button", name="Kirim pengajuan").click()

    row = page.get_by_role("row").filter(has_text="Webinar Kepemimpinan Digital")
    assert "Menunggu verifikasi" in row.inner_text()
    page.screenshot(path=screenshot_path("pelatihan-pengajuan.png"), full_page=True)

    riwayat = RiwayatPelatihan.objects.get(nama_pelatihan="Webinar Kepemimpinan Digital")
    services.riwayat_verify(riwayat_id=riwayat.pk, user=verifikator)
    page.reload()
    assert page.get_by_role("progressbar").first.get_attribute("aria-valuenow") == "22"
    assert "Terpenuhi" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_portal_pages_fit_a_390_px_phone(page: Any, live_server: Any, asn_x: Any) -> None:
    from jabatan.selectors import jabatan_sekarang
    from tests.pelatihan.factories import (
        AngkatanFactory,
        KompetensiFactory,
        ProgramFactory,
        ProgramKompetensiFactory,
        StandarKompetensiFactory,
    )

    pegawai = asn_x.pegawai
    tahun = dt.date.today().year
    for offset, jp in ((5, 12), (3, 24), (1, 30), (0, 6)):
        RiwayatFactory(
            pegawai=pegawai,
            nama_pelatihan=f"Pelatihan Pengelolaan Arsip Dinamis dan Statis Tahun {tahun - offset}",
            tanggal_mulai=dt.date(tahun - offset, 1, 1),
            tanggal_selesai=dt.date(tahun - offset, 1, 2),
            jp=jp,
        )
    kompetensi = KompetensiFactory(nama="Manajemen arsip dan dokumen elektronik")
    StandarKompetensiFactory(
        jabatan=jabatan_sekarang(pegawai).formasi.jabatan, kompetensi=kompetensi, level=4
    )
    program = ProgramFactory(nama="Pelatihan Teknis Kearsipan Elektronik Tingkat Lanjut")
    ProgramKompetensiFactory(program=program, kompetensi=kompetensi, level=4)
    AngkatanFactory(program=program, nama="Angkatan II")
    latsar = ProgramFactory(nama="Pelatihan Dasar CPNS", sasaran_status=["cpns"])
    AngkatanFactory(program=latsar, nama="Angkatan Latsar")
    page.set_viewport_size({"width": 390, "height": 844})
    _masuk(page, live_server)

    for nama, path in (
        ("beranda", "/portal/"),
        ("pelatihan-saya", "/pelatihan/saya/"),
        ("kompetensi-saya", "/pelatihan/saya/kompetensi/"),
        ("ajukan", "/pelatihan/saya/ajukan/"),
    ):
        page.goto(f"{live_server.url}{path}")
        lebar = page.evaluate("document.documentElement.scrollWidth")
        assert lebar <= 390, (path, lebar)
        page.screenshot(path=screenshot_path(f"portal-390-{nama}.png"), full_page=True)
        if nama == "pelatihan-saya":
            chart = page.locator("svg.chart").first
            box = chart.bounding_box()
            assert box is not None and box["width"] <= 390
            for year in (tahun - 5, tahun - 4, tahun):
                assert str(year) in chart.inner_html()
        if nama == "kompetensi-saya":
            assert "Pelatihan Teknis Kearsipan Elektronik Tingkat Lanjut" in page.content()
            assert "Angkatan Latsar" not in page.content()
