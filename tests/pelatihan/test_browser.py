from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pelatihan import services
from pelatihan.models import RiwayatPelatihan
from tests.pelatihan.conftest import PDF_BYTES
from tests.pelatihan.factories import RiwayatFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


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
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/portal/masuk/")
    page.get_by_label("Nama pengguna (NIP)").fill("asn_x")
    page.get_by_label("Kata sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()
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
    page.screenshot(path=str(ARTIFACTS / "pelatihan-pengajuan.png"), full_page=True)

    riwayat = RiwayatPelatihan.objects.get(nama_pelatihan="Webinar Kepemimpinan Digital")
    services.riwayat_verifikasi(riwayat_id=riwayat.pk, user=verifikator)
    page.reload()
    assert page.get_by_role("progressbar").first.get_attribute("aria-valuenow") == "22"
    assert "Terpenuhi" in page.content()
