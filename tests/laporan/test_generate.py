from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from asn_portal.laporan import services
from asn_portal.laporan.models import LanggananLaporan, Laporan, StatusLaporan
from asn_portal.laporan.xlsx import SHEETS
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Instansi, RiwayatJabatan
from tests.artifacts import sample_path
from tests.factories import PegawaiFactory, UraianTugasFactory


def _generate(unit=None, jenis="bulanan", tahun=2026, nomor=1, user=None):
    laporan = services.laporan_request(jenis=jenis, tahun=tahun, nomor=nomor, unit=unit, user=user)
    laporan.refresh_from_db()
    return laporan


def test_a_request_builds_a_visible_report_with_pdf_and_xlsx(
    register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate()
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.SIAP
    assert laporan.is_terlihat and laporan.progres == 100 and laporan.versi == 1
    assert len(laporan.hash_konten) == 64
    pdf = laporan.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert laporan.hash_pdf == hashlib.sha256(pdf).hexdigest()
    assert laporan.xlsx.name.endswith(".xlsx")


def test_pdf_has_the_qr_and_hash_on_every_page_and_the_ikm_table(
    register, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate()
    laporan.refresh_from_db()
    path = Path(laporan.pdf.path)
    sample_path("laporan-contoh.pdf").write_bytes(path.read_bytes())
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    assert pages >= 2
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    pages_with_image = {int(line.split()[0]) for line in images.splitlines()[2:] if line.strip()}
    assert pages_with_image == set(range(1, pages + 1))
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert laporan.kode_verifikasi in text
        assert laporan.hash_konten[:32] in text.replace("\n", "")
    full = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "IKM dan mutu per unit layanan" in full
    assert "Layanan Bidang A1" in full and "75.00" in full
    assert "PEMERINTAH PROVINSI BENGKULU" in full  # the letterhead
    assert "bobot 1/9" in full and "JKE" in full


def test_letterhead_is_configurable(register, settings, django_capture_on_commit_callbacks):
    # The instansi's row is what a report prints (the settings only seeded the first one).
    Instansi.objects.filter(pk=instansi_bawaan_id()).update(
        kop_surat="PEMERINTAH KABUPATEN CONTOH\nDINAS UJI", penandatangan="Kepala Dinas Uji"
    )
    settings.LAPORAN_KOP = "TIDAK DIPAKAI|KARENA BARIS INSTANSI TERISI"
    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate()
    laporan.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", laporan.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PEMERINTAH KABUPATEN CONTOH" in text and "PEMERINTAH PROVINSI BENGKULU" not in text
    assert "TIDAK DIPAKAI" not in text and "Kepala Dinas Uji" in text


def test_xlsx_has_the_underlying_tables(register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate()
    laporan.refresh_from_db()
    wb = load_workbook(io.BytesIO(laporan.xlsx.read()))
    assert wb.sheetnames == list(SHEETS)
    ikm = list(wb["IKM"].iter_rows(values_only=True))
    assert ikm[0][:3] == ("Kode", "Unit layanan", "Unit organisasi")
    row = next(r for r in ikm if r[0] == "layanan-a1")
    assert float(row[5]) == 75.0 and row[6] == "C"
    formasi = list(wb["Kebutuhan Formasi"].iter_rows(values_only=True))
    assert len(formasi) == 1 + 4
    ringkasan = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True)}
    assert ringkasan["SHA-256 isi"] == laporan.hash_konten


def test_regenerating_an_old_period_gives_the_same_numbers_and_hash_after_later_changes(
    register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _generate()
    first.refresh_from_db()
    data_before, hash_before = first.data, first.hash_konten

    # Later changes: a new ASN takes the empty formasi in March, P2 leaves in April, new JP in
    # May, a late survey response about January arrives in March, a new formasi appears.
    p6 = PegawaiFactory(nama="P6")
    RiwayatJabatan.objects.create(pegawai=p6, formasi=register.f_adm, tmt_mulai=dt.date(2026, 3, 1))
    RiwayatJabatan.objects.filter(pegawai=register.pegawai[1]).update(
        tmt_selesai=dt.date(2026, 4, 1)
    )
    from pelatihan.models import RiwayatPelatihan
    from survei.models import Respons, UnitLayanan
    from tests.laporan.conftest import wib

    RiwayatPelatihan.objects.create(
        pegawai=register.pegawai[3],
        nama_pelatihan="Baru",
        jenis="teknis",
        metode="klasikal",
        penyelenggara="X",
        tanggal_mulai=dt.date(2026, 5, 1),
        tanggal_selesai=dt.date(2026, 5, 2),
        jp=40,
        sumber="staf",
        status="terverifikasi",
        diverifikasi_pada=wib(2026, 5, 3),
    )
    contoh = Respons.objects.filter(unit_layanan__kode="layanan-a1").first()
    contoh.pk = None
    contoh.idempotency_key = __import__("uuid").uuid4()
    contoh.u1 = 1
    contoh.save()  # created now, about a January service: arrived after the period
    UnitLayanan.objects.create(kode="layanan-baru", nama="Baru", unit=register.b)
    UraianTugasFactory(formasi__unit=register.b)

    with django_capture_on_commit_callbacks(execute=True):
        second = _generate()
    second.refresh_from_db()
    assert second.pk == first.pk and second.versi == 2
    assert second.data == data_before
    assert second.hash_konten == hash_before
    # ... while the current period does see the changes.
    now = services.laporan_data_compute(
        periode=__import__("asn_portal.periode", fromlist=["P"]).Periode(2026, "bulanan", 5),
        unit=None,
    )
    assert (
        now["penataan"]["kebutuhan"]["total"]["bezetting"]
        != data_before["penataan"]["kebutuhan"]["total"]["bezetting"]
    )


def test_a_failing_section_leaves_no_visible_report(
    register, monkeypatch, django_capture_on_commit_callbacks
):
    from asn_portal.laporan.sections import kompetensi

    def boom(ctx):
        raise RuntimeError("sumber data rusak")

    monkeypatch.setattr(kompetensi, "hitung", boom)
    with django_capture_on_commit_callbacks(execute=False):
        queued = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)
    with pytest.raises(RuntimeError):
        services.laporan_generate(laporan_id=queued.pk)
    laporan = Laporan.objects.get()
    assert laporan.status == StatusLaporan.GAGAL
    assert not laporan.is_terlihat and laporan.hash_konten == "" and laporan.data == {}
    assert not laporan.pdf and not laporan.xlsx
    assert "sumber data rusak" in laporan.pesan_galat
    media = Path(laporan.pdf.storage.location) / "laporan"
    assert not media.exists() or list(media.iterdir()) == []


def test_a_failing_write_after_the_pdf_was_saved_removes_it(
    register, monkeypatch, django_capture_on_commit_callbacks
):
    from asn_portal.laporan import services as svc

    real_save = svc.default_storage.save
    calls = []

    def save(name, content, *args, **kwargs):
        calls.append(name)
        if name.endswith(".xlsx"):
            raise OSError("disk penuh")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(svc.default_storage, "save", save)
    with django_capture_on_commit_callbacks(execute=False):
        queued = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)
    with pytest.raises(OSError):
        services.laporan_generate(laporan_id=queued.pk)
    laporan = Laporan.objects.get()
    assert len(calls) == 2
    assert not laporan.is_terlihat and not laporan.pdf
    media = Path(svc.default_storage.location) / "laporan"
    assert list(media.iterdir()) == []


