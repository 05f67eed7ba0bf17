"""Races on PostgreSQL with real concurrent connections (threads, one connection each): the last
seats of a training run, and one receipt code used by 20 people at once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import burst


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kuota", [1, 7])
def test_the_last_seats_of_a_run_go_to_exactly_quota_people(kuota: int, unit_a: Any) -> None:
    from pelatihan import services
    from pelatihan.models import Peserta, StatusPeserta
    from tests.factories import PegawaiFactory
    from tests.pelatihan.factories import AngkatanFactory

    angkatan = AngkatanFactory(kuota=kuota)
    pelamar = [PegawaiFactory() for _ in range(kuota + 5)]
    results = burst(
        [
            (lambda p=p: services.peserta_register(angkatan_id=angkatan.pk, pegawai=p))
            for p in pelamar
        ]
    )
    accepted = [r for r in results if isinstance(r, Peserta)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(accepted) == kuota
    assert len(refused) == 5
    assert all("Kuota" in " ".join(e.messages) for e in refused)
    assert (
        Peserta.objects.filter(angkatan=angkatan).exclude(status=StatusPeserta.BATAL).count()
        == kuota
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_receipt_code_used_twenty_times_at_once_makes_one_response(unit_a: Any) -> None:
    from survei.models import Respons
    from survei.partisipasi import services
    from survei.partisipasi.models import KodeStruk
    from tests.partisipasi.factories import UnitLayananFactory

    layanan = UnitLayananFactory(kode="serentak-20", unit=unit_a)
    kode = services.kode_issue(unit_layanan=layanan)
    data = {
        **{f"u{i}": 3 for i in range(1, 10)},
        "umur": 30,
        "jenis_kelamin": "L",
        "pendidikan": "sma",
        "pekerjaan": "pns",
        "jenis_layanan": "KTP elektronik",
    }
    results = burst(
        [
            (
                lambda: services.kode_respons_submit(
                    kode=kode.kode, data=data, idempotency_key=uuid.uuid4()
                )
            )
            for _ in range(20)
        ]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 19, results
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert Respons.objects.filter(unit_layanan=layanan).count() == 1
    assert KodeStruk.objects.get(pk=kode.pk).respons_id is not None
