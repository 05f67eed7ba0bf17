from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from survei import services
from survei.models import Respons
from survei.selectors import kuesioner_aktif
from tests.conftest import burst

DATA = {
    **{f"u{i}": 3 for i in range(1, 10)},
    "umur": 30,
    "jenis_kelamin": "P",
    "pendidikan": "sma",
    "pekerjaan": "swasta",
    "jenis_layanan": "KTP elektronik",
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_burst_of_distinct_submissions_stores_every_one(layanan_a) -> None:
    kuesioner_aktif()
    n = 24
    data = dict(DATA, tanggal_layanan=timezone.localdate())
    jobs = [
        (
            lambda i=i: services.respons_submit(
                unit_layanan=layanan_a,
                data=data,
                idempotency_key=uuid.uuid4(),
                perangkat=f"perangkat-{i}",
                alamat=f"10.0.0.{i}",
            )
        )
        for i in range(n)
    ]
    results = burst(jobs)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Respons.objects.filter(unit_layanan=layanan_a).count() == n


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_resends_of_one_form_store_it_once(layanan_a) -> None:
    kuesioner_aktif()
    key = uuid.uuid4()
    data = dict(DATA, tanggal_layanan=timezone.localdate())
    jobs = [
        (
            lambda: services.respons_submit(
                unit_layanan=layanan_a, data=data, idempotency_key=key, perangkat="satu-perangkat"
            )
        )
        for _ in range(12)
    ]
    results = burst(jobs)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Respons.objects.count() == 1
    assert sum(1 for r in results if r.baru) == 1  # type: ignore[union-attr]
    assert {r.respons.pk for r in results} == {Respons.objects.get().pk}  # type: ignore[union-attr]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_different_forms_from_one_device_store_one(layanan_a) -> None:
    from django.core.exceptions import ValidationError

    kuesioner_aktif()
    data = dict(DATA, tanggal_layanan=timezone.localdate())
    jobs = [
        (
            lambda: services.respons_submit(
                unit_layanan=layanan_a,
                data=data,
                idempotency_key=uuid.uuid4(),
                perangkat="satu-perangkat",
            )
        )
        for _ in range(8)
    ]
    results = burst(jobs)
    assert Respons.objects.count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 7


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_burst_through_the_public_form_stores_every_citizen(layanan_a) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.survei.conftest import isian

    url = reverse("survei:form", args=[layanan_a.kode])
    clients = []
    for i in range(16):
        client = Client(REMOTE_ADDR=f"10.7.0.{i}")
        key = client.get(url).context["form"].initial["idempotency_key"]
        clients.append((client, isian(idempotency_key=key)))

    def kirim(client: Client, data: dict[str, str]) -> int:
        first = client.post(url, data).status_code
        second = client.post(url, data).status_code  # the impatient double click
        return first * 1000 + second

    results = burst([(lambda c=c, d=d: kirim(c, d)) for c, d in clients])
    assert results == [302302] * 16
    assert Respons.objects.filter(unit_layanan=layanan_a).count() == 16
