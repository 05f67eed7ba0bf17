from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from asn_portal.celery import app as celery_app
from asn_portal.tasks import bersihkan_sesi

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A Celery worker process on the configured broker, sharing the test database."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
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
        cwd=ROOT,
        env=env,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_session_cleanup(real_worker):
    expired = timezone.now() - dt.timedelta(days=1)
    Session.objects.create(
        session_key="kedaluwarsa" + "x" * 20, session_data="{}", expire_date=expired
    )
    Session.objects.create(
        session_key="masihberlaku" + "x" * 20,
        session_data="{}",
        expire_date=timezone.now() + dt.timedelta(days=1),
    )

    result = bersihkan_sesi.apply_async()
    assert result.get(timeout=90) == 1

    assert list(Session.objects.values_list("session_key", flat=True)) == [
        "masihberlaku" + "x" * 20
    ]
    assert real_worker.poll() is None  # the worker is still alive: it was a real process


def test_beat_schedule_for_session_cleanup_is_created_by_migration(db):
    from django.apps import apps as django_apps
    from django_celery_beat.models import PeriodicTask

    # Called directly: a transactional test elsewhere may have flushed what migrate created.
    migration = importlib.import_module("asn_portal.migrations.0002_jadwal_bersihkan_sesi")
    PeriodicTask.objects.filter(task="asn_portal.bersihkan_sesi").delete()
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)
    task = PeriodicTask.objects.get(task="asn_portal.bersihkan_sesi")
    assert task.enabled
    assert task.crontab.hour == "1"
