"""Issue 17, throughput of the public survey: the queries of one public POST, and the cached
questionnaire following every committed change (real PostgreSQL and Redis, real commits)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from survei import services
from survei.models import PertanyaanUnsur, Respons
from survei.selectors import kuesioner_aktif
from tests.survei.conftest import isian, isian_api

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# BEGIN; INSERT response; COMMIT, as the bare insert (the unit and the questionnaire come from the
# cache; a citizen's own answer has no audit entry, see the last test)
QUERIES_PER_POST = 3


@pytest.fixture
def broker() -> Any:
    """The follow-up task goes to the real broker (as in production), not run in the request."""
    from asn_portal.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True
    app.control.purge()


def _form_post(client: Client, kode: str, *, count: list[str] | None = None) -> Any:
    client.cookies.pop("skm_perangkat", None)  # a new device each time
    key = client.get(reverse("survei:form", args=[kode])).context["form"].initial
    data = isian(idempotency_key=key["idempotency_key"].hex, saran="Antrean lama")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("survei:form", args=[kode]), data, REMOTE_ADDR="10.1.2.3")
    if count is not None:
        count.extend(q["sql"] for q in queries.captured_queries)
    return response


def _form_page(client: Client, kode: str) -> str:
    client.cookies.pop("skm_perangkat", None)
    return str(client.get(reverse("survei:form", args=[kode])).content.decode())


def _api_post(kode: str) -> Any:
    body = isian_api(saran="Antrean lama", idempotency_key=str(uuid.uuid4()))
    return Client().post(
        f"/api/v1/survei/unit-layanan/{kode}/respons/",
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR="10.1.2.4",
    )


def _queries_of(send: Any) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code in (201, 302), response.content
    return [q["sql"] for q in queries.captured_queries]


def test_the_form_and_api_posts_make_three_queries_with_every_guarantee(layanan_a, broker) -> None:
    client = Client()
    _form_post(client, layanan_a.kode)  # the questionnaire is read once, then cached
    sql: list[str] = []
    assert _form_post(client, layanan_a.kode, count=sql).status_code == 302
    assert len(sql) == QUERIES_PER_POST, sql
    assert not any("survei_kuesioner" in q or "survei_pertanyaanunsur" in q for q in sql)
    assert not any("survei_unitlayanan" in q for q in sql)
    assert not any("auditlog_logentry" in q for q in sql)

    _api_post(layanan_a.kode)
    sql = _queries_of(lambda: _api_post(layanan_a.kode))
    assert len(sql) == QUERIES_PER_POST, sql
    assert not any("survei_kuesioner" in q or "survei_unitlayanan" in q for q in sql)
    assert Respons.objects.count() == 4


def test_the_next_post_sees_a_new_version_an_edited_question_never_a_rolled_back_one(
    layanan_a,
) -> None:
    client = Client()
    assert _form_post(client, layanan_a.kode).status_code == 302
    v1 = kuesioner_aktif()

    with pytest.raises(RuntimeError), transaction.atomic():
        batal = services.kuesioner_versi_create(dasar=v1)
        assert kuesioner_aktif().pk == batal.pk  # its own transaction sees it, uncached
        raise RuntimeError
    assert kuesioner_aktif().pk == v1.pk
    assert _form_post(client, layanan_a.kode).status_code == 302

    v2 = services.kuesioner_versi_create(
        dasar=v1, perubahan={"U1": {"pertanyaan": "Apakah persyaratannya jelas?"}}
    )
    html = _form_page(client, layanan_a.kode)
    assert "Apakah persyaratannya jelas?" in html
    assert _form_post(client, layanan_a.kode).status_code == 302
    assert _api_post(layanan_a.kode).status_code == 201
    assert list(Respons.objects.order_by("id").values_list("kuesioner_id", flat=True)) == [
        v1.pk,
        v1.pk,
        v2.pk,
        v2.pk,
    ]

    pertanyaan = PertanyaanUnsur.objects.get(kuesioner=v2, kode="U3")
    pertanyaan.pertanyaan = "Seberapa cepat layanan selesai?"
    pertanyaan.save()  # as the admin's inline does
    assert "Seberapa cepat layanan selesai?" in _form_page(client, layanan_a.kode)


def test_the_next_post_sees_a_changed_or_closed_unit_never_a_rolled_back_change(
    layanan_a,
) -> None:
    """The service unit comes from the cache too: a committed change (as the admin saves it)
    reaches the next POST of the form and of the API; a rolled-back one never does."""
    client = Client()
    assert _form_post(client, layanan_a.kode).status_code == 302  # cached from here on

    with pytest.raises(_Rollback), transaction.atomic():
        layanan_a.jenis_layanan = ["Kartu keluarga"]
        layanan_a.save()
        raise _Rollback
    assert _form_post(client, layanan_a.kode).status_code == 302  # "KTP elektronik" still valid

    layanan_a.refresh_from_db()
    layanan_a.jenis_layanan = ["Kartu keluarga"]
    layanan_a.save()
    response = _form_post(client, layanan_a.kode)  # the form still offers "KTP elektronik"
    assert response.status_code == 400
    assert "Pilih jenis layanan dari daftar." in response.content.decode()
    assert _api_post(layanan_a.kode).status_code == 400

    layanan_a.aktif = False
    layanan_a.save()
    data = isian(idempotency_key=uuid.uuid4().hex)
    assert client.post(reverse("survei:form", args=[layanan_a.kode]), data).status_code == 404
    assert _api_post(layanan_a.kode).status_code == 404
    assert Respons.objects.count() == 2


def test_a_change_committed_by_another_process_reaches_this_one_within_the_check_interval(
    layanan_a, monkeypatch
) -> None:
    from django.core.cache import cache

    from survei import selectors

    monkeypatch.setattr(selectors, "PUBLIK_CEK_DETIK", 0.2)
    client = Client()
    assert _form_post(client, layanan_a.kode).status_code == 302  # this process's copy
    # Another web process closes the unit: its row, then its commit hook raises the generation.
    type(layanan_a).objects.filter(pk=layanan_a.pk).update(aktif=False)
    cache.incr(selectors.PUBLIK_GENERASI)
    time.sleep(0.25)
    data = isian(idempotency_key=uuid.uuid4().hex)
    assert client.post(reverse("survei:form", args=[layanan_a.kode]), data).status_code == 404
    assert _api_post(layanan_a.kode).status_code == 404


class _Rollback(Exception):
    pass


def test_a_questionnaire_created_in_a_rolled_back_transaction_is_never_served() -> None:
    """The first read creates the regulation's questionnaire; if its transaction rolls back,
    neither the shared cache nor the process keeps a version that no longer exists."""
    from survei.models import Kuesioner

    Respons.objects.all().delete()
    Kuesioner.objects.all().delete()
    with pytest.raises(_Rollback), transaction.atomic():
        hilang = kuesioner_aktif().pk
        raise _Rollback
    assert not Kuesioner.objects.filter(pk=hilang).exists()
    sekarang = kuesioner_aktif()
    assert sekarang.pk != hilang
    assert Kuesioner.objects.filter(pk=sekarang.pk, aktif=True).exists()
    assert kuesioner_aktif().pk == sekarang.pk  # and that committed one is cached as usual


def test_the_audit_trail_keeps_what_staff_do_not_a_copy_of_each_citizen_answer(
    layanan_a, operator_a
) -> None:
    """A citizen's answer is recorded by its row; a paper entry by staff is audited with its
    actor, and so is every later change or deletion of any response."""
    from auditlog.context import set_actor
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    assert _form_post(Client(), layanan_a.kode).status_code == 302
    assert _api_post(layanan_a.kode).status_code == 201
    warga = list(Respons.objects.order_by("pk"))
    assert len(warga) == 2
    assert not LogEntry.objects.get_for_objects(Respons.objects.all()).exists()

    with set_actor(operator_a):  # as the middleware does for a signed-in operator
        kertas = services.respons_submit(
            unit_layanan=layanan_a,
            data=isian_api(idempotency_key=None),
            idempotency_key=uuid.uuid4(),
            sumber="kertas",
            user=operator_a,
        ).respons
    entri = LogEntry.objects.get_for_object(kertas).get()
    assert (entri.action, entri.actor) == (LogEntry.Action.CREATE, operator_a)

    nomor = [str(r.pk) for r in warga]
    warga[0].saran = "Diubah petugas"
    warga[0].save()
    warga[1].delete()
    tindakan = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Respons),
        object_pk__in=nomor,
    ).values_list("action", flat=True)
    assert sorted(tindakan) == [LogEntry.Action.UPDATE, LogEntry.Action.DELETE]


def _pesan_di_antrean() -> list[dict[str, Any]]:
    """The messages waiting in the real broker's default queue (their headers)."""
    import redis
    from django.conf import settings

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return [json.loads(raw)["headers"] for raw in broker.lrange("celery", 0, -1)]


