from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from survei.models import Respons
from survei.partisipasi import services
from survei.partisipasi.models import ALFABET_KODE, KodeStruk
from tests.conftest import client_for
from tests.partisipasi.factories import isian_survei


def _kirim(client: Any, kode: str, **overrides: Any) -> Any:
    data = isian_survei(idempotency_key=str(uuid.uuid4()), **overrides)
    return client.post(reverse("partisipasi:kode_form", args=[kode]), data)


def test_batch_makes_unique_random_codes_tied_to_date_and_kind(
    layanan_a: Any, admin_bkd: Any
) -> None:
    tanggal = timezone.localdate() - dt.timedelta(days=1)
    batch = services.kode_batch_generate(
        unit_layanan=layanan_a,
        jumlah=300,
        tanggal_layanan=tanggal,
        jenis_layanan="Kartu Keluarga",
        user=admin_bkd,
    )
    kode = list(batch.kode.values_list("kode", "tanggal_layanan", "jenis_layanan"))
    assert len(kode) == 300
    assert len({k for k, _t, _j in kode}) == 300
    assert all(len(k) == 10 and set(k) <= set(ALFABET_KODE) for k, _t, _j in kode)
    assert {(t, j) for _k, t, j in kode} == {(tanggal, "Kartu Keluarga")}


def test_batch_refuses_a_kind_the_unit_does_not_offer(layanan_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.kode_batch_generate(unit_layanan=layanan_a, jumlah=5, jenis_layanan="Paspor")
    assert "jenis_layanan" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.kode_batch_generate(unit_layanan=layanan_a, jumlah=0)
    assert "jumlah" in exc.value.message_dict


def test_a_code_counts_once_and_fixes_date_and_kind(client: Any, layanan_a: Any) -> None:
    tanggal = timezone.localdate() - dt.timedelta(days=2)
    kode = services.kode_issue(
        unit_layanan=layanan_a, jenis_layanan="Kartu Keluarga", tanggal_layanan=tanggal
    )
    halaman = client.get(reverse("partisipasi:kode_form", args=[kode.kode.lower()]))
    assert halaman.status_code == 200
    assert b'name="tanggal_layanan"' not in halaman.content  # the code carries it

    response = _kirim(client, kode.kode, jenis_layanan="KTP elektronik")
    assert response.status_code == 302
    respons = Respons.objects.get()
    assert respons.tanggal_layanan == tanggal
    assert respons.jenis_layanan == "Kartu Keluarga"  # the code's kind, not the typed one
    kode.refresh_from_db()
    assert kode.respons_id == respons.pk and kode.digunakan_pada is not None

    kedua = _kirim(client_for(None), kode.kode)
    assert kedua.status_code == 200
    assert b"sudah dipakai" in kedua.content
    assert Respons.objects.count() == 1


def test_resending_the_same_submission_is_not_a_second_use(layanan_a: Any) -> None:
    kode = services.kode_issue(unit_layanan=layanan_a)
    key = uuid.uuid4()
    data = {
        **{f"u{i}": 4 for i in range(1, 10)},
        "umur": 30,
        "jenis_kelamin": "L",
        "pendidikan": "sma",
        "pekerjaan": "pns",
        "jenis_layanan": "KTP elektronik",
    }
    pertama = services.kode_respons_submit(kode=kode.kode, data=data, idempotency_key=key)
    ulang = services.kode_respons_submit(kode=kode.kode, data=data, idempotency_key=key)
    assert pertama.baru and not ulang.baru
    assert ulang.respons.pk == pertama.respons.pk
    with pytest.raises(ValidationError):
        services.kode_respons_submit(kode=kode.kode, data=data, idempotency_key=uuid.uuid4())
    assert Respons.objects.count() == 1


def test_unknown_code_answers_404_and_honeypot_stores_nothing(client: Any, layanan_a: Any) -> None:
    assert client.get(reverse("partisipasi:kode_form", args=["TIDAKADA99"])).status_code == 404
    kode = services.kode_issue(unit_layanan=layanan_a)
    response = _kirim(client, kode.kode, situs_web="http://spam.example")
    assert response.status_code == 302
    assert Respons.objects.count() == 0
    assert KodeStruk.objects.get().respons_id is None


def test_code_form_is_exempt_from_the_network_ceiling(
    client: Any, layanan_a: Any, settings: Any
) -> None:
    """A counter hands out receipts to a queue on one Wi-Fi: each code allows one answer."""
    settings.SURVEI_BATAS_JARINGAN = "2/h"
    kode = [services.kode_issue(unit_layanan=layanan_a) for _ in range(5)]
    assert [_kirim(client, k.kode).status_code for k in kode] == [302] * 5
    assert Respons.objects.count() == 5


def test_code_with_saran_shows_a_tracking_code(client: Any, layanan_a: Any) -> None:
    kode = services.kode_issue(unit_layanan=layanan_a)
    response = _kirim(client, kode.kode, saran="Mohon sediakan kursi tunggu tambahan.")
    halaman = client.get(response["Location"])
    kasus = Respons.objects.get().kasus
    assert kasus.kode_lacak.encode() in halaman.content


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uses_make_one_response(unit_a: Any) -> None:
    from tests.partisipasi.factories import UnitLayananFactory

    layanan = UnitLayananFactory(kode="serentak", unit=unit_a)
    kode = services.kode_issue(unit_layanan=layanan)
    data = {
        **{f"u{i}": 3 for i in range(1, 10)},
        "umur": 30,
        "jenis_kelamin": "L",
        "pendidikan": "sma",
        "pekerjaan": "pns",
        "jenis_layanan": "KTP elektronik",
    }
    barrier = threading.Barrier(2)
    hasil: list[str] = []

    def pakai() -> None:
        try:
            barrier.wait()
            services.kode_respons_submit(kode=kode.kode, data=data, idempotency_key=uuid.uuid4())
            hasil.append("ok")
        except ValidationError:
            hasil.append("ditolak")
        finally:
            connection.close()

    threads = [threading.Thread(target=pakai) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(hasil) == ["ditolak", "ok"]
    assert Respons.objects.filter(unit_layanan=layanan).count() == 1
    assert KodeStruk.objects.get(pk=kode.pk).respons_id is not None
