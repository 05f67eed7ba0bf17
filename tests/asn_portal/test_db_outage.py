"""Issue 17 item 7: a database partition never hangs the site.

gunicorn (DEBUG off) talks to PostgreSQL through a TCP proxy the test controls. Frozen (a
partition: connections stay open, nothing gets through) and cut (refused): ``/healthz`` answers
503 within 2 s, pages answer the Indonesian 503 page within the client deadline, and when the
proxy heals the site answers 200 again without a restart.
"""

from __future__ import annotations

import time

import pytest
import requests
from django.db import connection

from tests import procs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _timed(url: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.get(url, timeout=60, allow_redirects=False)
    return response, time.monotonic() - started


def test_healthz_and_pages_answer_503_during_a_partition_and_recover_by_themselves() -> None:
    db = connection.settings_dict
    proxy = procs.TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    env = procs.web_env(
        DATABASE_URL=f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        DATABASE_CONNECT_TIMEOUT="1",
        DATABASE_CLIENT_TIMEOUT="2",
    )
    port = procs.free_port()
    web = procs.start_gunicorn(env, port, workers=2)
    base = f"http://127.0.0.1:{port}"
    try:
        assert requests.get(f"{base}/survei/", timeout=90).status_code == 200  # warm, connected
        assert requests.get(f"{base}/healthz", timeout=90).status_code in (200, 503)

        proxy.freeze()
        health, took = _timed(f"{base}/healthz")
        assert health.status_code == 503 and health.json()["database"]["ok"] is False
        assert took < 2.0, f"/healthz took {took:.1f} s"
        # Before: the page waited until gunicorn killed the worker at 30 s.
        page, took = _timed(f"{base}/survei/")
        assert page.status_code == 503, page.text[:300]
        assert "Layanan sementara tidak tersedia" in page.text
        assert "Basis data ASN Portal sedang tidak dapat dihubungi" in page.text
        assert page.headers["Retry-After"]
        assert took < 10, f"page took {took:.1f} s"

        proxy.cut()  # refused: the same clear answer (before: "Server Error (500)" in English)
        page, took = _timed(f"{base}/survei/")
        assert page.status_code == 503 and "Layanan sementara tidak tersedia" in page.text
        assert took < 10, f"page took {took:.1f} s"

        proxy.resume()
        healed = procs.wait_for(
            lambda: requests.get(f"{base}/survei/", timeout=30).status_code == 200,
            30,
            "the site to answer again",
            every=0.5,
        )
        assert healed
        assert requests.get(f"{base}/healthz", timeout=30).json()["database"]["ok"] is True
        assert web.poll() is None  # no restart was needed
    finally:
        procs.stop(web)
        proxy.close()
