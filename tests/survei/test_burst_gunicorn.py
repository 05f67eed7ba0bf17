"""A burst of public survey submissions through a real gunicorn (several worker processes, real
HTTP) from concurrent clients: every accepted response is stored exactly once, counted after."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connection

from survei.models import Respons
from survei.selectors import kuesioner_aktif
from tests.survei.conftest import isian

SUBMISSIONS = int(os.environ.get("BURST_SUBMISSIONS", "600"))
CLIENTS = 20
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def gunicorn(settings: Any) -> Iterator[str]:
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "true",  # plain HTTP on 127.0.0.1: no HTTPS redirect, no secure-only cookies
        # Every client shares 127.0.0.1: this test is about storing, not the per-network ceiling.
        "SURVEI_BATAS_JARINGAN": "1000000/h",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "asn_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(base + "/survei/", timeout=20)
                break
            except requests.RequestException:
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _submit(url: str) -> tuple[int, str]:
    """One citizen: a fresh browser (cookies) opens the form and sends it once."""
    with requests.Session() as session:
        page = session.get(url, timeout=60)
        match = KEY.search(page.text)
        assert match, page.status_code
        data = isian(idempotency_key=match.group(1))
        data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
        response = session.post(
            url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=60
        )
        return response.status_code, match.group(1)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_burst_through_gunicorn_stores_every_accepted_response_once(gunicorn, layanan_a):
    kuesioner_aktif()
    url = f"{gunicorn}/survei/{layanan_a.kode}/"
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(lambda _: _submit(url), range(SUBMISSIONS)))
    elapsed = time.monotonic() - started
    accepted = {key for status, key in results if status == 302}
    statuses = sorted({status for status, _ in results})
    assert statuses == [302], statuses  # no 5xx, and no citizen refused
    assert len(accepted) == SUBMISSIONS
    stored = Respons.objects.filter(unit_layanan=layanan_a)
    assert stored.count() == SUBMISSIONS  # rows lost: 0, duplicates: 0
    assert stored.values("idempotency_key").distinct().count() == SUBMISSIONS
    print(f"burst: {SUBMISSIONS} submissions from {CLIENTS} clients in {elapsed:.1f} s")
