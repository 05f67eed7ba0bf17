"""Shared fixtures: the personas every permission test uses, and service gating.

Tests marked ``postgres``, ``redis``, ``worker`` or ``browser`` need a real PostgreSQL server, a
Redis server, both (a worker process shares the test database) or the system Chromium. They run
whenever those are configured and are skipped with the reason otherwise; with
``ASN_REQUIRE_SERVICES=1`` (set by .ci/run) a missing service fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery._state import _set_task_join_will_block
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from asn_portal.publik import peta_lupakan
from asn_portal.roles import ADMIN_BKD, ASN, OPERATOR_OPD, VERIFIKATOR
from jabatan.instansi import instansi_bawaan_lupakan
from survei.selectors import publik_cache_lupakan
from tests.factories import (
    FormasiFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
    UserFactory,
    grant_unit,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests (hypothesis): "ci" keeps each property well under 20 s on a shared
# 2-core machine; HYPOTHESIS_PROFILE=deep tries thirty times as many inputs.
hypothesis_settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "deep", parent=hypothesis_settings.get_profile("ci"), max_examples=3000
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _redis_available() -> tuple[bool, str]:
    url = os.environ.get("REDIS_URL") or ""
    if not url.startswith("redis"):
        return False, "REDIS_URL tidak diatur (redis://...)"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        return False, f"Redis di {url} tidak menjawab: {exc}"
    return True, ""


def _service_missing(marker: str) -> str | None:
    if marker in ("postgres", "worker") and connection.vendor != "postgresql":
        return "memerlukan PostgreSQL: atur DATABASE_URL=postgres://..."
    if marker in ("redis", "worker"):
        ok, why = _redis_available()
        if not ok:
            return why
        if marker == "worker" and not settings.CELERY_BROKER_URL.startswith("redis"):
            return "memerlukan broker Redis: atur CELERY_BROKER_URL=redis://..."
    if marker == "browser" and not shutil.which(CHROMIUM):
        return f"memerlukan Chromium di {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("postgres", "redis", "worker", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _service_missing(marker)
        if reason is None:
            continue
        if os.environ.get("ASN_REQUIRE_SERVICES") == "1":
            pytest.fail(f"layanan wajib tidak tersedia ({marker}): {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    publik_cache_lupakan()  # and this process's copies of what the cache held
    instansi_bawaan_lupakan()  # a flushed database has another first instansi, or none
    peta_lupakan()  # this process's copy of the instansi's slugs and hosts
    yield
    cache.clear()
    publik_cache_lupakan()
    peta_lupakan()
    # Eager tasks run inside celery.result.denied_join_result(), which saves and restores one
    # process-wide flag; tasks run eagerly in several threads at once (the burst tests) can leave
    # it set, and every later `.get()` of the session would then refuse to block.
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True, scope="session")
def _celery_eager() -> Iterator[None]:
    from asn_portal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def real_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process on the configured broker, sharing the test database and
    media folder (tests using it are marked ``worker``). It starts on an empty queue: what
    earlier tests' servers published (a gunicorn burst's follow-up tasks, say) is theirs."""
    from asn_portal.celery import app

    app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": settings.SITE_URL,
    }
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "asn_portal",
            "worker",
            "-l",
            "warning",
            "--pool",
            "solo",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
    )
    app.conf.task_always_eager = False
    try:
        yield process
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# Every page a browser test opens reports Content-Security-Policy violations to the console;
# injected through the DevTools protocol, so the policy under test does not block it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP-VIOLATION ${e.violatedDirective} blocked=${e.blockedURI} `
    + `at ${e.sourceFile}:${e.lineNumber} sample=${e.sample}`);
});
"""


def _is_csp_violation(text: str) -> bool:
    return text.startswith("CSP-VIOLATION") or "Content Security Policy" in text


@pytest.fixture(autouse=True)
def _no_csp_violations(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Browser tests fail on any CSP violation on any page of any context they open."""
    violations: list[str] = []
    if request.node.get_closest_marker("browser") is None or _service_missing("browser"):
        yield violations
        return
    browser = request.getfixturevalue("browser")
    original = browser.new_context

    def new_context(*args: Any, **kwargs: Any) -> Any:
        context = original(*args, **kwargs)
        context.add_init_script(CSP_LISTENER)
        context.on(
            "console",
            lambda message: (
                violations.append(f"{message.page.url if message.page else '?'}: {message.text}")
                if _is_csp_violation(message.text)
                else None
            ),
        )
        return context

    browser.new_context = new_context
    try:
        yield violations
    finally:
        browser.new_context = original
    if violations:
        pytest.fail("pelanggaran Content-Security-Policy:\n" + "\n".join(violations), pytrace=False)


# --- personas -----------------------------------------------------------------------------------


def _with_role(user: Any, role: str) -> Any:
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def unit_a(db: None) -> Any:
    """An OPD with a bidang and a seksi beneath it."""
    opd = UnitOrganisasiFactory(kode="A", nama="Dinas A", jenis="opd")
    bidang = UnitOrganisasiFactory(parent=opd, kode="A.1", nama="Bidang A1", jenis="bidang")
    UnitOrganisasiFactory(parent=bidang, kode="A.1.1", nama="Seksi A11", jenis="seksi")
    opd.refresh_from_db()
    return opd


@pytest.fixture
def unit_b(db: None) -> Any:
    opd = UnitOrganisasiFactory(kode="B", nama="Dinas B", jenis="opd")
    UnitOrganisasiFactory(parent=opd, kode="B.1", nama="Bidang B1", jenis="bidang")
    opd.refresh_from_db()
    return opd


@pytest.fixture
def admin_bkd(db: None) -> Any:
    return _with_role(UserFactory(username="admin_bkd", is_staff=True), ADMIN_BKD)


@pytest.fixture
def verifikator(db: None) -> Any:
    return _with_role(UserFactory(username="verifikator", is_staff=True), VERIFIKATOR)


@pytest.fixture
def operator_a(unit_a: Any) -> Any:
    user = _with_role(UserFactory(username="operator_a", is_staff=True), OPERATOR_OPD)
    grant_unit(user, unit_a)
    return user


@pytest.fixture
def operator_b(unit_b: Any) -> Any:
    user = _with_role(UserFactory(username="operator_b", is_staff=True), OPERATOR_OPD)
    grant_unit(user, unit_b)
    return user


@pytest.fixture
def asn_x(unit_a: Any) -> Any:
    """An ASN of unit A with a portal account."""
    user = _with_role(UserFactory(username="asn_x"), ASN)
    pegawai = PegawaiFactory(user=user, nama="Xaverius")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=FormasiFactory(unit=unit_a))
    return user


@pytest.fixture
def asn_y(unit_b: Any) -> Any:
    user = _with_role(UserFactory(username="asn_y"), ASN)
    pegawai = PegawaiFactory(user=user, nama="Yohana")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=FormasiFactory(unit=unit_b))
    return user


def client_for(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def burst(jobs: list[Callable[[], object]]) -> list[object]:
    """Start every job at the same instant, each in its own thread with its own database
    connection; return each job's result or the exception it raised (races on PostgreSQL)."""
    results: list[object] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = jobs[index]()
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
