from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from survei.partisipasi import services
from survei.partisipasi.models import MasukanKonsultasi, StatusMasukan
from tests.partisipasi.factories import KonsultasiFactory


def _masukan(**overrides: Any) -> dict[str, str]:
    data = {
        "isi": "Persyaratan fotokopi KK sebaiknya dihapus.",
        "nama_tampilan": "Budi",
        "kontak": "",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.fixture
def konsultasi(layanan_a: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    k = KonsultasiFactory(unit_layanan=layanan_a, slug="standar-ktp")
    k.dokumen.save("rancangan.pdf", ContentFile(b"%PDF-1.4 rancangan"), save=True)
    return k


def test_input_is_held_for_moderation_before_it_is_public(
    client: Any, konsultasi: Any, operator_a: Any
) -> None:
    url = reverse("partisipasi:konsultasi", args=[konsultasi.slug])
    data = _masukan()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # resend
    masukan = MasukanKonsultasi.objects.get()
    assert masukan.status == StatusMasukan.MENUNGGU
    page = client.get(url)
    assert "fotokopi KK" not in page.content.decode()
    api = client.get(f"/api/v1/partisipasi/konsultasi/{konsultasi.slug}/masukan/").json()
    assert api["count"] == 0

    services.masukan_moderate(
        masukan_ids=[masukan.pk], status=StatusMasukan.DITERIMA, user=operator_a
    )
    assert "fotokopi KK" in client.get(url).content.decode()
    assert (
        client.get(f"/api/v1/partisipasi/konsultasi/{konsultasi.slug}/masukan/").json()["count"]
        == 1
    )


def test_rejected_input_never_shows(client: Any, konsultasi: Any, operator_a: Any) -> None:
    masukan, _ = services.masukan_submit(
        konsultasi=konsultasi,
        isi="Kata-kata kasar yang tidak pantas.",
        idempotency_key=uuid.uuid4(),
    )
    services.masukan_moderate(
        masukan_ids=[masukan.pk], status=StatusMasukan.DITOLAK, user=operator_a
    )
    masukan.refresh_from_db()
    assert masukan.alasan_tolak
    assert (
        "tidak pantas"
        not in client.get(
            reverse("partisipasi:konsultasi", args=[konsultasi.slug])
        ).content.decode()
    )


def test_closed_or_unpublished_consultations_take_no_input(client: Any, layanan_a: Any) -> None:
    lalu = KonsultasiFactory(
        unit_layanan=layanan_a,
        dibuka=timezone.localdate() - dt.timedelta(days=30),
        ditutup=timezone.localdate() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        services.masukan_submit(
            konsultasi=lalu, isi="Masukan yang datang terlambat.", idempotency_key=uuid.uuid4()
        )
    assert "konsultasi" in exc.value.message_dict
    draf = KonsultasiFactory(unit_layanan=layanan_a, diterbitkan=False)
    assert client.get(reverse("partisipasi:konsultasi", args=[draf.slug])).status_code == 404
    assert (
        client.post(reverse("partisipasi:konsultasi", args=[draf.slug]), _masukan()).status_code
        == 404
    )


def test_honeypot_and_rate_limit_on_input(client: Any, konsultasi: Any, settings: Any) -> None:
    url = reverse("partisipasi:konsultasi", args=[konsultasi.slug])
    assert client.post(url, _masukan(situs_web="x")).status_code == 302
    assert MasukanKonsultasi.objects.count() == 0
    settings.PARTISIPASI_RATE_LIMIT = "1/h"
    assert client.post(url, _masukan()).status_code == 302
    assert client.post(url, _masukan()).status_code == 429
    assert MasukanKonsultasi.objects.count() == 1


def test_outcome_and_berita_acara_are_published_after_closing(client: Any, konsultasi: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.konsultasi_hasil_publish(
            konsultasi=konsultasi,
            ringkasan_masukan="x",
            perubahan="y",
            tanggal_rapat=timezone.localdate(),
        )
    assert {"ditutup", "berita_acara"} <= set(exc.value.message_dict)
    assert (
        client.get(
            reverse("partisipasi:konsultasi_berita_acara", args=[konsultasi.slug])
        ).status_code
        == 404
    )

    konsultasi.dibuka = timezone.localdate() - dt.timedelta(days=20)
    konsultasi.ditutup = timezone.localdate() - dt.timedelta(days=2)
    konsultasi.save()
    services.konsultasi_hasil_publish(
        konsultasi=konsultasi,
        ringkasan_masukan="Dua belas masukan, sebagian besar soal persyaratan.",
        perubahan="Fotokopi KK dihapus dari persyaratan.",
        tanggal_rapat=timezone.localdate() - dt.timedelta(days=1),
        berita_acara=ContentFile(b"%PDF-1.4 berita acara", name="ba.pdf"),
    )
    page = client.get(reverse("partisipasi:konsultasi", args=[konsultasi.slug])).content.decode()
    assert "Fotokopi KK dihapus" in page
    ba = client.get(reverse("partisipasi:konsultasi_berita_acara", args=[konsultasi.slug]))
    assert ba.status_code == 200 and b"".join(ba.streaming_content).startswith(b"%PDF")
    doc = client.get(reverse("partisipasi:konsultasi_dokumen", args=[konsultasi.slug]))
    assert doc.status_code == 200


def test_public_list_per_unit_shows_open_and_closed(
    client: Any, layanan_a: Any, layanan_b: Any, django_assert_max_num_queries: Any
) -> None:
    hari = timezone.localdate()
    KonsultasiFactory(unit_layanan=layanan_a, judul="Terbuka A")
    KonsultasiFactory(
        unit_layanan=layanan_a,
        judul="Tutup A",
        dibuka=hari - dt.timedelta(days=40),
        ditutup=hari - dt.timedelta(days=10),
    )
    KonsultasiFactory(unit_layanan=layanan_b, judul="Terbuka B")
    KonsultasiFactory(unit_layanan=layanan_a, judul="Draf A", diterbitkan=False)
    html = client.get(reverse("partisipasi:konsultasi_list") + "?unit=dukcapil-a").content.decode()
    assert "Terbuka A" in html and "Tutup A" in html
    assert "Terbuka B" not in html and "Draf A" not in html
    for i in range(20):
        KonsultasiFactory(
            unit_layanan=layanan_a,
            judul=f"Lama {i}",
            dibuka=hari - dt.timedelta(days=60),
            ditutup=hari - dt.timedelta(days=30),
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("partisipasi:konsultasi_list")).status_code == 200
    api = client.get("/api/v1/partisipasi/konsultasi/?unit_layanan=samsat-b").json()
    assert [k["judul"] for k in api["results"]] == ["Terbuka B"]


def test_api_input_is_idempotent_and_moderated_by_unit_staff(
    client: Any, konsultasi: Any, operator_a: Any, operator_b: Any
) -> None:
    from tests.conftest import client_for

    url = f"/api/v1/partisipasi/konsultasi/{konsultasi.slug}/masukan/"
    data = _masukan()
    assert client.post(url, data, content_type="application/json").status_code == 201
    assert client.post(url, data, content_type="application/json").status_code == 200
    masukan = MasukanKonsultasi.objects.get()
    assert (
        client_for(operator_b)
        .post(f"/api/v1/partisipasi/masukan/{masukan.pk}/setujui/")
        .status_code
        == 404
    )
    response = client_for(operator_a).post(f"/api/v1/partisipasi/masukan/{masukan.pk}/setujui/")
    assert response.status_code == 200 and response.json()["status"] == "diterima"
