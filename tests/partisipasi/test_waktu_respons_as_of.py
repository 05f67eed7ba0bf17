from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from survei.partisipasi import selectors, services
from survei.partisipasi.models import StatusKasus
from tests.partisipasi.factories import KasusFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
MEI = {"start": dt.date(2026, 5, 1), "end": dt.date(2026, 5, 31)}
DITERIMA = dt.datetime(2026, 5, 4, 9, 0, tzinfo=WIB)


def _kasus_dijawab(layanan: Any, user: Any, *, jam: float, tutup: bool = False) -> Any:
    kasus = KasusFactory(unit_layanan=layanan, diterima_pada=DITERIMA)
    services.kasus_assign(kasus=kasus, petugas=user, user=user)
    dijawab = DITERIMA + dt.timedelta(hours=jam)
    services.kasus_answer(
        kasus=kasus, jawaban="Jawaban lengkap untuk warga.", user=user, dijawab_pada=dijawab
    )
    if tutup:
        services.kasus_close(kasus=kasus, user=user, ditutup_pada=dijawab + dt.timedelta(hours=1))
    return kasus


def test_a_case_answered_after_as_of_is_open_and_overdue_at_as_of(
    layanan_a: Any, admin_bkd: Any, settings: Any
) -> None:
    settings.PARTISIPASI_KASUS_SLA_HARI = 1
    kasus = _kasus_dijawab(layanan_a, admin_bkd, jam=70, tutup=True)
    assert kasus.status == StatusKasus.SELESAI  # its whole history lies after as_of below
    assert kasus.batas_respons == dt.datetime(2026, 5, 6, 0, 0, tzinfo=WIB)

    pada = dt.datetime(2026, 5, 6, 12, 0, tzinfo=WIB)  # past the deadline, before the answer
    hasil = selectors.waktu_respons(**MEI, as_of=pada)
    assert (hasil.diterima, hasil.ditangani, hasil.terbuka) == (1, 0, 1)
    assert (hasil.terlambat, hasil.tepat_waktu) == (1, 0)
    assert (hasil.median_jam, hasil.rata_rata_jam) == (None, None)

    sekarang = selectors.waktu_respons(**MEI)
    assert (sekarang.diterima, sekarang.ditangani, sekarang.terbuka) == (1, 1, 0)
    assert (sekarang.terlambat, sekarang.tepat_waktu) == (1, 0)
    assert sekarang.median_jam == 70.0


def test_a_case_open_at_as_of_before_its_deadline_is_not_overdue(
    layanan_a: Any, admin_bkd: Any, settings: Any
) -> None:
    settings.PARTISIPASI_KASUS_SLA_HARI = 1
    _kasus_dijawab(layanan_a, admin_bkd, jam=10)
    hasil = selectors.waktu_respons(**MEI, as_of=DITERIMA + dt.timedelta(hours=5))
    assert (hasil.diterima, hasil.ditangani, hasil.terbuka, hasil.terlambat) == (1, 0, 1, 0)
    # Answered in time: at the answer itself it is still open, a moment later it is handled.
    tepat = selectors.waktu_respons(**MEI, as_of=DITERIMA + dt.timedelta(hours=10))
    assert (tepat.ditangani, tepat.terbuka) == (0, 1)
    nanti = selectors.waktu_respons(**MEI, as_of=DITERIMA + dt.timedelta(hours=10, seconds=1))
    assert (nanti.ditangani, nanti.terbuka, nanti.terlambat, nanti.tepat_waktu) == (1, 0, 0, 1)
    assert nanti.median_jam == 10.0


def test_as_of_leaves_out_cases_received_later_and_answers_given_later(
    layanan_a: Any, layanan_b: Any, admin_bkd: Any, settings: Any
) -> None:
    settings.PARTISIPASI_KASUS_SLA_HARI = 3
    _kasus_dijawab(layanan_a, admin_bkd, jam=2)
    _kasus_dijawab(layanan_a, admin_bkd, jam=30)
    _kasus_dijawab(layanan_b, admin_bkd, jam=4)
    KasusFactory(unit_layanan=layanan_a, diterima_pada=DITERIMA + dt.timedelta(days=2))
    pada = DITERIMA + dt.timedelta(days=1)

    hasil = selectors.waktu_respons(**MEI, as_of=pada)
    assert (hasil.diterima, hasil.ditangani, hasil.terbuka, hasil.terlambat) == (3, 2, 1, 0)
    assert (hasil.median_jam, hasil.rata_rata_jam) == (3.0, 3.0)
    unit_a = selectors.waktu_respons(layanan_a.unit.path, **MEI, as_of=pada)
    assert (unit_a.diterima, unit_a.ditangani, unit_a.median_jam) == (2, 1, 2.0)
    semua = selectors.waktu_respons(**MEI)
    assert (semua.diterima, semua.ditangani, semua.terbuka) == (4, 3, 1)
    assert semua.median_jam == 4.0


def test_the_api_shape_of_response_times_keeps_its_keys_and_adds_the_two_late_counts(
    layanan_a: Any, admin_bkd: Any
) -> None:
    _kasus_dijawab(layanan_a, admin_bkd, jam=3)
    hasil = selectors.waktu_respons(**MEI)
    assert hasil.median_detik == 3 * 3600
    assert set(hasil.as_dict()) == {
        "diterima",
        "ditangani",
        "terbuka",
        "melewati_tenggat",
        "dijawab_terlambat",
        "terlambat",
        "tepat_waktu",
        "median_jam",
        "rata_rata_jam",
        "sla_hari",
    }
