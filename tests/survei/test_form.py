from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from survei import services
from survei.models import PeriodePublikasi, Respons
from survei.privasi import COOKIE_PERANGKAT
from tests.survei.conftest import isian
from tests.survei.factories import ResponsFactory

pytestmark = pytest.mark.django_db


def _post(client: Client, kode: str, data: dict[str, str]):
    return client.post(reverse("survei:form", args=[kode]), data, REMOTE_ADDR="10.1.2.3")


def _kunci(client: Client, kode: str) -> str:
    response = client.get(reverse("survei:form", args=[kode]))
    return response.context["form"].initial["idempotency_key"].hex


def test_form_is_public_accessible_and_in_indonesian(layanan_a) -> None:
    response = Client().get(reverse("survei:form", args=[layanan_a.kode]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "<legend>" in html and html.count('type="radio"') == 9 * 4 + 2
    assert "Sangat sopan dan ramah" in html
    # the regulation's order by default: sarana (U9) before pengaduan (U8)
    assert html.index('name="u9"') < html.index('name="u8"')
    assert 'name="situs_web"' in html and 'aria-hidden="true"' in html
    # the device cookie comes with the first answer, not with a mere visit
    assert COOKIE_PERANGKAT not in response.cookies


def test_valid_submission_is_stored_without_personal_identifier(layanan_a) -> None:
    client = Client()
    key = _kunci(client, layanan_a.kode)
    response = _post(client, layanan_a.kode, isian(idempotency_key=key))
    assert response.status_code == 302
    assert response["Location"] == reverse("survei:terima_kasih", args=[layanan_a.kode])
    respons = Respons.objects.get()
    assert respons.jawaban() == dict.fromkeys(
        ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], 3
    )
    assert respons.sumber == "daring" and respons.kuesioner.versi == 1
    assert respons.idempotency_key == uuid.UUID(key)
    assert "10.1.2.3" not in respons.alamat_klien_hash and len(respons.alamat_klien_hash) == 64
    assert len(respons.perangkat_hash) == 64
    assert COOKIE_PERANGKAT in response.cookies and response.cookies[COOKIE_PERANGKAT]["httponly"]
    thanks = client.get(response["Location"])
    assert "Terima kasih" in thanks.content.decode()


def test_missing_answer_shows_message_next_to_it_and_keeps_everything(layanan_a) -> None:
    client = Client()
    data = isian(idempotency_key=_kunci(client, layanan_a.kode), u4="2", saran="Ruang tunggu panas")
    del data["u5"]
    response = _post(client, layanan_a.kode, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Respons.objects.count() == 0
    grup = html[html.index('id="grup-u5"') :]
    grup = grup[: grup.index("</fieldset>")]
    assert 'id="galat-u5"' in grup and "Pilih salah satu jawaban" in grup
    assert 'aria-invalid="true"' in grup and 'aria-describedby="galat-u5"' in grup
    assert 'href="#grup-u5"' in html  # the summary links to the question
    assert 'name="u4" value="2" aria-invalid' not in html
    assert 'value="2"' in html and "checked" in html.split('name="u4" value="2"')[1][:60]
    assert "Ruang tunggu panas" in html
    assert 'value="34"' in html
    assert data["idempotency_key"] in html


@pytest.mark.parametrize(
    ("field", "value", "pesan"),
    [
        ("umur", "abc", "Umur harus berupa angka."),
        ("umur", "5", "Umur paling sedikit 10 tahun."),
        ("u1", "7", "Pilih salah satu jawaban"),
        ("jenis_layanan", "Layanan lain", "Pilih jenis layanan dari daftar."),
        ("tanggal_layanan", "2999-01-01", "tidak boleh setelah hari ini"),
        ("pendidikan", "", "Pilih pendidikan terakhir."),
    ],
)
def test_bad_input_names_the_field(layanan_a, field: str, value: str, pesan: str) -> None:
    client = Client()
    response = _post(
        client,
        layanan_a.kode,
        isian(idempotency_key=_kunci(client, layanan_a.kode), **{field: value}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="galat-{field}"' in html
    assert pesan in html
    assert Respons.objects.count() == 0


def test_service_date_too_old_is_refused_online(layanan_a, settings) -> None:
    settings.SURVEI_TANGGAL_LAYANAN_MAKS_HARI = 30
    lama = (timezone.localdate() - dt.timedelta(days=31)).isoformat()
    client = Client()
    response = _post(
        client,
        layanan_a.kode,
        isian(idempotency_key=_kunci(client, layanan_a.kode), tanggal_layanan=lama),
    )
    assert "paling lama 30 hari" in response.content.decode()


def test_honeypot_pretends_success_and_stores_nothing(layanan_a, settings) -> None:
    settings.SURVEI_BATAS_JARINGAN = "1/h"
    client = Client()
    response = _post(
        client,
        layanan_a.kode,
        isian(idempotency_key=_kunci(client, layanan_a.kode), situs_web="http://spam"),
    )
    # the bot sees the normal thank-you page ...
    assert response.status_code == 302
    assert response["Location"] == reverse("survei:terima_kasih", args=[layanan_a.kode])
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Terima kasih!" in thanks.content.decode()
    # ... but nothing is stored, no device cookie is handed out, no ceiling is spent
    assert Respons.objects.count() == 0
    assert COOKIE_PERANGKAT not in response.cookies
    citizen = Client()
    ok = _post(citizen, layanan_a.kode, isian(idempotency_key=_kunci(citizen, layanan_a.kode)))
    assert ok.status_code == 302 and Respons.objects.count() == 1


def test_double_submit_makes_one_response(layanan_a) -> None:
    client = Client()
    data = isian(idempotency_key=_kunci(client, layanan_a.kode))
    first = _post(client, layanan_a.kode, data)
    again = _post(client, layanan_a.kode, data)  # double click / refresh / resend
    assert first.status_code == again.status_code == 302
    assert again["Location"].endswith("/terima-kasih/")
    assert Respons.objects.count() == 1


def test_resend_after_lost_cookie_is_still_one_response(layanan_a) -> None:
    data = isian(idempotency_key=str(uuid.uuid4()))
    _post(Client(), layanan_a.kode, data)
    _post(Client(), layanan_a.kode, data)
    assert Respons.objects.count() == 1


def test_a_device_that_answered_today_is_told_so_when_it_opens_the_form(
    layanan_a, layanan_b
) -> None:
    PeriodePublikasi.objects.create(
        unit_layanan=layanan_a, jenis_periode="tahun", tahun=2025, diterbitkan_pada=timezone.now()
    )
    client = Client()
    first = _post(client, layanan_a.kode, isian(idempotency_key=_kunci(client, layanan_a.kode)))
    assert first.status_code == 302
    opened = client.get(reverse("survei:form", args=[layanan_a.kode]))
    html = opened.content.decode()
    assert opened.status_code == 200
    assert "Anda sudah mengisi survei hari ini" in html
    assert "satu kali per unit layanan per hari" in html
    assert reverse("survei:hasil_unit", args=[layanan_a.kode]) in html  # the published results
    assert 'name="u1"' not in html  # no questions to fill in vain
    # another unit the same day is fine, and so is another device
    assert 'name="u1"' in client.get(reverse("survei:form", args=[layanan_b.kode])).content.decode()
    assert (
        'name="u1"' in Client().get(reverse("survei:form", args=[layanan_a.kode])).content.decode()
    )


def test_one_response_per_device_unit_and_day(layanan_a, layanan_b) -> None:
    client = Client()
    key_kedua = _kunci(client, layanan_a.kode)  # a second tab opened before the first answer
    assert (
        _post(
            client, layanan_a.kode, isian(idempotency_key=_kunci(client, layanan_a.kode))
        ).status_code
        == 302
    )
    second = _post(client, layanan_a.kode, isian(idempotency_key=key_kedua))
    assert second.status_code == 409
    assert "Anda sudah mengisi survei hari ini" in second.content.decode()
    # another unit the same day is fine, and so is another device
    assert (
        _post(
            client,
            layanan_b.kode,
            isian(idempotency_key=_kunci(client, layanan_b.kode), jenis_layanan="KTP elektronik"),
        ).status_code
        == 302
    )
    other = Client()
    assert (
        _post(
            other, layanan_a.kode, isian(idempotency_key=_kunci(other, layanan_a.kode))
        ).status_code
        == 302
    )
    assert Respons.objects.filter(unit_layanan=layanan_a).count() == 2


def test_a_forged_device_cookie_counts_as_no_cookie(layanan_a) -> None:
    client = Client()
    assert (
        _post(
            client, layanan_a.kode, isian(idempotency_key=_kunci(client, layanan_a.kode))
        ).status_code
        == 302
    )
    stolen = client.cookies[COOKIE_PERANGKAT].value
    forged = Client()
    forged.cookies[COOKIE_PERANGKAT] = stolen.replace(stolen[-4:], "AAAA")
    assert 'name="u1"' in forged.get(reverse("survei:form", args=[layanan_a.kode])).content.decode()


def test_device_may_answer_again_the_next_day(layanan_a) -> None:
    ResponsFactory(
        unit_layanan=layanan_a,
        perangkat_hash="x" * 64,
        tanggal_isi=timezone.localdate() - dt.timedelta(days=1),
    )
    assert Respons.objects.filter(perangkat_hash="x" * 64).count() == 1


def test_fifty_devices_behind_one_address_are_all_stored(layanan_a) -> None:
    """A service office's Wi-Fi or a carrier NAT: one address, a queue of citizens."""
    for _ in range(50):
        client = Client()
        response = _post(
            client, layanan_a.kode, isian(idempotency_key=_kunci(client, layanan_a.kode))
        )
        assert response.status_code == 302, response.content.decode()[:300]
    assert Respons.objects.count() == 50
    assert Respons.objects.values("perangkat_hash").distinct().count() == 50


def test_network_ceiling_gives_an_indonesian_message_and_keeps_the_input(
    layanan_a, settings
) -> None:
    settings.SURVEI_BATAS_JARINGAN = "2/h"
    statuses = []
    for alamat in ("10.1.2.3", "10.1.2.3", "10.1.2.77"):  # three devices, one /24 network
        client = Client()
        statuses.append(
            client.post(
                reverse("survei:form", args=[layanan_a.kode]),
                isian(idempotency_key=_kunci(client, layanan_a.kode), saran="tahan"),
                REMOTE_ADDR=alamat,
            )
        )
    assert [r.status_code for r in statuses] == [302, 302, 429]
    assert "Terlalu banyak kiriman dari jaringan Anda" in statuses[2].content.decode()
    assert "tahan" in statuses[2].content.decode()
    assert Respons.objects.count() == 2
    # another network is not affected
    client = Client()
    ok = client.post(
        reverse("survei:form", args=[layanan_a.kode]),
        isian(idempotency_key=_kunci(client, layanan_a.kode)),
        REMOTE_ADDR="10.1.3.3",
    )
    assert ok.status_code == 302


def test_network_is_the_address_when_the_prefix_is_32(layanan_a, settings) -> None:
    from django.test import RequestFactory

    from survei.privasi import jaringan_klien

    rf = RequestFactory()
    assert jaringan_klien(rf.get("/", REMOTE_ADDR="10.1.2.3")) == "10.1.2.0/24"
    assert jaringan_klien(rf.get("/", REMOTE_ADDR="2001:db8::1:2")) == "2001:db8::/64"
    settings.SURVEI_JARINGAN_PREFIKS_IPV4 = 32
    assert jaringan_klien(rf.get("/", REMOTE_ADDR="10.1.2.3")) == "10.1.2.3/32"


def test_inactive_or_unknown_unit_is_404(layanan_a) -> None:
    assert Client().get("/survei/tidak-ada/").status_code == 404
    layanan_a.aktif = False
    layanan_a.save()
    assert Client().get(reverse("survei:form", args=[layanan_a.kode])).status_code == 404


def test_address_hashes_are_purged_after_retention(layanan_a, settings) -> None:
    settings.SURVEI_HASH_ALAMAT_HARI = 7
    lama = ResponsFactory(unit_layanan=layanan_a, alamat_klien_hash="a" * 64)
    baru = ResponsFactory(unit_layanan=layanan_a, alamat_klien_hash="b" * 64)
    Respons.objects.filter(pk=lama.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    from survei.tasks import hash_alamat_purge

    assert hash_alamat_purge.delay().get() == 1
    lama.refresh_from_db()
    baru.refresh_from_db()
    assert lama.alamat_klien_hash == "" and baru.alamat_klien_hash == "b" * 64
    assert "survei-hapus-hash-alamat" in settings.CELERY_BEAT_SCHEDULE


def test_wording_change_never_alters_stored_responses(layanan_a) -> None:
    client = Client()
    _post(client, layanan_a.kode, isian(idempotency_key=_kunci(client, layanan_a.kode)))
    lama = Respons.objects.get()
    v1 = lama.kuesioner
    v2 = services.kuesioner_versi_create(
        dasar=v1,
        urutan=["U9", "U8", "U7", "U6", "U5", "U4", "U3", "U2", "U1"],
        perubahan={
            "U1": {"pertanyaan": "Apakah persyaratannya jelas?", "jawaban_4": "Sangat jelas"}
        },
    )
    lama.refresh_from_db()
    assert lama.kuesioner_id == v1.pk
    assert v1.pertanyaan.get(kode="U1").jawaban_4 == "Sangat sesuai"
    html = Client().get(reverse("survei:form", args=[layanan_a.kode])).content.decode()
    assert "Apakah persyaratannya jelas?" in html and "Sangat jelas" in html
    assert html.index('name="u9"') < html.index('name="u1"')
    other = Client()
    _post(other, layanan_a.kode, isian(idempotency_key=_kunci(other, layanan_a.kode)))
    assert Respons.objects.latest("id").kuesioner_id == v2.pk


def test_new_version_must_keep_all_nine_unsur(layanan_a) -> None:
    from django.core.exceptions import ValidationError

    from survei.selectors import kuesioner_aktif

    with pytest.raises(ValidationError, match="U1 sampai U9"):
        services.kuesioner_versi_create(dasar=kuesioner_aktif(), urutan=["U1", "U2"])
