"""The monthly JP warning goes out exactly once per recipient per month, retries included."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from pelatihan.models import PeringatanJp
from pelatihan.tasks import jp_peringatan_bulanan
from tests.factories import UserFactory
from tests.pelatihan.factories import RiwayatFactory

pytestmark = pytest.mark.django_db

SEMUA = {
    "asn_x@example.go.id",
    "asn_y@example.go.id",
    "operator_a@example.go.id",
    "operator_b@example.go.id",
}


class BackendGagalSekali(EmailBackend):
    """Delivers mails one by one like an SMTP server would, and fails once after
    ``gagal_setelah`` mails have gone out (counted across connections and runs)."""

    gagal_setelah: int | None = None
    terkirim = 0
    gagal = 0

    def send_messages(self, messages: Any) -> int:
        jumlah = 0
        for message in messages:
            if BackendGagalSekali.gagal == 0 and BackendGagalSekali.terkirim == self.gagal_setelah:
                BackendGagalSekali.gagal += 1
                raise SMTPException("server hilang")
            jumlah += super().send_messages([message])
            BackendGagalSekali.terkirim += 1
        return jumlah


@pytest.fixture
def gagal_setelah(settings: Any) -> Any:
    settings.EMAIL_BACKEND = f"{__name__}.BackendGagalSekali"

    def atur(n: int) -> None:
        BackendGagalSekali.gagal_setelah = n
        BackendGagalSekali.terkirim = 0
        BackendGagalSekali.gagal = 0

    yield atur
    atur(-1)


@pytest.fixture
def data(pegawai_x: Any, pegawai_y: Any, operator_a: Any, operator_b: Any) -> None:
    # Both ASN are behind pace from November on (target 17 JP), each unit has an operator.
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(2026, 3, 1), jp=4)
    RiwayatFactory(pegawai=pegawai_y, tanggal_selesai=dt.date(2026, 2, 1), jp=12)


def penerima() -> Counter[str]:
    return Counter(m.to[0] for m in mail.outbox)


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_a_run_failing_after_n_mails_and_retried_sends_every_mail_exactly_once(
    data: None, gagal_setelah: Any, n: int
) -> None:
    gagal_setelah(n)

    # Like the worker: the SMTP error triggers the task's autoretry, which eager mode runs at once.
    result = jp_peringatan_bulanan.apply(args=["2026-12-01"], throw=False).get()

    assert BackendGagalSekali.gagal == 1  # the first attempt really failed part-way
    assert penerima() == Counter(SEMUA)
    assert result["asn"] + result["operator"] == len(SEMUA) - n  # the retry sent only the rest
    assert PeringatanJp.objects.filter(tahun=2026, bulan=12).count() == len(SEMUA)


def test_a_retry_still_sends_operators_their_full_summary(data: None, gagal_setelah: Any) -> None:
    gagal_setelah(2)  # both ASN warned, then the server drops before the operators

    jp_peringatan_bulanan.apply(args=["2026-12-01"], throw=False).get()

    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Xaverius" in bodies["operator_a@example.go.id"]
    assert "Yohana" in bodies["operator_b@example.go.id"]


def test_a_second_run_in_the_same_month_sends_nothing(data: None) -> None:
    assert jp_peringatan_bulanan.delay("2026-11-01").get() == {"asn": 2, "operator": 2}
    assert penerima() == Counter(SEMUA)

    assert jp_peringatan_bulanan.delay("2026-11-20").get() == {"asn": 0, "operator": 0}
    assert penerima() == Counter(SEMUA)


def test_the_next_month_warns_again(data: None) -> None:
    jp_peringatan_bulanan.delay("2026-11-01").get()

    assert jp_peringatan_bulanan.delay("2026-12-01").get() == {"asn": 2, "operator": 2}
    assert penerima() == Counter(dict.fromkeys(SEMUA, 2))
    assert set(PeringatanJp.objects.values_list("bulan", flat=True)) == {11, 12}


def test_the_database_refuses_a_second_record_for_the_same_month(
    pegawai_x: Any, operator_a: Any
) -> None:
    PeringatanJp.objects.create(pegawai=pegawai_x, tahun=2026, bulan=11)
    PeringatanJp.objects.create(user=operator_a, tahun=2026, bulan=11)

    with pytest.raises(IntegrityError), transaction.atomic():
        PeringatanJp.objects.create(pegawai=pegawai_x, tahun=2026, bulan=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeringatanJp.objects.create(user=operator_a, tahun=2026, bulan=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeringatanJp.objects.create(pegawai=pegawai_x, user=operator_a, tahun=2026, bulan=12)
    PeringatanJp.objects.create(pegawai=pegawai_x, tahun=2026, bulan=12)


def test_the_admin_shows_the_log_read_only(pegawai_x: Any) -> None:
    catatan = PeringatanJp.objects.create(pegawai=pegawai_x, tahun=2026, bulan=11)
    client = Client()
    client.force_login(UserFactory(username="super", is_staff=True, is_superuser=True))

    changelist = client.get(reverse("admin:pelatihan_peringatanjp_changelist"))
    assert changelist.status_code == 200 and "Xaverius" in changelist.content.decode()
    assert client.get(reverse("admin:pelatihan_peringatanjp_add")).status_code == 403
    detail = client.post(
        reverse("admin:pelatihan_peringatanjp_change", args=[catatan.pk]),
        {"tahun": 2026, "bulan": 1},
    )
    assert detail.status_code == 403
    catatan.refresh_from_db()
    assert catatan.bulan == 11
    delete = client.post(
        reverse("admin:pelatihan_peringatanjp_delete", args=[catatan.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and PeringatanJp.objects.filter(pk=catatan.pk).exists()
