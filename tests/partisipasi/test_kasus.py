from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from survei.partisipasi import selectors, services
from survei.partisipasi.models import Kasus, RiwayatKasus, StatusKasus
from tests.partisipasi.factories import KasusFactory, ResponsFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
UTC = dt.UTC


def _pengaduan(**overrides: Any) -> dict[str, str]:
    data = {
        "unit_layanan": "dukcapil-a",
        "jenis": "pengaduan",
        "isi": "Petugas meminta biaya tambahan untuk mempercepat KTP.",
        "kontak": "warga@example.com",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- public form and tracking -------------------------------------------------------------------


def test_complaint_gets_a_tracking_code_and_resend_files_once(client: Any, layanan_a: Any) -> None:
    data = _pengaduan()
    response = client.post(reverse("partisipasi:pengaduan"), data)
    assert response.status_code == 302
    kasus = Kasus.objects.get()
    assert response["Location"] == reverse("partisipasi:lacak_kasus", args=[kasus.kode_lacak])
    assert client.post(reverse("partisipasi:pengaduan"), data).status_code == 302
    assert Kasus.objects.count() == 1
    assert kasus.status == StatusKasus.BARU and kasus.kontak == "warga@example.com"


def test_complaint_form_keeps_input_and_names_the_field(client: Any, layanan_a: Any) -> None:
    response = client.post(
        reverse("partisipasi:pengaduan"), _pengaduan(isi="pendek", kontak="bukan kontak")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "minimal 10 karakter" in html and "nomor telepon" in html
    assert "bukan kontak" in html
    assert Kasus.objects.count() == 0


def test_complaint_honeypot_and_rate_limit(client: Any, layanan_a: Any, settings: Any) -> None:
    assert (
        client.post(reverse("partisipasi:pengaduan"), _pengaduan(situs_web="x")).status_code == 302
    )
    assert Kasus.objects.count() == 0
    settings.PARTISIPASI_RATE_LIMIT = "1/h"
    assert client.post(reverse("partisipasi:pengaduan"), _pengaduan()).status_code == 302
    assert client.post(reverse("partisipasi:pengaduan"), _pengaduan()).status_code == 429
    assert Kasus.objects.count() == 1


def test_tracking_shows_status_and_answer_without_contact_or_staff(
    client: Any, layanan_a: Any, operator_a: Any
) -> None:
    kasus, _ = services.kasus_create(
        unit_layanan=layanan_a,
        jenis="pengaduan",
        isi="Loket tutup sebelum jam layanan berakhir.",
        kontak="0812 3456 7890",
    )
    services.kasus_assign(kasus=kasus, petugas=operator_a, user=operator_a)
    services.kasus_answer(
        kasus=kasus, jawaban="Jam layanan kini dipatuhi; petugas sudah ditegur.", user=operator_a
    )
    page = client.get(reverse("partisipasi:lacak_kasus", args=[kasus.kode_lacak.lower()]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sudah dijawab" in html and "petugas sudah ditegur" in html
    assert "0812" not in html and "operator_a" not in html
    api = client.get(f"/api/v1/partisipasi/pengaduan/{kasus.kode_lacak}/").json()
    assert api["status"] == "dijawab" and "kontak" not in api and "petugas" not in api
    assert "0812" not in str(api) and "operator_a" not in str(api)
    assert client.get(reverse("partisipasi:lacak_kasus", args=["TIDAKADA"])).status_code == 404


# --- deadlines across WIB day boundaries -----------------------------------------------------------


def test_deadline_follows_the_wib_day_of_receipt(settings: Any) -> None:
    settings.PARTISIPASI_KASUS_SLA_HARI = 5
    # 23:30 WIB on 2 March is still 2 March in WIB (16:30 UTC)...
    larut = dt.datetime(2026, 3, 2, 23, 30, tzinfo=WIB)
    assert services.batas_respons_for(larut) == dt.datetime(2026, 3, 8, 0, 0, tzinfo=WIB)
    # ...while 00:30 WIB on 3 March is 2 March in UTC but counts as 3 March.
    dini = dt.datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    assert services.batas_respons_for(dini) == dt.datetime(2026, 3, 9, 0, 0, tzinfo=WIB)


def test_open_cases_past_the_deadline_are_flagged(layanan_a: Any, operator_a: Any) -> None:
    diterima = dt.datetime(2026, 3, 2, 23, 30, tzinfo=WIB)
    kasus = KasusFactory(unit_layanan=layanan_a, diterima_pada=diterima)
    sebelum = dt.datetime(2026, 3, 7, 23, 59, tzinfo=WIB)
    tepat = dt.datetime(2026, 3, 8, 0, 0, tzinfo=WIB)
    assert not Kasus.objects.melewati_tenggat(pada=sebelum).exists()
    assert list(Kasus.objects.melewati_tenggat(pada=tepat)) == [kasus]
    assert kasus.melewati_tenggat and kasus.terlambat  # open, and today is past its deadline
    assert not kasus.dijawab_terlambat
    services.kasus_answer(
        kasus=kasus,
        jawaban="Sudah kami tindak lanjuti, terima kasih.",
        user=operator_a,
        dijawab_pada=dt.datetime(2026, 3, 9, 8, 0, tzinfo=WIB),
    )
    # Judged at the deadline it was still open (the answer came later)...
    assert list(Kasus.objects.melewati_tenggat(pada=tepat)) == [kasus]
    assert not Kasus.objects.dijawab_terlambat(pada=tepat).exists()
    # ...and now it is answered, late: the other meaning, never both at once.
    assert not Kasus.objects.melewati_tenggat().exists()
    assert list(Kasus.objects.dijawab_terlambat()) == [kasus]
    assert list(Kasus.objects.terlambat()) == [kasus]
    kasus.refresh_from_db()
    assert kasus.dijawab_terlambat and kasus.terlambat and not kasus.melewati_tenggat
    assert kasus.durasi_respons_detik == int(
        (dt.datetime(2026, 3, 9, 8, 0, tzinfo=WIB) - diterima).total_seconds()
    )


# --- workflow ----------------------------------------------------------------------------------------


def test_case_workflow_categorise_assign_answer_close(
    layanan_a: Any, operator_a: Any, operator_b: Any
) -> None:
    kasus = KasusFactory(unit_layanan=layanan_a)
    services.kasus_categorize(kasus=kasus, kategori="U4", jenis="pengaduan", user=operator_a)
    with pytest.raises(ValidationError) as exc:
        services.kasus_assign(kasus=kasus, petugas=operator_b, user=operator_a)
    assert "petugas" in exc.value.message_dict
    services.kasus_assign(kasus=kasus, petugas=operator_a, user=operator_a)
    assert kasus.status == StatusKasus.DIPROSES
    with pytest.raises(ValidationError):
        services.kasus_close(kasus=kasus, user=operator_a)
    services.kasus_answer(
        kasus=kasus, jawaban="Pungutan itu tidak resmi; petugas diperiksa.", user=operator_a
    )
    services.kasus_close(kasus=kasus, user=operator_a)
    kasus.refresh_from_db()
    assert kasus.status == StatusKasus.SELESAI and kasus.ditutup_pada is not None
    with pytest.raises(ValidationError):
        services.kasus_answer(
            kasus=kasus, jawaban="Jawaban setelah ditutup tidak boleh.", user=operator_a
        )
    assert list(RiwayatKasus.objects.filter(kasus=kasus).values_list("status", flat=True)) == [
        "baru",
        "diproses",
        "dijawab",
        "selesai",
    ]


def test_staff_page_handles_a_case(layanan_a: Any, operator_a: Any) -> None:
    from tests.conftest import client_for

    kasus = KasusFactory(unit_layanan=layanan_a)
    client = client_for(operator_a)
    url = reverse("partisipasi:staf_kasus", args=[kasus.pk])
    assert (
        client.post(url, {"aksi": "kategori", "kategori": "U7", "jenis": "saran"}).status_code
        == 302
    )
    assert client.post(url, {"aksi": "tugaskan", "petugas": operator_a.pk}).status_code == 302
    assert client.post(url, {"aksi": "jawab", "jawaban": "pendek"}).status_code == 400
    assert (
        client.post(
            url, {"aksi": "jawab", "jawaban": "Terima kasih, sudah kami perbaiki."}
        ).status_code
        == 302
    )
    assert client.post(url, {"aksi": "tutup"}).status_code == 302
    kasus.refresh_from_db()
    assert (kasus.kategori, kasus.jenis, kasus.petugas, kasus.status) == (
        "U7",
        "saran",
        operator_a,
        "selesai",
    )


# --- suggestions from the survey ----------------------------------------------------------------------


def test_every_meaningful_survey_suggestion_becomes_one_case(layanan_a: Any) -> None:
    respons = ResponsFactory(unit_layanan=layanan_a, saran="Tolong tambah loket untuk lansia.")
    kasus = services.kasus_from_saran(respons=respons)
    assert kasus is not None and kasus.sumber == "survei" and kasus.jenis == "saran"
    assert kasus.kontak == "" and kasus.respons == respons
    assert services.kasus_from_saran(respons=respons).pk == kasus.pk
    kosong = ResponsFactory(unit_layanan=layanan_a, saran=" Tidak ada. ")
    assert services.kasus_from_saran(respons=kosong) is None
    assert Kasus.objects.count() == 1


def test_sweep_catches_bulk_inserted_suggestions(layanan_a: Any) -> None:
    from survei.models import Respons

    rows = [
        ResponsFactory.build(unit_layanan=layanan_a, saran=s)
        for s in ("Parkir sempit sekali.", "-", "", "Petugas ramah, pertahankan.")
    ]
    Respons.objects.bulk_create(rows)  # no signals
    assert services.kasus_from_saran_sweep() == 2
    assert services.kasus_from_saran_sweep() == 0
    assert Kasus.objects.filter(sumber="survei").count() == 2
    assert RiwayatKasus.objects.count() == 2


def test_a_stored_suggestion_becomes_a_case_on_commit(
    layanan_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from survei.services import respons_submit

    data = {
        **{f"u{i}": 3 for i in range(1, 10)},
        "umur": 30,
        "jenis_kelamin": "L",
        "pendidikan": "sma",
        "pekerjaan": "pns",
        "jenis_layanan": "KTP elektronik",
        "tanggal_layanan": timezone.localdate(),
        "saran": "Sediakan formulir di meja depan.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        hasil = respons_submit(unit_layanan=layanan_a, data=data, idempotency_key=uuid.uuid4())
    assert Kasus.objects.get().respons == hasil.respons


# --- response times ---------------------------------------------------------------------------------


def _dijawab(layanan: Any, diterima: dt.datetime, jam: float, user: Any) -> Kasus:
    kasus = KasusFactory(unit_layanan=layanan, diterima_pada=diterima)
    services.kasus_answer(
        kasus=kasus,
        jawaban="Jawaban lengkap untuk warga.",
        user=user,
        dijawab_pada=diterima + dt.timedelta(hours=jam),
    )
    return kasus


def test_response_times_per_unit_and_period(
    layanan_a: Any, layanan_b: Any, admin_bkd: Any, settings: Any
) -> None:
    settings.PARTISIPASI_KASUS_SLA_HARI = 1
    hari = dt.datetime(2026, 5, 4, 9, 0, tzinfo=WIB)
    _dijawab(layanan_a, hari, 2, admin_bkd)
    _dijawab(layanan_a, hari, 4, admin_bkd)
    _dijawab(layanan_a, hari, 70, admin_bkd)  # past the 1-day SLA
    KasusFactory(unit_layanan=layanan_a, diterima_pada=hari)  # open, long overdue by now
    _dijawab(layanan_b, hari, 1, admin_bkd)
    # 23:30 WIB on 3 May belongs to 3 May even though the period starts a few minutes later.
    _dijawab(layanan_a, dt.datetime(2026, 5, 3, 23, 30, tzinfo=WIB), 1, admin_bkd)

    hasil = selectors.waktu_respons(
        layanan_a.unit.path, start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 31)
    )
    assert (hasil.diterima, hasil.ditangani, hasil.terbuka) == (4, 3, 1)
    assert hasil.terlambat == 2 and hasil.tepat_waktu == 2
    assert hasil.median_jam == 4.0
    assert hasil.rata_rata_jam == round(76 / 3, 2)
    semua = selectors.waktu_respons(start=dt.date(2026, 5, 3), end=dt.date(2026, 5, 4))
    assert (semua.diterima, semua.ditangani) == (6, 5)
    assert semua.median_jam == 2.0
    kosong = selectors.waktu_respons(
        layanan_b.unit.path, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30)
    )
    assert (kosong.diterima, kosong.median_jam, kosong.rata_rata_jam) == (0, None, None)


def test_response_times_respect_the_users_units(
    layanan_a: Any, layanan_b: Any, operator_b: Any, admin_bkd: Any
) -> None:
    hari = timezone.now() - dt.timedelta(days=1)
    _dijawab(layanan_a, hari, 2, admin_bkd)
    _dijawab(layanan_b, hari, 6, admin_bkd)
    hasil = selectors.waktu_respons(user=operator_b)
    assert (hasil.diterima, hasil.median_jam) == (1, 6.0)
    per_unit = {u.kode: u for u in selectors.waktu_respons_per_unit(user=admin_bkd)}
    assert (
        per_unit["dukcapil-a"].kasus_ditangani == 1
        and per_unit["samsat-b"].detik_rata_rata == 6 * 3600
    )


def test_periodic_sweep_task_looks_back_a_week(layanan_a: Any) -> None:
    from survei.models import Respons
    from survei.partisipasi.tasks import kasus_dari_saran, kasus_dari_saran_sweep

    lama, baru = ResponsFactory.build_batch(
        2, unit_layanan=layanan_a, saran="Perbaiki papan petunjuk."
    )
    Respons.objects.bulk_create([lama, baru])
    Respons.objects.filter(pk=lama.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    assert kasus_dari_saran_sweep.delay().get() == 1
    assert Kasus.objects.get().respons_id == baru.pk
    assert kasus_dari_saran.delay(lama.pk).get() is not None  # the per-response task has no window
    assert Kasus.objects.count() == 2