def test_a_burst_of_suggestions_wakes_the_case_sweep_once_and_every_one_gets_its_case(
    layanan_a, broker, settings
) -> None:
    """One message per window and process instead of one per answer; it runs after the window,
    so it finds every suggestion committed in it; an answer after the window wakes it again."""
    from asn_portal import jobs
    from survei.partisipasi.models import Kasus
    from survei.partisipasi.tasks import kasus_dari_saran_sweep

    settings.PARTISIPASI_KASUS_BANGUN_DETIK = 1
    jobs._sweep_woken_until.clear()
    client = Client()
    for _ in range(5):
        assert _form_post(client, layanan_a.kode).status_code == 302
    assert _api_post(layanan_a.kode).status_code == 201
    pesan = _pesan_di_antrean()
    assert [p["task"] for p in pesan] == [kasus_dari_saran_sweep.name]
    assert pesan[0]["eta"] is not None  # runs after the window it covers

    time.sleep(1.1)
    assert _form_post(client, layanan_a.kode).status_code == 302
    assert [p["task"] for p in _pesan_di_antrean()] == [kasus_dari_saran_sweep.name] * 2

    assert Kasus.objects.count() == 0  # made by the sweep, not in the request
    assert kasus_dari_saran_sweep(hari=1) == 7  # what the woken worker runs
    assert Kasus.objects.filter(respons__isnull=False).count() == Respons.objects.count() == 7
