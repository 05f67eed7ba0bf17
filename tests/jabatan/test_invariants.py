"""The database itself refuses a second open definitive assignment and overlapping periods,
even when forms and services are bypassed."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from jabatan.models import RiwayatJabatan
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory


def _insert(
    pegawai: Any,
    formasi: Any,
    mulai: dt.date,
    selesai: dt.date | None = None,
    jenis: str = "definitif",
) -> RiwayatJabatan:
    # objects.create: no full_clean, no service, straight to the database.
    return RiwayatJabatan.objects.create(
        pegawai=pegawai, formasi=formasi, jenis=jenis, tmt_mulai=mulai, tmt_selesai=selesai
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_a_second_open_definitive_assignment() -> None:
    pegawai = PegawaiFactory()
    _insert(pegawai, FormasiFactory(), dt.date(2020, 1, 1))
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        _insert(pegawai, FormasiFactory(), dt.date(2022, 1, 1))
    assert "riwayat_satu_definitif_aktif" in str(
        exc.value
    ) or "riwayat_definitif_tanpa_tumpang_tindih" in str(exc.value)


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_overlapping_closed_periods() -> None:
    pegawai = PegawaiFactory()
    _insert(pegawai, FormasiFactory(), dt.date(2020, 1, 1), dt.date(2022, 1, 1))
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        _insert(pegawai, FormasiFactory(), dt.date(2021, 6, 1), dt.date(2023, 1, 1))
    assert "riwayat_definitif_tanpa_tumpang_tindih" in str(exc.value)


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_an_update_that_creates_an_overlap() -> None:
    pegawai = PegawaiFactory()
    _insert(pegawai, FormasiFactory(), dt.date(2020, 1, 1), dt.date(2022, 1, 1))
    later = _insert(pegawai, FormasiFactory(), dt.date(2022, 1, 1), dt.date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        RiwayatJabatan.objects.filter(pk=later.pk).update(tmt_mulai=dt.date(2021, 12, 1))


@pytest.mark.django_db
def test_adjacent_periods_and_plt_beside_definitive_are_allowed() -> None:
    pegawai = PegawaiFactory()
    _insert(pegawai, FormasiFactory(), dt.date(2020, 1, 1), dt.date(2022, 1, 1))
    _insert(pegawai, FormasiFactory(), dt.date(2022, 1, 1))  # the end date is exclusive
    _insert(pegawai, FormasiFactory(), dt.date(2023, 1, 1), jenis="plt")
    assert RiwayatJabatan.objects.filter(pegawai=pegawai).count() == 3


@pytest.mark.django_db
def test_every_database_refuses_overlap_without_forms() -> None:
    """SQLite enforces the same with triggers; PostgreSQL with constraints."""
    pegawai = PegawaiFactory()
    _insert(pegawai, FormasiFactory(), dt.date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert(pegawai, FormasiFactory(), dt.date(2019, 1, 1), dt.date(2021, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert(pegawai, FormasiFactory(), dt.date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert(
            pegawai, FormasiFactory(), dt.date(2024, 1, 1), dt.date(2023, 1, 1)
        )  # ends before it starts


@pytest.mark.django_db
def test_model_validation_names_the_clash_in_indonesian() -> None:
    from django.core.exceptions import ValidationError

    pegawai = PegawaiFactory()
    RiwayatJabatanFactory(pegawai=pegawai, tmt_mulai=dt.date(2020, 1, 1))
    riwayat = RiwayatJabatan(
        pegawai=pegawai, formasi=FormasiFactory(), tmt_mulai=dt.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        riwayat.full_clean()
    assert "tumpang tindih" in " ".join(exc.value.messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_cannot_both_give_an_open_definitive() -> None:
    pegawai = PegawaiFactory()
    formasi = [FormasiFactory(), FormasiFactory()]
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def assign(index: int) -> None:
        try:
            with transaction.atomic():
                # Both transactions have read "no open assignment" before either writes.
                assert not RiwayatJabatan.objects.filter(
                    pegawai=pegawai, tmt_selesai__isnull=True
                ).exists()
                barrier.wait()
                _insert(pegawai, formasi[index], dt.date(2024, 1, 1 + index))
            result = "ok"
        except IntegrityError:
            result = "integrity"
        except Exception as exc:  # noqa: BLE001 - reported through the assertion below
            result = f"other: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=assign, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert sorted(outcomes) == ["integrity", "ok"]
    assert RiwayatJabatan.objects.filter(pegawai=pegawai, tmt_selesai__isnull=True).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_services_serialise_on_the_pegawai_row() -> None:
    """Two BKD staff assigning one ASN at once: the service's lock makes the second wait, then
    close the first assignment, so the register stays consistent and exactly one is open."""
    from jabatan import services

    pegawai = PegawaiFactory()
    formasi = [FormasiFactory(), FormasiFactory()]
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def assign(index: int) -> None:
        try:
            barrier.wait()
            services.riwayat_open(
                pegawai=pegawai, formasi=formasi[index], tmt=dt.date(2024, 1 + index, 1), user=None
            )
            result = "ok"
        except Exception as exc:  # noqa: BLE001
            result = type(exc).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=assign, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert "IntegrityError" not in outcomes
    assert outcomes.count("ok") >= 1
    assert RiwayatJabatan.objects.filter(pegawai=pegawai, tmt_selesai__isnull=True).count() == 1
