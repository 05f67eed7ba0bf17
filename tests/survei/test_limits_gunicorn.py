"""Issue 17 item 9 and the survey's network ceiling with real processes: gunicorn with two worker
processes, a Redis of the test's own for the counters, 20 concurrent clients. Each limit lets
exactly its setting through (before, DRF's read-append-write history let 13 of 20 pass at 10)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests
from django.urls import reverse

from survei.models import Respons
from tests import procs
from tests.survei.conftest import isian_api

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_clients_meet_each_limit_exactly(layanan_a) -> None:
    counters = procs.RedisServer().start()
    env = procs.web_env(
        REDIS_URL=counters.url(0),
        API_THROTTLE_ANON="10/hour",
        SURVEI_BATAS_JARINGAN="7/h",
    )
    port = procs.free_port()
    web = procs.start_gunicorn(env, port, workers=2)
    base = f"http://127.0.0.1:{port}"
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            reads = list(
                pool.map(
                    lambda _: requests.get(base + "/api/v1/survei/hasil/", timeout=60).status_code,
                    range(20),
                )
            )
        assert sorted(reads) == [200] * 10 + [429] * 10, reads

        # fresh counters: the answers below meet only the network ceiling
        redis.Redis(port=counters.port).flushall()
        url = f"{base}/api/v1/survei/unit-layanan/{layanan_a.kode}/respons/"
        with ThreadPoolExecutor(max_workers=20) as pool:
            sent = list(
                pool.map(
                    lambda _: requests.post(url, json=isian_api(), timeout=60).status_code,
                    range(20),
                )
            )
        # 7 pass the ceiling; the throttle (10/hour) is not reached before it
        assert sorted(sent) == [201] * 7 + [429] * 13, sent
        assert Respons.objects.count() == 7
    finally:
        procs.stop(web)
        counters.kill()


@pytest.mark.worker
def test_a_receipt_code_answer_during_a_broker_outage_gets_its_thank_you_page(layanan_a) -> None:
    """The receipt-code form with a suggestion while the broker is down: the thank-you page
    with the tracking code (the case is made in the request; the enqueue of the survey's
    follow-up task fails quietly and finds the case already there when it runs)."""
    from survei.partisipasi import services
    from survei.partisipasi.models import Kasus
    from tests.partisipasi.factories import isian_survei

    broker = procs.RedisServer().start()
    env = procs.web_env(CELERY_BROKER_URL=broker.url(2))
    port = procs.free_port()
    web = procs.start_gunicorn(env, port)
    try:
        kode = services.kode_issue(unit_layanan=layanan_a)
        browser = procs.Browser(f"http://127.0.0.1:{port}")
        url = reverse("partisipasi:kode_form", args=[kode.kode])
        assert browser.get(url).status_code == 200
        broker.kill()
        data = isian_survei(
            idempotency_key=browser.field("idempotency_key"),
            saran="Mohon sediakan kursi tunggu tambahan di loket.",
        )
        sent = browser.post(url, data)
        assert sent.status_code == 302, sent.text[:500]
        thanks = browser.get(sent.headers["Location"])
        kasus = Kasus.objects.get()
        assert thanks.status_code == 200 and kasus.kode_lacak in thanks.text
        assert Respons.objects.count() == 1 and kasus.respons == Respons.objects.get()
    finally:
        procs.stop(web)
        broker.kill()