def test_published_report_is_frozen(register, admin_bkd, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate()
    laporan.refresh_from_db()
    services.laporan_publish(laporan=laporan, user=admin_bkd)
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.TERBIT
    with pytest.raises(ValidationError):
        services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)
    assert services.laporan_generate(laporan_id=laporan.pk) is None
    frozen = Laporan.objects.get(pk=laporan.pk)
    assert (frozen.versi, frozen.hash_konten, frozen.pdf.name) == (
        1,
        laporan.hash_konten,
        laporan.pdf.name,
    )


def test_only_admin_bkd_publishes(
    register, verifikator, operator_a, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate()
    for user in (verifikator, operator_a):
        with pytest.raises(PermissionDenied):
            services.laporan_publish(laporan=laporan, user=user)


def test_a_period_not_yet_ended_is_refused(register):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="belum berakhir"):
        services.laporan_request(jenis="tahunan", tahun=2999, nomor=1)


def test_subscribers_who_may_see_the_report_get_an_email_with_the_link(
    register,
    unit_a,
    admin_bkd,
    verifikator,
    operator_a,
    operator_b,
    django_capture_on_commit_callbacks,
):
    for user, jenis in (
        (admin_bkd, ""),
        (verifikator, "tahunan"),
        (operator_a, "bulanan"),
        (operator_b, ""),
    ):
        LanggananLaporan.objects.create(user=user, jenis=jenis)
    with django_capture_on_commit_callbacks(execute=True):
        laporan = _generate(unit=unit_a)
    laporan.refresh_from_db()
    recipients = sorted(m.to[0] for m in mail.outbox)
    # verifikator only wants yearly reports; operator_b cannot see unit A.
    assert recipients == ["admin_bkd@example.go.id", "operator_a@example.go.id"]
    assert f"https://asn.example.go.id/laporan/{laporan.pk}/" in mail.outbox[0].body
    assert laporan.hash_konten in mail.outbox[0].body


def test_operator_cannot_request_province_or_other_units(register, operator_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.laporan_request(jenis="bulanan", tahun=2026, nomor=1, unit=None, user=operator_a)
    with pytest.raises(PermissionDenied):
        services.laporan_request(
            jenis="bulanan", tahun=2026, nomor=1, unit=register.b, user=operator_a
        )


def test_a_worker_killed_after_claiming_leaves_nothing_visible_and_the_redelivery_finishes(
    register, admin_bkd, django_capture_on_commit_callbacks
):
    from asn_portal.laporan.selectors import laporan_terlihat

    with django_capture_on_commit_callbacks(execute=False):
        queued = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)
    services._claim(queued.pk)  # the first worker claimed the job, then died without a trace
    laporan = Laporan.objects.get(pk=queued.pk)
    assert laporan.status == StatusLaporan.PROSES and not laporan.is_terlihat
    assert not laporan_terlihat(user=admin_bkd).exists()
    # The dead worker's heartbeat goes stale; only then may a redelivery take the job over (a
    # fresh heartbeat means another worker is still building it).
    Laporan.objects.filter(pk=queued.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    )

    redelivered = services.laporan_generate(
        laporan_id=queued.pk
    )  # acks_late: the message comes back

    assert redelivered is not None and redelivered.status == StatusLaporan.SIAP
    assert list(laporan_terlihat(user=admin_bkd)) == [redelivered]
