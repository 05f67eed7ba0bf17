"""Throughput of the public survey through gunicorn (issue 17): the form's POST and the API
against a bare view inserting one row, on the same stack.

Starts gunicorn (``--workers``, default 2, sync, DEBUG off) on the configured database with the
bench's own settings (``bench/bench_survei_settings.py``: the site's URLs plus the bare view of
``bench/bench_survei_urls.py``, never in production), then runs ``--clients`` (default 20)
client *processes* at once, each sending ``--per-client`` requests one after the other, for:

* **form**: ``POST /survei/<kode>/`` as a citizen's browser sends it (CSRF cookie and token,
  an idempotency key of a freshly opened form, no device cookie yet: every answer is a new
  device), with a suggestion, so the follow-up case is enqueued; 302 to the thank-you page;
* **api**: ``POST /api/v1/survei/unit-layanan/<kode>/respons/`` (JSON, a new device each time);
* **bare**: ``POST /bench/bare/``, one ``INSERT`` of the same row and nothing else.

The three alternate ``--repeat`` times; it prints each run's rate and p50, the medians and the
ratios form/bare and api/bare. The network ceiling and the API's anonymous throttle are raised
for the run (every client is 127.0.0.1); their counters still run. The rows it adds are deleted
afterwards. ``--profile`` instead runs the form's POST in-process under cProfile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_bench \\
        .venv/bin/python bench/bench_survei_http.py --repeat 3
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

SECRET = "bench-" + "s" * 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SARAN = "Antrean di loket dua terlalu lama, mohon ditambah petugas."


@dataclass
class Putaran:
    jenis: str
    rate: float
    p50_ms: float
    ok: int
    gagal: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _gunicorn(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_survei_settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", SECRET),
        "SECURE_SSL_REDIRECT": "false",
        "SURVEI_BATAS_JARINGAN": "100000000/h",
        "API_THROTTLE_ANON": "100000000/min",
        "DATABASE_CONN_MAX_AGE": "60",
        "VAR_DIR": str(ROOT / "var" / "bench-survei-http"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), os.environ.get("PYTHONPATH", "")]),
    }
    if not (ROOT / "var" / "bench-survei-http" / "staticfiles" / "staticfiles.json").exists():
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    process = subprocess.Popen(  # noqa: S603
        [
            *[sys.executable, "-m", "gunicorn", "asn_portal.wsgi:application"],
            *["--pythonpath", str(ROOT / "bench"), "-b", f"127.0.0.1:{port}"],
            *["-w", str(workers), "--timeout", "60", "--log-level", "warning", "--preload"],
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def _request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
        return response.status, {"set-cookie": "\n".join(cookies)}, data
    finally:
        conn.close()


def _form_body(unit: dict[str, Any], csrf: str) -> bytes:
    data = {
        **{f"u{i}": "3" for i in range(1, 10)},
        "umur": "34",
        "jenis_kelamin": "P",
        "pendidikan": "sma",
        "pekerjaan": "wirausaha",
        "jenis_layanan": unit["jenis_layanan"],
        "tanggal_layanan": unit["hari_ini"],
        "saran": SARAN,
        "idempotency_key": str(uuid.uuid4()),
        "csrfmiddlewaretoken": csrf,
        "situs_web": "",
    }
    return urllib.parse.urlencode(data).encode()


def _client(args: tuple[str, int, dict[str, Any], int, Any]) -> tuple[list[float], int, int]:
    jenis, port, unit, n, start_at = args
    latencies: list[float] = []
    ok = bad = 0
    headers: dict[str, str] = {}
    csrf = ""
    if jenis == "form":  # the browser opened the form once: CSRF cookie and token
        status, head, page = _request(port, "GET", f"/survei/{unit['kode']}/")
        match = CSRF_FIELD.search(page.decode())
        cookie = re.search(r"csrftoken=([^;]+)", head["set-cookie"])
        if status != 200 or match is None or cookie is None:
            raise SystemExit(f"form did not open: {status}")
        csrf = match.group(1)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1)}",
        }
    while time.time() < start_at:
        time.sleep(0.001)
    for _ in range(n):
        if jenis == "form":
            path, body, want = f"/survei/{unit['kode']}/", _form_body(unit, csrf), 302
        elif jenis == "api":
            path, want = f"/api/v1/survei/unit-layanan/{unit['kode']}/respons/", 201
            body = json.dumps(
                {
                    "jawaban": {f"U{i}": 3 for i in range(1, 10)},
                    "umur": 34,
                    "jenis_kelamin": "P",
                    "pendidikan": "sma",
                    "pekerjaan": "wirausaha",
                    "jenis_layanan": unit["jenis_layanan"],
                    "tanggal_layanan": unit["hari_ini"],
                    "saran": SARAN,
                    "idempotency_key": str(uuid.uuid4()),
                }
            ).encode()
            headers = {"Content-Type": "application/json"}
        else:
            path, want = "/bench/bare/", 201
            body = urllib.parse.urlencode(
                {
                    "unit_layanan_id": unit["pk"],
                    "kuesioner_id": unit["kuesioner_id"],
                    "jenis_layanan": unit["jenis_layanan"],
                    "saran": SARAN,
                }
            ).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        status, _head, _data = _request(port, "POST", path, body, headers)
        latencies.append((time.perf_counter() - started) * 1000)
        if status == want:
            ok += 1
        else:
            bad += 1
    return latencies, ok, bad


def _run(
    pool: Any, jenis: str, port: int, unit: dict[str, Any], clients: int, per_client: int
) -> Putaran:
    start_at = time.time() + 1.0
    results = pool.map(_client, [(jenis, port, unit, per_client, start_at)] * clients)
    elapsed = time.time() - start_at
    latencies = [x for lat, _ok, _bad in results for x in lat]
    ok = sum(r[1] for r in results)
    bad = sum(r[2] for r in results)
    # The clients' own set-up (opening the form once) happens before start_at.
    return Putaran(jenis, ok / elapsed, statistics.median(latencies), ok, bad)


def _unit() -> dict[str, Any]:
    import django

    django.setup()
    from django.utils import timezone

    from survei.models import UnitLayanan
    from survei.selectors import kuesioner_aktif

    unit = UnitLayanan.objects.filter(aktif=True).order_by("pk").first()
    if unit is None:
        raise SystemExit("no active UnitLayanan: run manage.py generate_data --scale tiny first")
    return {
        "pk": unit.pk,
        "kode": unit.kode,
        "kuesioner_id": kuesioner_aktif().pk,
        "jenis_layanan": (unit.jenis_layanan or ["Layanan umum"])[0],
        "hari_ini": timezone.localdate().isoformat(),
    }


def _cleanup(since: Any) -> int:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from survei.models import Respons

    ids = list(Respons.objects.filter(created_at__gte=since).values_list("pk", flat=True))
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Respons), timestamp__gte=since
    ).delete()
    Respons.objects.filter(pk__in=ids).delete()
    try:
        from asn_portal.celery import app

        app.control.purge()  # the follow-up messages no worker of the bench will read
    except Exception:  # noqa: BLE001, S110 - a broker that is down holds no messages
        pass
    return len(ids)


def profile(unit: dict[str, Any], n: int) -> None:
    """The form's POST in-process under cProfile (DEBUG off, the same middleware)."""
    import cProfile
    import pstats

    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(f"/survei/{unit['kode']}/")
    csrf = CSRF_FIELD.search(page.content.decode())
    assert csrf is not None, page.status_code
    client_csrf = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client_csrf.cookies = client.cookies
    with override_settings(
        SURVEI_BATAS_JARINGAN="100000000/h",
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    ):

        def one() -> None:
            client_csrf.cookies.pop("skm_perangkat", None)
            response = client_csrf.post(  # urlencoded, as the browser (and the run) sends it
                f"/survei/{unit['kode']}/",
                _form_body(unit, csrf.group(1)),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code == 302, response.status_code

        for _ in range(20):
            one()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            one()
        profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
    stats.print_stats(45)


def main(argv: list[str] | None = None) -> list[Putaran]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["bare", "form", "api"])
    parser.add_argument("--profile", type=int, default=0, help="cProfile N form POSTs instead")
    args = parser.parse_args(argv)

    unit = _unit()
    from django.utils import timezone

    since = timezone.now()
    if args.profile:
        try:
            profile(unit, args.profile)
        finally:
            _cleanup(since)
        return []
    port = _free_port()
    server = _gunicorn(port, args.workers)
    runs: list[Putaran] = []
    ctx = multiprocessing.get_context("spawn")
    try:
        with ctx.Pool(args.clients) as pool:
            for jenis in args.only:  # warm-up: connections, imports, caches of both workers
                _run(pool, jenis, port, unit, args.clients, 5)
            for _ in range(args.repeat):
                for jenis in args.only:
                    hasil = _run(pool, jenis, port, unit, args.clients, args.per_client)
                    runs.append(hasil)
                    print(
                        f"{jenis:<5} {hasil.rate:8.1f}/s  p50 {hasil.p50_ms:6.1f} ms  "
                        f"ok {hasil.ok}  gagal {hasil.gagal}",
                        flush=True,
                    )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        print(f"rows removed afterwards: {_cleanup(since)}")
    median = {
        j: (
            statistics.median(r.rate for r in runs if r.jenis == j),
            statistics.median(r.p50_ms for r in runs if r.jenis == j),
        )
        for j in args.only
    }
    print(
        f"gunicorn {args.workers} workers, {args.clients} client processes, "
        f"{args.per_client} requests each, medians of {args.repeat}:"
    )
    for j, (rate, p50) in median.items():
        line = f"  {j:<5} {rate:8.1f}/s  p50 {p50:6.1f} ms"
        if "bare" in median and j != "bare":
            line += f"  ratio to bare {rate / median['bare'][0]:.2f}x"
        print(line)
    return runs


if __name__ == "__main__":
    main()
